using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Catalog;

/// <summary>Export templates (SPEC §7): what loading one does to a task, what a template may hold, and how the catalog keeps them.</summary>
public sealed class TemplateCatalogTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ConversationCatalog _catalog;
    private readonly TemplateCatalog _templates;
    private readonly TaskCatalog _tasks;
    private string CatalogPath => _temp.Combine("catalog.db");

    public TemplateCatalogTests()
    {
        _catalog = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(CatalogPath), Callers.Alice);
        _templates = new TemplateCatalog(_catalog, Callers.Alice);
        _tasks = new TaskCatalog(_catalog, Callers.Alice);
        Directory.CreateDirectory(_temp.Combine("vault"));
        _tasks.AddTarget("Vault", StorageTargetType.FileSystem, _temp.Combine("vault"), null);
    }

    public void Dispose() => _temp.Dispose();

    private long AuditRows(string action, string target) =>
        Db.Scalar(CatalogPath, $"SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND target = '{target}'");

    [Fact]
    public void Loading_a_template_overwrites_every_value_of_the_task()
    {
        var task = new ExportSettings
        {
            StorageTarget = "Vault", RenamePattern = "{Counter}", NoSubfolders = true, FileExtension = ["wav"], TimeZone = "Europe/Paris",
            CdrFormat = [CdrFormat.Pdf], MaxArchiveSize = 5_000_000, ArchiveMethod = ArchiveMethod.Zip,
        };
        var template = new ExportSettings { StorageTarget = "Other", TimeZone = "Asia/Tokyo", Scope = ExportScope.Media };

        var loaded = TemplateCatalog.Load(task, template);

        Assert.Equal(template with { }, loaded);
        Assert.Null(loaded.RenamePattern);
        Assert.False(loaded.NoSubfolders);
        Assert.Empty(loaded.FileExtension);
        Assert.Null(loaded.MaxArchiveSize);
    }

    [Theory]
    [InlineData(ArchiveMethod.Aes256, true)]
    [InlineData(ArchiveMethod.ZipCrypto, true)]
    [InlineData(ArchiveMethod.Zip, false)]
    [InlineData(ArchiveMethod.None, false)]
    public void The_task_s_password_stays_only_while_the_template_s_method_encrypts(ArchiveMethod method, bool kept)
    {
        var task = new ExportSettings { ArchiveMethod = ArchiveMethod.Aes256, ProtectedPassword = "stored-blob" };

        var loaded = TemplateCatalog.Load(task, new ExportSettings { ArchiveMethod = method });

        Assert.Equal(kept ? "stored-blob" : null, loaded.ProtectedPassword);
    }

    [Fact]
    public void A_template_never_takes_a_password_or_an_ad_hoc_selection_from_what_it_copies()
    {
        var stripped = TemplateCatalog.Strip(new ExportSettings { ProtectedPassword = "blob", Selection = "3 conversations", Destination = "/tmp/x", TimeZone = "Europe/Paris" });

        Assert.Null(stripped.ProtectedPassword);
        Assert.Null(stripped.Selection);
        Assert.Null(stripped.Destination);
        Assert.Equal("Europe/Paris", stripped.TimeZone);
    }

    [Fact]
    public void A_template_may_encrypt_without_a_password_and_leave_the_target_to_the_task_while_a_task_may_not()
    {
        var settings = new ExportSettings { ArchiveMethod = ArchiveMethod.Aes256, StorageTarget = null };

        ExportValidator.ValidateTemplate(settings, _tasks);

        var task = Assert.Throws<ConversationExportException>(() => ExportValidator.Validate(settings with { StorageTarget = "Vault" }, _tasks));
        Assert.Equal(ErrorId.ExportSettingInvalid, task.Id);
        Assert.Equal(ErrorId.ExportSettingInvalid, Assert.Throws<ConversationExportException>(() => ExportValidator.Validate(settings with { ArchiveMethod = ArchiveMethod.Zip }, _tasks)).Id);
    }

    [Fact]
    public void A_template_refuses_a_password_a_missing_target_and_every_invalid_setting_a_task_refuses()
    {
        Assert.Equal(ErrorId.ExportTemplateSecretRefused, Assert.Throws<ConversationExportException>(() =>
            ExportValidator.ValidateTemplate(new ExportSettings { ArchiveMethod = ArchiveMethod.Aes256, ProtectedPassword = "blob" }, _tasks)).Id);
        Assert.Equal(ErrorId.StorageTargetNotFound, Assert.Throws<ConversationExportException>(() =>
            ExportValidator.ValidateTemplate(new ExportSettings { StorageTarget = "Nowhere" }, _tasks)).Id);
        Assert.Equal(ErrorId.ExportSettingInvalid, Assert.Throws<ConversationExportException>(() =>
            ExportValidator.ValidateTemplate(new ExportSettings { MaxArchiveSize = 10 }, _tasks)).Id);
        Assert.Equal(ErrorId.ExportSettingInvalid, Assert.Throws<ConversationExportException>(() =>
            ExportValidator.ValidateTemplate(new ExportSettings { MaxResumeAttempts = 101 }, _tasks)).Id);
    }

    [Fact]
    public void Templates_are_stored_without_a_password_and_each_change_is_audited_once()
    {
        var created = _templates.Add("Evidence", "for legal", new ExportSettings { StorageTarget = "Vault", ArchiveMethod = ArchiveMethod.Aes256, TimeZone = "Europe/Budapest" });

        Assert.Equal("Evidence", created.Name);
        Assert.Equal("for legal", created.Description);
        Assert.Equal(ArchiveMethod.Aes256, created.ArchiveMethod);
        Assert.Equal("Europe/Budapest", created.TimeZone);
        Assert.Equal(@"CONTOSO\alice", created.CreatedBy);
        Assert.Equal(0, Db.Scalar(CatalogPath, "SELECT COUNT(*) FROM export_template WHERE settings LIKE '%Password%'"));
        Assert.Equal(1, AuditRows("NewExportTemplate", "Evidence"));

        var updated = _templates.Update("EVIDENCE", description: null, _templates.Get("Evidence").Settings with { TimeZone = "UTC" }, newName: "Sealed");

        Assert.Equal("Sealed", updated.Name);
        Assert.Equal("UTC", updated.TimeZone);
        Assert.Equal("for legal", updated.Description);
        Assert.Equal(1, AuditRows("SetExportTemplate", "Evidence"));

        _templates.Remove("sealed");

        Assert.Empty(_templates.Templates());
        Assert.Equal(1, AuditRows("RemoveExportTemplate", "Sealed"));
    }

    [Fact]
    public void Names_are_unique_without_regard_to_case_and_unknown_names_are_not_found()
    {
        _templates.Add("Evidence", null, new ExportSettings());
        _templates.Add("Other", null, new ExportSettings());

        Assert.Equal(ErrorId.ExportTemplateExists, Assert.Throws<ConversationExportException>(() => _templates.Add("EVIDENCE", null, new ExportSettings())).Id);
        Assert.Equal(ErrorId.ExportTemplateExists, Assert.Throws<ConversationExportException>(() => _templates.Update("Other", null, new ExportSettings(), "evidence")).Id);
        var missing = Assert.Throws<ConversationExportException>(() => _templates.Get("Nope"));
        Assert.Equal(ErrorId.ExportTemplateNotFound, missing.Id);
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        Assert.Contains("Evidence, Other", missing.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorId.ExportTemplateNotFound, Assert.Throws<ConversationExportException>(() => _templates.Remove("Nope")).Id);
        // The database refuses a second name of another case too, whatever the engine checks first.
        Assert.ThrowsAny<Exception>(() => Db.Execute(CatalogPath,
            "INSERT INTO export_template (name, settings, created_utc, created_by, modified_utc, modified_by) VALUES ('oTHER', '{}', 0, 'x', 0, 'x')"));
    }

    [Fact]
    public void A_task_records_the_template_it_was_loaded_from_and_keeps_the_record_until_another_is_loaded()
    {
        _tasks.AddTask("Case-17", enabled: false, new ExportSettings { StorageTarget = "Vault" }, template: "Evidence");
        Assert.Equal("Evidence", _tasks.GetTask("Case-17").Task.Template);

        _tasks.UpdateTask("Case-17", enabled: false, new ExportSettings { StorageTarget = "Vault", TimeZone = "UTC" });
        Assert.Equal("Evidence", _tasks.GetTask("Case-17").Task.Template);

        _tasks.UpdateTask("Case-17", enabled: false, new ExportSettings { StorageTarget = "Vault" }, template: "Sealed");
        Assert.Equal("Sealed", _tasks.GetTask("Case-17").Task.Template);
        Assert.Contains("template=Sealed", Db.Rows(CatalogPath, "SELECT detail FROM audit_log WHERE action = 'SetExportTask' ORDER BY id").Last()[0]!.ToString(), StringComparison.Ordinal);
    }
}
