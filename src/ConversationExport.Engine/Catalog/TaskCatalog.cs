using System.Data.Common;
using System.Text.Json;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Security;
using static ConversationExport.Engine.Catalog.DbExtensions;

namespace ConversationExport.Engine.Catalog;

/// <summary>Storage targets and export tasks as the catalog keeps them; every change is audited.</summary>
public sealed class TaskCatalog
{
    private readonly ConversationCatalog _catalog;
    private readonly CallerIdentity _caller;

    public TaskCatalog(ConversationCatalog catalog, CallerIdentity caller)
    {
        _catalog = catalog;
        _caller = caller;
    }

    private AccessCatalog? _access;
    private AccessCatalog Access => _access ??= new AccessCatalog(_catalog, _caller);

    // ---- storage targets -------------------------------------------------------------------

    // Kept here for the callers that know tasks; the storage itself is StorageTargetCatalog's.
    public StorageTarget AddTarget(string name, StorageTargetType type, string? path, string? description) =>
        new StorageTargetCatalog(_catalog, _caller).Add(name, type, new Targets.TargetChange { Path = path, Description = description });

    public IReadOnlyList<StorageTarget> Targets() => new StorageTargetCatalog(_catalog, _caller).Targets();

    public StorageTarget? FindTarget(string name) => Targets().FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public StorageTarget GetTarget(string name) => FindTarget(name) ?? throw new ConversationExportException(ErrorId.StorageTargetNotFound, ErrorKind.NotFound,
        $"No storage target named '{name}'. Existing targets: {Names(Targets().Select(t => t.Name))}. Create one with New-StorageTarget.", name);

    public void RemoveTarget(string name)
    {
        Access.Demand(ExportPermission.ManageTargets, "RemoveStorageTarget", name);
        var target = GetTarget(name);
        var users = Tasks().Where(t => string.Equals(t.Settings.StorageTarget, target.Name, StringComparison.OrdinalIgnoreCase)).Select(t => t.Task.Name).ToList();
        if (users.Count > 0)
            throw new ConversationExportException(ErrorId.StorageTargetInUse, ErrorKind.InvalidArgument,
                $"The storage target '{target.Name}' is used by the export task(s) {Names(users)}; point them elsewhere first.", name);
        Execute("DELETE FROM storage_target WHERE id = @id", target.Id, "RemoveStorageTarget", target.Name, null);
    }

    /// <summary>
    /// What a task's settings may reach for <paramref name="owner"/>: the archived dataset is an
    /// administrator's (seed §4.1 Source Dataset), a restricted storage target its listed principals'.
    /// </summary>
    internal void DemandSettings(PrincipalAccess owner, ExportSettings settings, string action, string? target, bool adHoc = false)
    {
        // An ad-hoc run exports what was piped to it, which the owner's scope has already narrowed to Online
        // conversations for a user; its dataset (Both by default) chooses nothing more.
        if (!adHoc && settings.SourceDataset != SourceDataset.Online && !owner.IsAdministrator)
        {
            if (string.Equals(owner.Name, Access.Caller.Name, StringComparison.OrdinalIgnoreCase))
                Access.DemandAdministrator(action, target, $"-SourceDataset {settings.SourceDataset} reaches archived conversations");
            else
                throw new ConversationExportException(ErrorId.TaskOwnerNotPermitted, ErrorKind.PermissionDenied,
                    $"-SourceDataset {settings.SourceDataset} reaches archived conversations, which only administrators may export, and the task's owner '{owner.Name}' is not one. Keep -SourceDataset Online.", target);
        }
        if (settings.Destination is null && settings.TargetType == ExportTargetType.StorageTarget && settings.StorageTarget is { } targetName
            && FindTarget(targetName) is { } stored)
            Access.DemandTarget(owner, stored.Id, stored.Name, action);
    }

    // ---- single downloads and list exports (audited, SPEC §12) -----------------------------

    public int AuditListExport(string path, long rows) => Audit("ExportConversationList", path, $"{rows} conversation(s)");

    public int AuditDownload(string conversationId, string destination) => Audit("SaveConversation", conversationId, destination);

    private int Audit(string action, string target, string detail)
    {
        new AuditLog(_catalog, _caller).Record(action, target, detail);
        return 0;
    }

    // ---- export tasks ----------------------------------------------------------------------

