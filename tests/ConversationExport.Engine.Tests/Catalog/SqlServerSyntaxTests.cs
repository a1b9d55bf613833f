using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Query;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ConversationExport.EngineTests.Catalog;

/// <summary>
/// Every statement the SQL Server dialect writes parses with SQL Server's own T-SQL parser (ScriptDom, as
/// SqlClient's connections set it: QUOTED_IDENTIFIER on). Syntax only: names, types and semantics are
/// checked by the provider suite against a real server.
/// </summary>
public sealed class SqlServerSyntaxTests
{
    private static readonly SqlServerDialect Dialect = SqlServerDialect.Instance;

    private static void Parses(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, $"{string.Join("; ", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}"))}\n{sql}");
    }

    [Fact]
    public void The_parser_refuses_what_SQL_Server_refuses()
    {
        // The check itself can fail: an unquoted reserved word and PostgreSQL's syntax are syntax errors.
        Assert.ThrowsAny<Exception>(() => Parses("INSERT INTO export_run (trigger) VALUES (1)"));
        Assert.ThrowsAny<Exception>(() => Parses("SELECT id FROM conversation LIMIT 5"));
        Assert.ThrowsAny<Exception>(() => Parses("INSERT INTO t (a) VALUES (1) RETURNING id"));
    }

    [Fact]
    public void The_schema_parses_as_one_batch() => Parses(Dialect.Migrations[0]);

    [Fact]
    public void Every_migration_parses_as_one_batch()
    {
        foreach (var migration in Dialect.Migrations.Where(m => m.Length > 0)) Parses(migration);
    }

    [Fact]
    public void The_audit_log_is_made_append_only_by_a_trigger_in_a_batch_of_its_own()
    {
        // CREATE TRIGGER must begin a batch: inside a migration it runs through EXEC, whose text must parse too.
        var migration = Dialect.Migrations.Single(m => m.Contains("audit_log_append_only", StringComparison.Ordinal));
        var start = migration.IndexOf("EXEC(N'", StringComparison.Ordinal) + "EXEC(N'".Length;
        var end = migration.IndexOf("');", start, StringComparison.Ordinal);
        var trigger = migration[start..end].Replace("''", "'", StringComparison.Ordinal);
        Assert.StartsWith("CREATE TRIGGER audit_log_append_only ON audit_log INSTEAD OF UPDATE, DELETE", trigger, StringComparison.Ordinal);
        Parses(trigger);
    }

    [Fact]
    public void The_audit_log_reads_parse()
    {
        Parses(Dialect.Page("SELECT id, time_utc, principal, machine, action, target, detail, outcome FROM audit_log WHERE id < @after AND "
            + Dialect.TextLike("action", "@action", escaped: true) + " AND " + Dialect.TextEquals("principal", "@user") + " AND outcome IN (@o0, @o1) ORDER BY id DESC", 500));
        Parses("INSERT INTO audit_log (time_utc, principal, machine, action, target, detail, outcome) VALUES (@t, @p, @m, @a, @target, @d, @o)");
    }

    [Fact]
    public void The_dialect_s_statements_parse()
    {
        Parses(Dialect.SchemaVersionTableExistsSql);
        Parses(Dialect.UserTableCountSql);
        Parses(Dialect.ChangeSequenceBoundSql);
        Parses(SqlServerDialect.WriteLockSql);
        Parses(Dialect.InsertReturningId("export_run", "task_id, \"trigger\", state", "@task, @trigger, 'Queued'"));
        Parses(Dialect.InsertUnlessExists("run_item", "run_id, seq, base_key, state", "@run, @seq, @key, 'Pending'", [("run_id", "@run"), ("base_key", "@key")]));
        Parses($"UPDATE export_run SET message = CASE WHEN message IS NULL THEN @m ELSE {Dialect.Concat("message", "' '", "@m")} END WHERE id = @id");
        Parses($"SELECT COUNT(*) FROM export_run WHERE destination = @d AND {Dialect.TextEquals("base_name", "@base")}");
        Parses($"SELECT r.id FROM export_run r WHERE {Dialect.TextLike("r.task_name", "@task", escaped: true)}");
        foreach (var (first, skip) in new (long?, long)[] { (null, 0), (null, 7), (0, 0), (10, 0), (10, 20) })
            Parses(Dialect.Page("SELECT seq, conversation_pk, base_path FROM run_item WHERE run_id = @run AND state = 'Pending' ORDER BY seq", first, skip));
    }

    [Fact]
    public void A_search_of_every_kind_of_criterion_parses()
    {
        var query = QueryBuilder.Query(
        [
            QueryBuilder.Criterion("User", "Like", ["j[s]*", "*%_?"]),
            QueryBuilder.Criterion("BothToOrFrom", "NotIn", ["123", "456"]),
            QueryBuilder.Criterion("Group", "HasAll", ["Sales*", "Support"]),
            QueryBuilder.Criterion("Label", "HasNone", ["Legal[1]"]),
            QueryBuilder.Criterion("Direction", "Equals", ["Inbound"]),
            QueryBuilder.Criterion("Duration", "Between", ["PT1M", "PT5M"]),
            QueryBuilder.Criterion("StartTime", "RecentThan", ["P7D"]),
            QueryBuilder.Criterion("Protected", "Equals", [true]),
            QueryBuilder.Criterion("Encrypted", "Equals", [false]),
        ]);
        using var command = new SqlCommand();

        var where = QuerySql.Where(Dialect, command, query, DateTime.UtcNow);

        Parses(Dialect.Page($"SELECT id, conversation_id FROM conversation WHERE {where} ORDER BY start_time_utc DESC, id DESC", 100, 50));
        Parses($"SELECT COUNT(*) FROM conversation WHERE {where}");
    }
}
