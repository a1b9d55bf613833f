using ConversationExport.Engine.Catalog;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Catalog;

/// <summary>Creating, upgrading and refusing catalogs (SPEC §2, §12).</summary>
public sealed class CatalogSchemaTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private string CatalogPath => _temp.Combine("catalog.db");
    private static int Current => ConversationCatalog.CurrentSchemaVersion;

    public void Dispose() => _temp.Dispose();

    private ConversationCatalog Initialize(ConversationExport.Engine.Security.CallerIdentity? caller = null) =>
        ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(CatalogPath), caller ?? Callers.Alice);

    private ConversationCatalog Open() => ConversationCatalog.Open(ConversationCatalog.ForSqliteFile(CatalogPath));

    private ConversationCatalog Run(string operation) => operation switch
    {
        nameof(Open) => Open(),
        nameof(Initialize) => Initialize(),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public static TheoryData<string> OpenAndInitialize => [nameof(Open), nameof(Initialize)];

    // --- a new catalog ---

    [Fact]
    public void Initialize_creates_a_catalog_at_the_current_schema_version()
    {
        var catalog = Initialize();

        Assert.True(File.Exists(CatalogPath));
        Assert.Equal(1, Db.Scalar(CatalogPath, "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(Current, Db.Scalar(CatalogPath, "SELECT version FROM schema_version"));
        Assert.Equal(Current, catalog.Info.SchemaVersion);
        Assert.Equal(CatalogPath, catalog.Info.Path);
        Assert.Equal(0, catalog.Info.Conversations);
    }

    [Fact]
    public void The_user_who_initializes_a_catalog_becomes_its_first_and_only_administrator()
    {
        Initialize(Callers.Alice);
        Initialize(Callers.Bob);

        var principals = Db.Rows(CatalogPath, "SELECT name, is_administrator FROM principal");
        var only = Assert.Single(principals);
        Assert.Equal(Callers.Alice.Name, only[0]);
        Assert.Equal(1L, only[1]);
    }

    [Fact]
    public void Initializing_a_catalog_is_written_to_the_audit_log()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Initialize(Callers.Alice);

        var row = Assert.Single(Db.Rows(CatalogPath, "SELECT principal, machine, action, target, time_utc FROM audit_log"));
        Assert.Equal(Callers.Alice.Name, row[0]);
        Assert.Equal(Callers.Alice.Machine, row[1]);
        Assert.Equal("InitializeCatalog", row[2]);
        Assert.Equal(CatalogPath, row[3]);
        Assert.InRange((long)row[4]!, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    // --- older catalogs are upgraded ---

    [Fact]
    public void Open_upgrades_an_older_catalog_and_keeps_its_conversations()
    {
        SchemaVersion1.Create(CatalogPath);

        var catalog = Open();

        Assert.Equal(Current, Db.Scalar(CatalogPath, "SELECT version FROM schema_version"));
        Assert.Equal(Current, catalog.Info.SchemaVersion);
        Assert.True(Db.TableExists(CatalogPath, "principal"));
        Assert.True(Db.TableExists(CatalogPath, "audit_log"));
        Assert.Equal(1, catalog.Info.Conversations);
        var conversation = Assert.Single(Store.All(catalog));
        Assert.Equal(SchemaVersion1.ConversationId, conversation.ConversationId);
        Assert.Equal(["Sales"], conversation.Group);
        Assert.Equal(new DateTime(2026, 11, 28, 9, 15, 2, 123, DateTimeKind.Utc), conversation.StartTimeUtc);
        Assert.Equal(1, conversation.ChangeSequence);
    }

    [Fact]
    public void Initialize_upgrades_an_older_catalog_keeps_its_conversations_and_names_the_administrator()
    {
        SchemaVersion1.Create(CatalogPath);

        var catalog = Initialize(Callers.Bob);

        Assert.Equal(Current, Db.Scalar(CatalogPath, "SELECT version FROM schema_version"));
        Assert.Equal(SchemaVersion1.ConversationId, Assert.Single(Store.All(catalog)).ConversationId);
        Assert.Equal(Callers.Bob.Name, Assert.Single(Db.Rows(CatalogPath, "SELECT name FROM principal WHERE is_administrator = 1"))[0]);
    }

    [Fact]
    public void An_upgraded_catalog_takes_new_conversations_after_its_old_ones()
    {
        SchemaVersion1.Create(CatalogPath);
        var catalog = Open();

        Store.Upsert(catalog, Store.Call("after-upgrade"));

        var all = Store.All(catalog);
        Assert.Equal([SchemaVersion1.ConversationId, "after-upgrade"], all.Select(c => c.ConversationId));
        Assert.True(all[1].ChangeSequence > all[0].ChangeSequence);
    }

    [Fact]
    public void Initialize_on_an_up_to_date_catalog_changes_no_data()
    {
        var catalog = Initialize(Callers.Alice);
        Store.Upsert(catalog, Store.Call("kept"));
        var before = Db.Rows(CatalogPath, "SELECT id, conversation_id, fingerprint, change_seq FROM conversation");
        var sequenceBefore = Db.Scalar(CatalogPath, "SELECT value FROM change_sequence");

        var again = Initialize(Callers.Bob);

        Assert.Equal(Current, Db.Scalar(CatalogPath, "SELECT version FROM schema_version"));
        Assert.Equal(before, Db.Rows(CatalogPath, "SELECT id, conversation_id, fingerprint, change_seq FROM conversation"));
        Assert.Equal(sequenceBefore, Db.Scalar(CatalogPath, "SELECT value FROM change_sequence"));
        Assert.Equal(1, again.Info.Conversations);
        Assert.Equal(Callers.Alice.Name, Assert.Single(Db.Rows(CatalogPath, "SELECT name FROM principal"))[0]);
    }

    [Fact]
    public void Initialize_up_to_an_older_version_makes_a_catalog_at_that_version()
    {
        var older = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(CatalogPath), Callers.Alice, upToVersion: 1);

        Assert.Equal(1, older.Info.SchemaVersion);
        Assert.Equal(1, Db.Scalar(CatalogPath, "SELECT version FROM schema_version"));
        Assert.True(Db.TableExists(CatalogPath, "conversation"));
        Assert.False(Db.TableExists(CatalogPath, "principal"));
    }

    /// <summary>
    /// Fails today: Initialize reports upToVersion as the schema version even when the catalog
    /// is already newer (nothing is downgraded, but Info.SchemaVersion and the audit text say 1).
    /// </summary>
    [Fact]
    public void Initialize_up_to_an_older_version_reports_the_version_the_catalog_really_has()
    {
        Initialize();

        var again = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(CatalogPath), Callers.Alice, upToVersion: 1);

        Assert.Equal(Current, Db.Scalar(CatalogPath, "SELECT version FROM schema_version"));
        Assert.Equal(Current, again.Info.SchemaVersion);
    }

    // --- upgrades are audited ---

    private List<object?[]> AuditRows(string action) =>
        Db.Rows(CatalogPath, $"SELECT principal, target, detail, outcome FROM audit_log WHERE action = '{action}' ORDER BY id");

    /// <summary>Makes the last migration fail: a table it creates already exists (the steps before it commit).</summary>
    private void BlockTheLastMigration()
    {
        var created = System.Text.RegularExpressions.Regex.Match(SqliteDialect.Instance.Migrations[^1], @"CREATE TABLE (\w+)");
        Assert.True(created.Success, "the test needs a last migration that creates a table");
        Db.Execute(CatalogPath, $"CREATE TABLE {created.Groups[1].Value} (x INTEGER)");
    }

    [Fact]
    public void Opening_an_older_catalog_upgrades_it_and_records_who_did_from_which_version()
    {
        ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(CatalogPath), Callers.Alice, upToVersion: Current - 1);

        Open();

        var row = Assert.Single(AuditRows("UpgradeCatalog"));
        Assert.Equal(ConversationExport.Engine.Security.CallerIdentity.Current().Name, row[0]);
        Assert.Equal(CatalogPath, row[1]);
        Assert.Equal($"schema version {Current - 1} to {Current}", row[2]);
        Assert.Equal("Succeeded", row[3]);
        Open();
        Assert.Single(AuditRows("UpgradeCatalog")); // a current catalog is not upgraded again
    }

    [Theory]
    [MemberData(nameof(OpenAndInitialize))]
    public void A_failed_upgrade_is_recorded_as_Failed_and_leaves_the_version_it_reached(string operation)
    {
        ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(CatalogPath), Callers.Alice, upToVersion: Current - 1);
        BlockTheLastMigration();

        Assert.Throws<ConversationExportException>(() => Run(operation));

        var row = Assert.Single(AuditRows(operation == nameof(Open) ? "UpgradeCatalog" : "InitializeCatalog"));
        Assert.Equal("Failed", row[3]);
        Assert.StartsWith($"schema version {Current - 1} to {Current}; failed: ", (string?)row[2]);
        Assert.Equal(Current - 1, Db.Scalar(CatalogPath, "SELECT version FROM schema_version"));
    }

    [Fact]
    public void Initialize_of_an_older_catalog_records_the_versions_it_moved_between()
    {
        ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(CatalogPath), Callers.Alice, upToVersion: Current - 1);

        Initialize(Callers.Bob);

        var row = Assert.Single(AuditRows("InitializeCatalog"));
        Assert.Equal(Callers.Bob.Name, row[0]);
        Assert.Equal($"schema version {Current - 1} to {Current}", row[2]);
        Assert.Equal("Succeeded", row[3]);
    }

    // --- catalogs that are refused ---

    [Theory]
    [MemberData(nameof(OpenAndInitialize))]
    public void A_catalog_with_a_newer_schema_is_refused_and_left_unchanged(string operation)
    {
        Initialize();
        Db.Execute(CatalogPath, $"UPDATE schema_version SET version = {Current + 1}");
        var auditRows = Db.Scalar(CatalogPath, "SELECT COUNT(*) FROM audit_log");

        var error = Assert.Throws<ConversationExportException>(() => Run(operation));

        Assert.Equal(ErrorId.CatalogSchemaTooNew, error.Id);
        Assert.Contains(CatalogPath, error.Message);
        Assert.Contains($"version {Current + 1}", error.Message);
        Assert.Equal(Current + 1, Db.Scalar(CatalogPath, "SELECT version FROM schema_version"));
        Assert.Equal(1, Db.Scalar(CatalogPath, "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(auditRows, Db.Scalar(CatalogPath, "SELECT COUNT(*) FROM audit_log"));
    }

    public static TheoryData<string, string, string> DamagedSchemaVersions => new()
    {
        { nameof(Open), "DELETE FROM schema_version", "table is empty" },
        { nameof(Initialize), "DELETE FROM schema_version", "table is empty" },
        { nameof(Open), "INSERT INTO schema_version (version) VALUES (1)", "has 2 rows" },
        { nameof(Initialize), "INSERT INTO schema_version (version) VALUES (1)", "has 2 rows" },
        { nameof(Open), "UPDATE schema_version SET version = 'four'", "'four'" },
        { nameof(Initialize), "UPDATE schema_version SET version = 'four'", "'four'" },
        { nameof(Open), "UPDATE schema_version SET version = 2.5", "'2.5'" },
        { nameof(Open), "UPDATE schema_version SET version = 0", "'0'" },
        { nameof(Initialize), "UPDATE schema_version SET version = -1", "'-1'" },
    };

    [Theory]
    [MemberData(nameof(DamagedSchemaVersions))]
    public void A_catalog_whose_schema_version_table_is_damaged_is_refused_and_left_byte_for_byte(string operation, string damage, string why)
    {
        Initialize();
        Db.Execute(CatalogPath, damage);
        var bytes = File.ReadAllBytes(CatalogPath);

        var error = Assert.Throws<ConversationExportException>(() => Run(operation));

        Assert.Equal(ErrorId.CatalogSchemaDamaged, error.Id);
        Assert.Equal(ErrorKind.InvalidData, error.Kind);
        Assert.Contains(CatalogPath, error.Message);
        Assert.Contains("schema_version", error.Message);
        Assert.Contains(why, error.Message);
        Assert.Contains("left unchanged", error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(CatalogPath));
    }

    [Fact]
    public void Initialize_in_a_missing_folder_creates_the_folders()
    {
        var folder = _temp.Combine("no-such-folder", "below");
        var path = Path.Combine(folder, "catalog.db");

        ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(path), Callers.Alice);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Initialize_refuses_a_path_that_is_a_folder_and_leaves_it()
    {
        var folder = _temp.Combine("catalog.db");
        Directory.CreateDirectory(folder);

        var error = Assert.Throws<ConversationExportException>(() =>
            ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(folder), Callers.Alice));

        Assert.Equal(ErrorId.OutputPathWrongKind, error.Id);
        Assert.Contains(folder, error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void Open_of_a_missing_file_fails_and_creates_nothing()
    {
        var error = Assert.Throws<ConversationExportException>(Open);

        Assert.Equal(ErrorId.CatalogNotFound, error.Id);
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains(CatalogPath, error.Message);
        Assert.False(File.Exists(CatalogPath));
    }

    [Theory]
    [MemberData(nameof(OpenAndInitialize))]
    public void A_file_that_is_not_SQLite_is_refused_and_left_byte_for_byte(string operation)
    {
        File.WriteAllText(CatalogPath, string.Concat(Enumerable.Repeat("These are my meeting notes, not a database.\n", 50)));
        var bytes = File.ReadAllBytes(CatalogPath);

        var error = Assert.Throws<ConversationExportException>(() => Run(operation));

        Assert.Equal(ErrorId.CatalogNotSqlite, error.Id);
        Assert.Contains(CatalogPath, error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(CatalogPath));
    }

    [Theory]
    [MemberData(nameof(OpenAndInitialize))]
    public void A_SQLite_database_of_another_application_is_refused_and_left_alone(string operation)
    {
        using (var connection = Db.Open(CatalogPath, create: true))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE invoice (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoice (amount) VALUES (12.5);";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<ConversationExportException>(() => Run(operation));

        Assert.Equal(ErrorId.CatalogNotConversationExport, error.Id);
        Assert.Contains(CatalogPath, error.Message);
        Assert.Equal(1, Db.Scalar(CatalogPath, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"));
        Assert.Equal(1, Db.Scalar(CatalogPath, "SELECT COUNT(*) FROM invoice"));
    }
}