    /// <param name="template">The export template the settings were loaded from, recorded on the task (SPEC §7).</param>
    public ExportTask AddTask(string name, bool enabled, ExportSettings settings, string? template = null)
    {
        var owner = Access.Demand(ExportPermission.ConversationExport, "NewExportTask", name);
        DemandSettings(owner, settings, "NewExportTask", name);
        ValidateName(name, "export task");
        if (FindTask(name) is not null)
            throw new ConversationExportException(ErrorId.ExportTaskExists, ErrorKind.InvalidArgument,
                $"An export task named '{name}' already exists. Use Set-ExportTask to change it, or choose another name.", name);
        ExportValidator.Validate(settings, this);
        RefuseSharedOnEmbedded(name, settings);
        _catalog.AuditedWrite(_caller, "NewExportTask", name, Describe(settings, enabled, template), (connection, transaction) =>
        {
            using var command = Command(connection, transaction, """
                INSERT INTO export_task (name, enabled, settings, template, created_utc, created_by, modified_utc, modified_by)
                VALUES (@n, @e, @s, @tp, @t, @b, @t, @b)
                """);
            command.AddParameter("@n", name);
            command.AddParameter("@tp", template);
            command.AddParameter("@e", enabled ? 1 : 0);
            command.AddParameter("@s", settings.ToJson());
            command.AddParameter("@t", DateTime.UtcNow.ToUnixMilliseconds());
            command.AddParameter("@b", _caller.Name);
            return command.ExecuteNonQuery();
        });
        return GetTask(name).Task;
    }

    /// <param name="template">A template just loaded into the task, recorded on it; null keeps the task's record.</param>
    /// <param name="action">What the audit log calls the change (Enable-/Disable-ExportTask change only the enabled state).</param>
    public void UpdateTask(string name, bool enabled, ExportSettings settings, string? newName = null, string? template = null, string action = "SetExportTask")
    {
        var existing = GetTask(name);
        DemandChange(existing, action);
        // What the task may reach is what its owner may reach, whoever edits it.
        DemandSettings(Access.For(existing.Task.CreatedBy), settings, action, existing.Task.Name);
        if (newName is not null && !string.Equals(newName, existing.Task.Name, StringComparison.OrdinalIgnoreCase))
        {
            ValidateName(newName, "export task");
            if (FindTask(newName) is not null)
                throw new ConversationExportException(ErrorId.ExportTaskExists, ErrorKind.InvalidArgument, $"An export task named '{newName}' already exists.", newName);
        }
        ExportValidator.Validate(settings, this);
        RefuseSharedOnEmbedded(name, settings);
        _catalog.AuditedWrite(_caller, action, existing.Task.Name, Describe(settings, enabled, template, newName), (connection, transaction) =>
        {
            using var command = Command(connection, transaction,
                "UPDATE export_task SET name = @n, enabled = @e, settings = @s, template = @tp, modified_utc = @t, modified_by = @b WHERE id = @id");
            command.AddParameter("@n", newName ?? existing.Task.Name);
            command.AddParameter("@tp", template ?? existing.Task.Template);
            command.AddParameter("@e", enabled ? 1 : 0);
            command.AddParameter("@s", settings.ToJson());
            command.AddParameter("@t", DateTime.UtcNow.ToUnixMilliseconds());
            command.AddParameter("@b", _caller.Name);
            command.AddParameter("@id", existing.Task.Id);
            return command.ExecuteNonQuery();
        });
        // Disabling lets the batch in progress finish, then the run stops (seed §4.1).
        if (existing.Task.Enabled && !enabled)
        {
            var runs = new RunCatalog(_catalog);
            if (runs.Active(existing.Task.Name) is { } active) runs.RequestStop(active.Run.RunId);
        }
    }

    /// <summary>
    /// Enables or disables a task; false when it already was. The caller must be allowed to change the task
    /// even then: trying another user's task is refused (and audited) whatever its state.
    /// </summary>
    public bool SetEnabled(StoredTask task, bool enabled)
    {
        var action = enabled ? "EnableExportTask" : "DisableExportTask";
        if (task.Task.Enabled == enabled)
        {
            DemandChange(task, action);
            return false;
        }
        UpdateTask(task.Task.Name, enabled, task.Settings, action: action);
        return true;
    }

    private void DemandChange(StoredTask task, string action)
    {
        Access.Demand(ExportPermission.ConversationExport, action, task.Task.Name);
        Access.DemandOwnerOrAdministrator(task.Task.CreatedBy, action, task.Task.Name);
    }

    public void RemoveTask(string name)
    {
        var task = GetTask(name).Task;
        Access.Demand(ExportPermission.ConversationExport, "RemoveExportTask", task.Name);
        Access.DemandOwnerOrAdministrator(task.CreatedBy, "RemoveExportTask", task.Name);
        // Its OS trigger would go on waking a task that no longer exists.
        var scheduled = _catalog.Guard(() =>
        {
            using var connection = _catalog.OpenConnection();
            using var command = Command(connection, null, "SELECT COUNT(*) FROM export_schedule WHERE task_id = @id");
            command.AddParameter("@id", task.Id);
            return Convert.ToInt64(command.ExecuteScalar()) > 0;
        });
        if (scheduled)
            throw new ConversationExportException(ErrorId.ScheduleExists, ErrorKind.InvalidArgument,
                $"The export task '{task.Name}' has a schedule; remove it first with Unregister-ExportSchedule -Task '{task.Name}', which also removes its OS trigger.", task.Name);
        Execute("DELETE FROM export_task WHERE id = @id", task.Id, "RemoveExportTask", task.Name, null);
    }

