using ConversationExport.Engine.Export;
using ConversationExport.Engine.Security;
using static ConversationExport.Engine.Catalog.DbExtensions;

namespace ConversationExport.Engine.Catalog;

/// <summary>
/// Export templates (SPEC §7): named task settings without the task's name, enabled state and secrets.
/// Loading one copies its values; a task keeps no reference to them. Every change is audited.
/// </summary>
public sealed class TemplateCatalog
{
    private readonly ConversationCatalog _catalog;
    private readonly CallerIdentity _caller;
    private readonly TaskCatalog _tasks;

    public TemplateCatalog(ConversationCatalog catalog, CallerIdentity caller)
    {
        _catalog = catalog;
        _caller = caller;
        _tasks = new TaskCatalog(catalog, caller);
    }

    /// <summary>What a template keeps of a task's settings: everything but the password and what only ad-hoc exports have.</summary>
    public static ExportSettings Strip(ExportSettings settings) => settings with { ProtectedPassword = null, Selection = null, Destination = null };

    /// <summary>
    /// A task's settings after loading <paramref name="template"/>: every value the template holds replaces the
    /// task's; the task's stored password stays only while the template's archive method still encrypts.
    /// </summary>
    public static ExportSettings Load(ExportSettings task, ExportSettings template) =>
        Strip(template) with
        {
            ProtectedPassword = template.ArchiveMethod is ArchiveMethod.ZipCrypto or ArchiveMethod.Aes256 ? task.ProtectedPassword : null,
        };

    // Changing templates is ManageTemplates (an administrator's permission); reading them is any user's.
    private AccessCatalog Access => new(_catalog, _caller);

