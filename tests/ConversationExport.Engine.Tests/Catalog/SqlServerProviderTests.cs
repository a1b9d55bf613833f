using System.Net;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Query;
using ConversationExport.EngineTests.Support;
using Microsoft.Data.SqlClient;

namespace ConversationExport.EngineTests.Catalog;

/// <summary>
/// Runs only against a real SQL Server, named by CONVERSATIONEXPORT_TEST_SQLSERVER (the sqlserver workflow sets it).
/// build.ps1 Test's passes, which have no SQL Server, leave these tests out by their trait (Catalog=SqlServer);
/// the skip below only speaks to an ad-hoc run without that filter.
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public const string Variable = "CONVERSATIONEXPORT_TEST_SQLSERVER";

    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"Needs a SQL Server: set {Variable} to a connection string of a login that may create databases (the sqlserver workflow does).";
    }
}

/// <summary>A database of its own for one test on the server of CONVERSATIONEXPORT_TEST_SQLSERVER, dropped afterwards.</summary>
internal sealed class SqlServerTestDatabase : IDisposable
{
    private readonly string _server;

    public SqlServerTestDatabase()
    {
        _server = Environment.GetEnvironmentVariable(SqlServerFactAttribute.Variable)!;
        Name = "ce_test_" + Guid.NewGuid().ToString("N")[..16];
        Admin($"CREATE DATABASE [{Name}]");
        ConnectionString = new SqlConnectionStringBuilder(_server) { InitialCatalog = Name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>With the login's password: what a user would paste. The catalog moves the password into its credential.</summary>
    public string ConnectionString { get; }

    public CatalogInfo Info(NetworkCredential? credential = null) => ConversationCatalog.ForConnectionString(CatalogProvider.SqlServer, ConnectionString, credential);

    public ConversationCatalog Initialize() => ConversationCatalog.Initialize(Info(), Callers.Alice);

    /// <summary>Plain SQL in the test database, behind the engine's back.</summary>
    public object? Scalar(string sql)
    {
        using var connection = new SqlConnection(ConnectionString);
        connection.Open();
        using var command = new SqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        SqlConnection.ClearAllPools();
        Admin($"ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}]");
    }

    private void Admin(string sql)
    {
        using var connection = new SqlConnection(new SqlConnectionStringBuilder(_server) { InitialCatalog = "master" }.ConnectionString);
        connection.Open();
        using var command = new SqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// The catalog on a real SQL Server (SPEC §2, §2.4): the schema is created, conversations round-trip,
/// searches select what the in-memory evaluator selects, the change-sequence bound holds under concurrent
/// writers, and runs are created under the write lock. Only the sqlserver workflow has a server to run them on.
/// </summary>
[Trait("Catalog", "SqlServer")]
public sealed class SqlServerProviderTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    [SqlServerFact]
    public void A_catalog_is_created_in_an_empty_database_and_opened_again()
    {
        using var database = new SqlServerTestDatabase();

        var created = database.Initialize();
        var reopened = ConversationCatalog.Open(database.Info());
        ConversationCatalog.Initialize(database.Info(), Callers.Bob); // again: nothing to do

        Assert.Equal(ConversationCatalog.CurrentSchemaVersion, created.Info.SchemaVersion);
        Assert.Equal(ConversationCatalog.CurrentSchemaVersion, reopened.Info.SchemaVersion);
        Assert.Equal(ConversationCatalog.CurrentSchemaVersion, Convert.ToInt32(database.Scalar("SELECT version FROM schema_version")));
        Assert.Equal(Callers.Alice.Name, database.Scalar("SELECT name FROM principal"));
        Assert.Equal(0, reopened.Info.Conversations);
    }

    [SqlServerFact]
    public void A_database_that_holds_other_tables_is_not_taken_over()
    {
        using var database = new SqlServerTestDatabase();
        database.Scalar("CREATE TABLE invoices (id INT)");

        var error = Assert.Throws<ConversationExportException>(database.Initialize);

        Assert.Equal(ErrorId.CatalogNotConversationExport, error.Id);
        Assert.Equal(ErrorId.CatalogNotConversationExport, Assert.Throws<ConversationExportException>(() => ConversationCatalog.Open(database.Info())).Id);
    }

    [SqlServerFact]
    public void A_wrong_password_and_a_missing_database_are_told_apart()
    {
        using var database = new SqlServerTestDatabase();
        database.Initialize();
        var user = new SqlConnectionStringBuilder(database.ConnectionString).UserID;

        var login = Assert.Throws<ConversationExportException>(() => ConversationCatalog.Open(database.Info(new NetworkCredential(user, "not-the-password"))));
        var missing = Assert.Throws<ConversationExportException>(() => ConversationCatalog.Open(ConversationCatalog.ForConnectionString(CatalogProvider.SqlServer,
            new SqlConnectionStringBuilder(database.ConnectionString) { InitialCatalog = database.Name + "_missing" }.ConnectionString)));

        Assert.Equal((ErrorId.CatalogLoginFailed, ErrorKind.PermissionDenied), (login.Id, login.Kind));
        Assert.Equal((ErrorId.CatalogNotFound, ErrorKind.NotFound), (missing.Id, missing.Kind));
    }

    [SqlServerFact]
    public void Conversations_round_trip_and_an_unchanged_one_keeps_its_change_sequence()
    {
        using var database = new SqlServerTestDatabase();
        var catalog = database.Initialize();
        var call = Store.Call("11111111-0000-4000-8000-000000000001");
        call.Labels = [new ConversationLabel("Complaint", true), new ConversationLabel("VIP", false)];
        call.Cases = ["2026-0017"];
        call.Files = [new ConversationFile { Kind = ConversationFileKind.Media, Location = "a/b.wav", Size = 1234, Extension = ".wav" }];
        call.SilenceRatio = 0.125;
        call.LongestSilence = TimeSpan.FromMilliseconds(4200);

        Assert.Equal([UpsertOutcome.Inserted], Store.Upsert(catalog, call));
        var stamped = call.ChangeSequence;
        var read = Assert.Single(Store.All(catalog));

        Assert.Equal(stamped, read.ChangeSequence);
        Assert.True(stamped > 0);
        Assert.Equal(ConversationStore.Fingerprint(call), ConversationStore.Fingerprint(read));
        Assert.Equal([UpsertOutcome.Unchanged], Store.Upsert(catalog, read));
        Assert.Equal(stamped, Assert.Single(Store.All(catalog)).ChangeSequence);

        call.ToInfo = "Agent Smith";
        Assert.Equal([UpsertOutcome.Updated], Store.Upsert(catalog, call));
        Assert.True(call.ChangeSequence > stamped);
        Assert.Equal(call.ChangeSequence, Assert.Single(Store.All(catalog)).ChangeSequence);
        Assert.Equal([UpsertOutcome.Unchanged], Store.Upsert(catalog, call));
    }

    [SqlServerFact]
    public void Text_comparisons_fold_ASCII_letters_only_as_the_in_memory_evaluator_does()
    {
        using var database = new SqlServerTestDatabase();
        var catalog = database.Initialize();
        var all = Users(catalog, "JSmith", "jsmith ", "ÉVA", "éva", "Straße", "STRASSE");

        Assert.Equal(["JSmith"], Select(catalog, all, "User", "Equals", "jsmith"));
        Assert.Equal(["éva"], Select(catalog, all, "User", "Equals", "éva"));
        Assert.Equal(["ÉVA"], Select(catalog, all, "User", "Like", "É*"));
        Assert.Equal(["STRASSE"], Select(catalog, all, "User", "Equals", "strasse"));
        Assert.Equal(["jsmith "], Select(catalog, all, "User", "Like", "*H "));
        Assert.Equal(["JSmith", "jsmith "], Select(catalog, all, "User", "Like", "js*"));
    }

    [SqlServerFact]
    public void Percent_underscore_and_brackets_in_values_are_matched_literally()
    {
        using var database = new SqlServerTestDatabase();
        var catalog = database.Initialize();
        var all = Users(catalog, "50%off", "50_off", "50xoff", "a[b]", "ab", "a]b", "a\\b");

        Assert.Equal(["50%off"], Select(catalog, all, "User", "Like", "50%*"));
        Assert.Equal(["50_off"], Select(catalog, all, "User", "Like", "50_*"));
        Assert.Equal(["50%off", "50_off", "50xoff"], Select(catalog, all, "User", "Like", "50?off"));
        Assert.Equal(["a[b]"], Select(catalog, all, "User", "Like", "a[b]*"));
        Assert.Equal(["a[b]"], Select(catalog, all, "User", "Equals", "A[B]"));
        Assert.Equal(["a]b"], Select(catalog, all, "User", "Like", "*]b"));
        Assert.Equal(["a\\b"], Select(catalog, all, "User", "Like", "a\\*"));
    }

    [SqlServerFact]
    public void Pages_and_counts_select_what_the_evaluator_selects()
    {
        using var database = new SqlServerTestDatabase();
        var catalog = database.Initialize();
        Users(catalog, Enumerable.Range(0, 12).Select(i => $"user{i:00}").ToArray());
        var store = new ConversationStore(catalog, AccessScope.Everything);

        var page = store.Enumerate(new ConversationSelection(First: 5, Skip: 3, Descending: true)).Select(c => c.User).ToList();

        Assert.Equal(["user08", "user07", "user06", "user05", "user04"], page);
        Assert.Empty(store.Enumerate(new ConversationSelection(First: 0)));
        Assert.Equal(2, store.Enumerate(new ConversationSelection(Skip: 10)).Count());
        Assert.Equal(12, store.Count(new ConversationSelection(First: 1)));
    }

    [SqlServerFact]
    public void An_open_writer_holds_the_change_sequence_bound_below_its_rows()
    {
        using var database = new SqlServerTestDatabase();
        var catalog = database.Initialize();
        var runs = new RunCatalog(catalog);
        var committed = Store.Call("22222222-0000-4000-8000-000000000001");
        Store.Upsert(catalog, committed);
        Assert.True(runs.ChangeSequenceBound() >= committed.ChangeSequence);

        using var writer = catalog.OpenConnection();
        using var open = writer.BeginTransaction();
        var pending = Store.Call("22222222-0000-4000-8000-000000000002");
        new ConversationStore(catalog, AccessScope.Everything).Upsert(writer, open, pending);
        var whileOpen = runs.ChangeSequenceBound(); // another connection
        open.Commit();

        Assert.True(pending.ChangeSequence > committed.ChangeSequence);
        Assert.InRange(whileOpen, committed.ChangeSequence, pending.ChangeSequence - 1);
        Assert.True(runs.ChangeSequenceBound() >= pending.ChangeSequence);
        var window = new ConversationStore(catalog, AccessScope.Everything).Enumerate(new ConversationSelection(ChangedAfter: committed.ChangeSequence - 1, ChangedUpTo: whileOpen)).ToList();
        Assert.Equal([committed.ConversationId], window.Select(c => c.ConversationId));
    }

    [SqlServerFact]
    public async Task A_second_writer_waits_until_the_first_commits()
    {
        using var database = new SqlServerTestDatabase();
        var catalog = database.Initialize();
        using var first = catalog.OpenConnection();
        var held = catalog.BeginWrite(first);

        var second = Task.Run(() =>
        {
            using var connection = catalog.OpenConnection();
            using var transaction = catalog.BeginWrite(connection);
            transaction.Commit();
        });
        var early = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(2)));
        held.Commit();
        held.Dispose();
        await second.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.NotSame(second, early);
    }

    [SqlServerFact]
    public void An_insert_unless_exists_inserts_once()
    {
        using var database = new SqlServerTestDatabase();
        var catalog = database.Initialize();
        using var connection = catalog.OpenConnection();

        int Insert(string value)
        {
            using var transaction = catalog.BeginWrite(connection);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = catalog.Dialect.InsertUnlessExists("setting", "name, value", "@n, @v", [("name", "@n")]);
            command.AddParameter("@n", "Smtp.Server");
            command.AddParameter("@v", value);
            var rows = command.ExecuteNonQuery();
            transaction.Commit();
            return rows;
        }

        Assert.Equal((1, 0), (Insert("first"), Insert("second")));
        Assert.Equal("first", database.Scalar("SELECT value FROM setting"));
    }

    [SqlServerFact]
    public void Names_are_unique_without_regard_to_ASCII_case_only()
    {
        using var database = new SqlServerTestDatabase();
        database.Initialize();
        void Add(string name) => database.Scalar($"INSERT INTO storage_target (name, type, settings, created_utc, created_by) VALUES (N'{name}', N'FileSystem', N'{{}}', 0, N'alice')");

        Add("Vault");
        Add("Éva");
        Add("éva"); // non-ASCII letters are not folded

        Assert.Equal(2601, Assert.Throws<SqlException>(() => Add("VAULT")).Number); // duplicate key in a unique index
        Assert.Equal(3, Convert.ToInt32(database.Scalar("SELECT COUNT(*) FROM storage_target")));
    }

    [SqlServerFact]
    public void Runs_are_created_listed_and_ended_through_the_run_catalog()
    {
        using var database = new SqlServerTestDatabase();
        using var temp = new TempFolder();
        var catalog = database.Initialize();
        var runs = new RunCatalog(catalog);
        var destination = temp.Combine("out");
        (long, string) Create(long? task, string stem) { var (id, name, _) = runs.Create(task, task is null ? "Ad hoc" : "Nightly", "Manual", new ExportSettings(), destination, stem, _ => false, Callers.Alice); return (id, name); }

        var (first, firstName) = Create(null, "calls");
        var (_, secondName) = Create(null, "calls");
        var (_, thirdName) = Create(null, "CALLS");
        Assert.Equal(("calls", "calls_2", "CALLS_3"), (firstName, secondName, thirdName));

        var tasks = new TaskCatalog(catalog, Callers.Alice);
        Directory.CreateDirectory(temp.Combine("vault"));
        tasks.AddTarget("Vault", StorageTargetType.FileSystem, temp.Combine("vault"), null);
        var taskId = tasks.AddTask("Nightly", enabled: true, new ExportSettings { StorageTarget = "Vault" }).Id;
        var (taskRun, _) = Create(taskId, "nightly");
        Assert.Equal(ErrorId.RunAlreadyActive, Assert.Throws<ConversationExportException>(() => Create(taskId, "nightly")).Id);

        using (var connection = catalog.OpenConnection())
        using (var transaction = catalog.BeginWrite(connection))
        {
            var conversation = Store.Call("33333333-0000-4000-8000-000000000001");
            conversation.Id = 42;
            Assert.Equal("calls/a", runs.AddItem(connection, transaction, taskRun, new RunCatalog.SnapshotItem(1, conversation, "calls/a"), (path, n) => $"{path}_{n}"));
            Assert.Equal("CALLS/A_1", runs.AddItem(connection, transaction, taskRun, new RunCatalog.SnapshotItem(2, conversation, "CALLS/A"), (path, n) => $"{path}_{n}"));
            transaction.Commit();
        }
        Assert.Equal([1L, 2L], runs.NextBatch(taskRun, 10).Select(i => i.Sequence));
        Assert.Single(runs.NextBatch(taskRun, 1));

        Assert.Equal(3, runs.List("AD HOC", null, null).Count);
        runs.Finish(first, RunState.Completed, "Done.", dropItems: true);
        runs.MarkGivenUp(first); // appends to the message with the dialect's concatenation
        Assert.Equal(RunState.Failed, runs.Get(first).Run.State);
        Assert.Equal("Done. Given up by a scheduled start; a newer run exported what it had not delivered.", runs.Get(first).Run.Message);
        Assert.Equal("Manual", runs.Get(taskRun).Trigger);
    }

    /// <summary>One conversation per user name; returns them all.</summary>
    private static List<Conversation> Users(ConversationCatalog catalog, params string[] users)
    {
        var conversations = users.Select((user, i) =>
        {
            var call = Store.Call($"44444444-0000-4000-8000-{i:000000000000}");
            call.User = user;
            return call;
        }).ToArray();
        Store.Upsert(catalog, conversations);
        return conversations.ToList();
    }

    /// <summary>The users the catalog selects for one criterion, checked against the in-memory evaluator first.</summary>
    private static List<string?> Select(ConversationCatalog catalog, List<Conversation> all, string field, string op, string value)
    {
        var query = QueryBuilder.Query([QueryBuilder.Criterion(field, op, [value])]);
        var expected = all.Where(QueryEvaluator.Compile(query, Now)).Select(c => c.User).OrderBy(u => u, StringComparer.Ordinal).ToList();
        var actual = new ConversationStore(catalog, AccessScope.Everything).Enumerate(new ConversationSelection(query, NowUtc: Now)).Select(c => c.User).OrderBy(u => u, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        return actual;
    }
}