    public IReadOnlyList<StoredTask> Tasks() => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, "SELECT id, name, enabled, settings, created_utc, created_by, modified_utc, modified_by, template FROM export_task ORDER BY name");
        using var reader = command.ExecuteReader();
        var tasks = new List<StoredTask>();
        while (reader.Read())
        {
            var settings = ExportSettings.FromJson(reader.GetString(3));
            tasks.Add(new StoredTask(ToTask(reader.GetLong(0), reader.GetString(1), reader.GetLong(2) != 0, settings,
                reader.GetLong(4), reader.GetString(5), reader.GetLong(6), reader.GetString(7), reader.GetNullableString(8)), settings));
        }
        return tasks;
    });

    public StoredTask? FindTask(string name) => Tasks().FirstOrDefault(t => string.Equals(t.Task.Name, name, StringComparison.OrdinalIgnoreCase));

    public StoredTask GetTask(string name) => FindTask(name) ?? throw TaskNotFound(name);

    /// <summary>
    /// The tasks the caller may see: an administrator every task, a user the tasks they own. A task's query,
    /// destination and runs describe someone's evidence, so another user's task is not listed (changing it is
    /// refused, and audited, as NotTaskOwner).
    /// </summary>
    public IReadOnlyList<StoredTask> VisibleTasks()
    {
        var caller = Access.Caller;
        var tasks = Tasks();
        return caller.IsAdministrator ? tasks : tasks.Where(t => string.Equals(t.Task.CreatedBy, caller.Name, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>A task the caller may see, by name; another user's is reported as not found.</summary>
    public StoredTask GetVisibleTask(string name) =>
        VisibleTasks().FirstOrDefault(t => string.Equals(t.Task.Name, name, StringComparison.OrdinalIgnoreCase)) ?? throw TaskNotFound(name);

    /// <summary>The error for an unknown task name; it lists only the tasks the caller may see.</summary>
    public ConversationExportException TaskNotFound(string name) => new(ErrorId.ExportTaskNotFound, ErrorKind.NotFound,
        $"No export task named '{name}'. Existing tasks: {Names(VisibleTasks().Select(t => t.Task.Name))}.", name);

    internal StoredTask? FindTask(long id) => Tasks().FirstOrDefault(t => t.Task.Id == id);

    private static ExportTask ToTask(long id, string name, bool enabled, ExportSettings s, long created, string createdBy, long modified, string modifiedBy, string? template) => s.ShowIn(new ExportTask
    {
        Id = id,
        Name = name,
        Enabled = enabled,
        HasZipPassword = s.ProtectedPassword is not null,
        ZipPasswordScope = s.ProtectedPassword is { } stored ? SecretProtector.ScopeOf(stored) : null,
        Template = template,
        CreatedUtc = DbExtensions.FromUnixMilliseconds(created),
        CreatedBy = createdBy,
        ModifiedUtc = DbExtensions.FromUnixMilliseconds(modified),
        ModifiedBy = modifiedBy,
    });

    // The audit log says what changed in words, never a secret.
    private static string Describe(ExportSettings s, bool enabled, string? template = null, string? newName = null) =>
        (newName is null ? "" : $"renamed to {newName}; ") + (template is null ? "" : $"template={template}; ") + $"enabled={enabled}; target={s.TargetType}:{s.StorageTarget ?? s.Destination}; method={s.ArchiveMethod}; password={(s.ProtectedPassword is null ? "none" : "set")}; query={s.Query.Text}; notify={(s.NotifyEmail.Length == 0 ? "none" : $"{string.Join(", ", s.NotifyEmail)} on {s.NotifyOn}")}";

    private void Execute(string sql, long id, string action, string target, string? detail) =>
        _catalog.AuditedWrite(_caller, action, target, detail, (connection, transaction) =>
        {
            using var command = Command(connection, transaction, sql);
            command.AddParameter("@id", id);
            return command.ExecuteNonQuery();
        });

    // Several servers share a run through row leases, which an embedded catalog file used by one machine cannot offer.
    private void RefuseSharedOnEmbedded(string name, ExportSettings settings)
    {
        if (settings.Server.Length > 1 && _catalog.Info.Provider == CatalogProvider.Sqlite)
            throw new ConversationExportException(ErrorId.MultiServerNeedsServerCatalog, ErrorKind.InvalidArgument,
                $"The export task '{name}' names {settings.Server.Length} servers ({string.Join(", ", settings.Server)}), but this catalog is an embedded SQLite file, which one server uses at a time. Give one -Server, or keep the catalog on PostgreSQL or SQL Server to share runs across servers.", name);
    }

    private static void ValidateName(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl))
            throw new ConversationExportException(ErrorId.ExportSettingInvalid, ErrorKind.InvalidArgument,
                $"'{name}' is not a valid {what} name: use 1 to 100 printable characters.", name);
    }

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "(none)";

}

/// <summary>A task with the settings it is stored with (the password stays protected).</summary>
public sealed record StoredTask(ExportTask Task, ExportSettings Settings);