    public ExportTemplate Add(string name, string? description, ExportSettings settings)
    {
        Access.Demand(ExportPermission.ManageTemplates, "NewExportTemplate", name);
        ValidateName(name);
        if (Find(name) is { } existing)
            throw new ConversationExportException(ErrorId.ExportTemplateExists, ErrorKind.InvalidArgument,
                $"An export template named '{existing.Template.Name}' already exists (names are compared without regard to case). Use Set-ExportTemplate to change it, or choose another name.", name);
        ExportValidator.ValidateTemplate(settings, _tasks);
        _catalog.WriteUnit($"NewExportTemplate '{name}'", () =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = _catalog.BeginWrite(connection);
            using var command = Command(connection, transaction, """
                INSERT INTO export_template (name, description, settings, created_utc, created_by, modified_utc, modified_by)
                VALUES (@n, @d, @s, @t, @b, @t, @b)
                """);
            command.AddParameter("@n", name);
            command.AddParameter("@d", NullIfEmpty(description));
            command.AddParameter("@s", settings.ToJson());
            command.AddParameter("@t", DateTime.UtcNow.ToUnixMilliseconds());
            command.AddParameter("@b", _caller.Name);
            command.ExecuteNonQuery();
            _catalog.Audit(connection, _caller, "NewExportTemplate", name, Describe(settings), transaction);
            transaction.Commit();
            return 0;
        });
        return Get(name).Template;
    }

    /// <param name="description">null keeps the description, "" removes it.</param>
    public ExportTemplate Update(string name, string? description, ExportSettings settings, string? newName = null)
    {
        Access.Demand(ExportPermission.ManageTemplates, "SetExportTemplate", name);
        var existing = Get(name);
        if (newName is not null && !string.Equals(newName, existing.Template.Name, StringComparison.OrdinalIgnoreCase))
        {
            ValidateName(newName);
            if (Find(newName) is not null)
                throw new ConversationExportException(ErrorId.ExportTemplateExists, ErrorKind.InvalidArgument,
                    $"An export template named '{newName}' already exists; choose another -NewName.", newName);
        }
        ExportValidator.ValidateTemplate(settings, _tasks);
        _catalog.WriteUnit($"SetExportTemplate '{existing.Template.Name}'", () =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = _catalog.BeginWrite(connection);
            using var command = Command(connection, transaction,
                "UPDATE export_template SET name = @n, description = @d, settings = @s, modified_utc = @t, modified_by = @b WHERE id = @id");
            command.AddParameter("@n", newName ?? existing.Template.Name);
            command.AddParameter("@d", description is null ? existing.Template.Description : NullIfEmpty(description));
            command.AddParameter("@s", settings.ToJson());
            command.AddParameter("@t", DateTime.UtcNow.ToUnixMilliseconds());
            command.AddParameter("@b", _caller.Name);
            command.AddParameter("@id", existing.Template.Id);
            command.ExecuteNonQuery();
            var renamed = newName is not null && newName != existing.Template.Name ? $"renamed to {newName}; " : "";
            _catalog.Audit(connection, _caller, "SetExportTemplate", existing.Template.Name, renamed + Describe(settings), transaction);
            transaction.Commit();
            return 0;
        });
        return Get(newName ?? existing.Template.Name).Template;
    }

    /// <summary>Tasks made from the template keep their copied values: nothing refers to the row that goes.</summary>
    public void Remove(string name)
    {
        Access.Demand(ExportPermission.ManageTemplates, "RemoveExportTemplate", name);
        var template = Get(name).Template;
        _catalog.WriteUnit($"RemoveExportTemplate '{template.Name}'", () =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = _catalog.BeginWrite(connection);
            using var command = Command(connection, transaction, "DELETE FROM export_template WHERE id = @id");
            command.AddParameter("@id", template.Id);
            command.ExecuteNonQuery();
            _catalog.Audit(connection, _caller, "RemoveExportTemplate", template.Name, null, transaction);
            transaction.Commit();
            return 0;
        });
    }

    public IReadOnlyList<StoredTemplate> Templates() => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null,
            "SELECT id, name, description, settings, created_utc, created_by, modified_utc, modified_by FROM export_template");
        using var reader = command.ExecuteReader();
        var templates = new List<StoredTemplate>();
        while (reader.Read())
        {
            var settings = ExportSettings.FromJson(reader.GetString(3));
            templates.Add(new StoredTemplate(ToTemplate(reader.GetLong(0), reader.GetString(1), reader.GetNullableString(2), settings,
                reader.GetLong(4), reader.GetString(5), reader.GetLong(6), reader.GetString(7)), settings));
        }
        // Ordered here, not in SQL, so every provider lists in the same (ordinal, case-insensitive) order.
        return templates.OrderBy(t => t.Template.Name, StringComparer.OrdinalIgnoreCase).ToList();
    });

    public StoredTemplate? Find(string name) => Templates().FirstOrDefault(t => string.Equals(t.Template.Name, name, StringComparison.OrdinalIgnoreCase));

    public StoredTemplate Get(string name) => Find(name) ?? throw NotFound(name, Templates());

    public static ConversationExportException NotFound(string name, IEnumerable<StoredTemplate> existing)
    {
        var names = existing.Select(t => t.Template.Name).ToList();
        return new(ErrorId.ExportTemplateNotFound, ErrorKind.NotFound,
            $"No export template named '{name}'. Existing templates: {(names.Count == 0 ? "(none)" : string.Join(", ", names))}. Create one with New-ExportTemplate.", name);
    }

    private static ExportTemplate ToTemplate(long id, string name, string? description, ExportSettings s, long created, string createdBy, long modified, string modifiedBy) => s.ShowIn(new ExportTemplate
    {
        Id = id,
        Name = name,
        Description = description,
        MetadataFormat = s.MetadataFormat,
        MetadataColumns = s.MetadataColumns,
        CdrFormat = s.CdrFormat,
        CdrColumns = s.CdrColumns,
        AllowFormulas = s.AllowFormulas,
        ExcelBom = s.ExcelBom,
        NoManifest = s.NoManifest,
        CreatedUtc = FromUnixMilliseconds(created),
        CreatedBy = createdBy,
        ModifiedUtc = FromUnixMilliseconds(modified),
        ModifiedBy = modifiedBy,
    });

    // The audit log says what the template holds in words; it has no secret to leave out.
    private static string Describe(ExportSettings s) =>
        $"target={s.TargetType}:{s.StorageTarget ?? "(none)"}; method={s.ArchiveMethod}; timezone={s.TimeZone}; query={s.Query.Text}";

    private static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl))
            throw new ConversationExportException(ErrorId.ExportSettingInvalid, ErrorKind.InvalidArgument,
                $"'{name}' is not a valid export template name: use 1 to 100 printable characters.", name);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>A template with the settings it is stored with.</summary>
public sealed record StoredTemplate(ExportTemplate Template, ExportSettings Settings);
