using System.Net;
using System.Text.RegularExpressions;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Query;
using Microsoft.Data.SqlClient;

namespace ConversationExport.EngineTests.Catalog;

/// <summary>
/// The SQL the SQL Server dialect writes, checked as text: no SQL Server runs here. Executing it is the
/// provider suite's job (<see cref="SqlServerProviderTests"/>, in the sqlserver workflow).
/// </summary>
public sealed class SqlServerDialectTests
{
    private static readonly SqlServerDialect Dialect = SqlServerDialect.Instance;
    private const string Fold = "TRANSLATE({0} COLLATE Latin1_General_100_BIN2, N'ABCDEFGHIJKLMNOPQRSTUVWXYZ', N'abcdefghijklmnopqrstuvwxyz')";

    private static string Folded(string expression) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Fold, expression);

    // --- connection strings and logins ---

    [Fact]
    public void A_password_in_the_connection_string_moves_into_the_credential()
    {
        var info = ConversationCatalog.ForConnectionString(CatalogProvider.SqlServer, "Server=db01,1433;Database=recordings;User ID=exporter;Password=S3cret!;Encrypt=true");

        Assert.Equal(CatalogProvider.SqlServer, info.Provider);
        Assert.DoesNotContain("S3cret", info.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", info.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("exporter", info.ConnectionString, StringComparison.Ordinal);
        Assert.Equal("exporter", info.Credential!.UserName);
        Assert.Equal("S3cret!", info.Credential.Password);
        Assert.Equal("db01,1433/recordings", info.Server);
        Assert.Equal("SqlServer catalog db01,1433/recordings", info.ToString());
        Assert.DoesNotContain("S3cret", ConversationCatalog.EnvironmentValue(info), StringComparison.Ordinal);
        Assert.StartsWith("SqlServer:", ConversationCatalog.EnvironmentValue(info), StringComparison.Ordinal);
    }

    [Fact]
    public void A_given_credential_wins_over_a_password_in_the_connection_string()
    {
        var info = SqlServerDialect.Describe("Server=db01;Database=recordings;User ID=old;Password=old-secret", new NetworkCredential("exporter", "given"));

        Assert.DoesNotContain("old", info.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(("exporter", "given"), (info.Credential!.UserName, info.Credential.Password));
    }

    [Fact]
    public void Integrated_security_needs_no_credential()
    {
        var info = SqlServerDialect.Describe("Data Source=db01\\REC;Initial Catalog=recordings;Integrated Security=true", null);

        Assert.Null(info.Credential);
        Assert.True(new SqlConnectionStringBuilder(info.ConnectionString).IntegratedSecurity);
        Assert.Equal("db01\\REC/recordings", info.Server);
    }

    [Fact]
    public void Integrated_security_and_a_credential_together_are_refused()
    {
        var error = Assert.Throws<ConversationExportException>(() =>
            SqlServerDialect.Describe("Server=db01;Database=recordings;Integrated Security=true", new NetworkCredential("exporter", "pw")));

        Assert.Equal(ErrorId.CatalogConnectionInvalid, error.Id);
        Assert.Contains("Integrated Security", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_application_name_is_set_unless_the_connection_string_names_one()
    {
        Assert.Equal("ConversationExport", new SqlConnectionStringBuilder(SqlServerDialect.Describe("Server=db01;Database=r;Integrated Security=true", null).ConnectionString).ApplicationName);
        Assert.Equal("Nightly", new SqlConnectionStringBuilder(SqlServerDialect.Describe("Server=db01;Database=r;Integrated Security=true;Application Name=Nightly", null).ConnectionString).ApplicationName);
    }

    [Theory]
    [InlineData("Server=db01;Database=recordings;Colour=blue")]
    [InlineData("this is not a connection string")]
    [InlineData("Server=db01;Database=recordings;Connect Timeout=soon")]
    public void A_malformed_connection_string_is_refused_naming_the_keywords_it_takes(string connectionString)
    {
        var error = Assert.Throws<ConversationExportException>(() => ConversationCatalog.ForConnectionString(CatalogProvider.SqlServer, connectionString));

        Assert.Equal(ErrorId.CatalogConnectionInvalid, error.Id);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("Initial Catalog", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Server=db01;Integrated Security=true")]
    [InlineData("Database=recordings;Integrated Security=true")]
    public void A_connection_string_without_server_or_database_is_refused(string connectionString)
    {
        var error = Assert.Throws<ConversationExportException>(() => SqlServerDialect.Describe(connectionString, null));

        Assert.Equal(ErrorId.CatalogConnectionInvalid, error.Id);
        Assert.Contains("Data Source (Server) and Initial Catalog (Database)", error.Message, StringComparison.Ordinal);
    }

    // --- the schema ---

    private static string Schema => string.Concat(Dialect.Migrations);

    [Fact]
    public void There_are_as_many_migrations_as_on_every_other_provider_and_the_first_creates_version_7()
    {
        Assert.Equal(SqliteDialect.Instance.Migrations.Count, Dialect.Migrations.Count);
        Assert.Equal(PostgreSqlDialect.Instance.Migrations.Count, Dialect.Migrations.Count);
        Assert.All(Dialect.Migrations.Skip(1).Take(6), script => Assert.Equal("", script)); // 1..6: the first script creates version 7 at once
    }

    [Fact]
    public void The_schema_has_every_table_and_index_of_the_other_providers()
    {
        var tables = Names(Schema, @"CREATE TABLE (\w+)");
        var indexes = Names(Schema, @"CREATE (?:UNIQUE )?(?:CLUSTERED )?INDEX (\w+)");

        Assert.Equal(Names(string.Concat(PostgreSqlDialect.Instance.Migrations), @"CREATE TABLE (\w+)"), tables);
        Assert.Equal(Names(string.Concat(SqliteDialect.Instance.Migrations), @"CREATE TABLE (\w+)"), tables);
        var sqliteIndexes = Names(string.Concat(SqliteDialect.Instance.Migrations), @"CREATE (?:UNIQUE )?INDEX (\w+)");
        Assert.Subset(indexes, sqliteIndexes);
        Assert.Subset(indexes, Names(string.Concat(PostgreSqlDialect.Instance.Migrations), @"CREATE (?:UNIQUE )?INDEX (\w+)"));
    }

    [Fact]
    public void Every_table_has_every_column_of_the_PostgreSQL_schema()
    {
        var postgres = Tables(string.Concat(PostgreSqlDialect.Instance.Migrations));
        var sqlServer = Tables(Schema);
        Assert.Equal(22, postgres.Count); // the parser found every table: 15, export_template, and the 6 of principals and grants
        Assert.Equal(postgres.Keys.Order(), sqlServer.Keys.Order());
        foreach (var (table, body) in postgres)
        {
            foreach (var column in body.Split('\n').Select(l => l.Trim()).Where(l => !l.StartsWith("PRIMARY KEY", StringComparison.Ordinal))
                         .SelectMany(l => l.Split(", ")).Select(part => part.Split(' ')[0]).Where(c => c.Length > 0))
                Assert.Matches(new Regex($@"(^|\s)""?{column}""?\s+(BIGINT|INT|FLOAT|NVARCHAR|ROWVERSION|AS)\b", RegexOptions.Multiline), sqlServer[table]);
        }
    }

    [Fact]
    public void Every_text_column_compares_in_binary_whatever_the_database_collation()
    {
        Assert.Empty(Regex.Matches(Schema, @"NVARCHAR\((MAX|\d+)\)(?! COLLATE Latin1_General_100_BIN2)"));
        Assert.DoesNotMatch(@"\bTEXT\b|\bVARCHAR\b", Schema);
        // An index key holds at most 1700 bytes; a clustered one 900.
        Assert.All(Regex.Matches(Schema, @"NVARCHAR\((\d+)\)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)), n => Assert.InRange(n, 1, 800));
    }

    [Fact]
    public void Names_are_unique_without_regard_to_ASCII_case_through_folded_computed_columns()
    {
        foreach (var table in new[] { "principal", "storage_target", "export_task", "export_template" })
        {
            Assert.Contains($"CREATE UNIQUE INDEX ux_{table}_name ON {table} (name_fold);", Schema, StringComparison.Ordinal);
            Assert.Contains($"name_fold AS {Folded("name")} PERSISTED", Tables(Schema)[table], StringComparison.Ordinal);
        }
        Assert.Contains($"base_name_fold AS {Folded("base_name")} PERSISTED", Schema, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX ux_export_run_base ON export_run (destination_hash, base_name_fold);", Schema, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX ux_export_run_live_task ON export_run (task_id) WHERE task_id IS NOT NULL AND state IN ('Queued', 'Running');", Schema, StringComparison.Ordinal);
    }

    [Fact]
    public void The_searched_text_columns_are_indexed_on_the_expression_searches_compare()
    {
        foreach (var (column, index) in new[] { ("user_name", "ix_conversation_user"), ("extension", "ix_conversation_extension"), ("from_number", "ix_conversation_from"), ("to_number", "ix_conversation_to"),
                     ("label", "ix_conversation_label_label"), ("case_number", "ix_conversation_case_case"), ("group_name", "ix_conversation_group_group") })
        {
            Assert.Contains($"{column}_fold AS {Folded(column)} PERSISTED", Schema, StringComparison.Ordinal);
            Assert.Matches($@"CREATE INDEX {index} ON \w+ \({column}_fold[,)]", Schema);
            // The comparison a search writes is the computed column's definition, so the optimizer can match the index.
            Assert.StartsWith($"({Folded(column)} = ", Dialect.TextEquals(column, "@q0"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Changes_are_stamped_by_a_rowversion_read_as_a_bigint()
    {
        Assert.Contains("change_rv ROWVERSION,", Schema, StringComparison.Ordinal);
        Assert.Contains("change_seq AS CAST(change_rv AS BIGINT),", Schema, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX ix_conversation_change_seq ON conversation (change_rv);", Schema, StringComparison.Ordinal);
        Assert.True(Dialect.StampsChangesItself);
        Assert.False(SqliteDialect.Instance.StampsChangesItself);
        Assert.False(PostgreSqlDialect.Instance.StampsChangesItself);
        Assert.Equal("SELECT CAST(MIN_ACTIVE_ROWVERSION() AS BIGINT) - 1", Dialect.ChangeSequenceBoundSql);
        Assert.Throws<NotSupportedException>(() => Dialect.NextChangeSequence(null!, null!));
    }

    [Fact]
    public void The_schema_is_one_batch_that_SQL_Server_runs_as_it_is()
    {
        Assert.DoesNotMatch(@"(?im)^\s*GO\s*$", Schema);
        // These must begin a batch; inside EXEC(N'…') they are a batch of their own (the audit log's trigger).
        Assert.DoesNotMatch(@"(?i)CREATE\s+(TRIGGER|FUNCTION|PROCEDURE|VIEW)", Regex.Replace(Schema, @"EXEC\(N'(?:[^']|'')*'\);", ""));
        Assert.DoesNotMatch(@"(?i)\bAUTOINCREMENT\b|\bGENERATED\b|\bIDENTITY\b(?!\(1,1\))|\|\||::", Schema);
        // TRIGGER is a reserved word in T-SQL: the column is quoted, and the engine quotes it too.
        Assert.Contains("\"trigger\" NVARCHAR(MAX)", Schema, StringComparison.Ordinal);
    }

    [Fact]
    public void Child_rows_go_with_their_conversation_run_or_task()
    {
        Assert.Equal(4, Regex.Matches(Schema, @"REFERENCES conversation\(id\) ON DELETE CASCADE").Count);
        Assert.Equal(2, Regex.Matches(Schema, @"REFERENCES export_run\(id\) ON DELETE CASCADE").Count); // run_item, run_worker
        Assert.Equal(2, Regex.Matches(Schema, @"REFERENCES export_task\(id\) ON DELETE CASCADE").Count);
        Assert.Single(Regex.Matches(Schema, @"REFERENCES export_task\(id\) ON DELETE SET NULL"));
    }

    // --- statements ---

    [Fact]
    public void Text_comparisons_fold_ASCII_letters_only_and_keep_trailing_spaces_significant()
    {
        Assert.Equal($"({Folded("user_name")} = {Folded("@q0")} AND DATALENGTH(user_name) = DATALENGTH(@q0))", Dialect.TextEquals("user_name", "@q0"));
        Assert.Equal($"{Folded("r.task_name")} LIKE {Folded("@q1")} ESCAPE '\\'", Dialect.TextLike("r.task_name", "@q1", escaped: true));
        Assert.Equal($"{Folded("label")} LIKE {Folded("@q2")}", Dialect.TextLike("label", "@q2", escaped: false));
    }

    [Fact]
    public void An_opening_bracket_in_a_pattern_is_escaped_since_SQL_Server_reads_it_as_a_character_class()
    {
        Assert.Equal("[", Dialect.LikeSpecialCharacters);
        Assert.Equal(@"a\[b]\%\_%_", QuerySql.LikePattern("a[b]%_*?", Dialect.LikeSpecialCharacters));

        using var command = new SqlCommand();
        var where = QuerySql.Where(Dialect, command, QueryBuilder.Query([QueryBuilder.Criterion("User", "Like", ["[A-Z]*"])]), DateTime.UtcNow);

        Assert.Equal($"((user_name IS NOT NULL AND {Folded("user_name")} LIKE {Folded("@q0")} ESCAPE '\\'))", where);
        Assert.Equal(@"\[A-Z]%", command.Parameters["@q0"].Value);
    }

    [Fact]
    public void A_pattern_without_wildcards_is_an_equality()
    {
        using var command = new SqlCommand();
        var where = QuerySql.Where(Dialect, command, QueryBuilder.Query([QueryBuilder.Criterion("Group", "HasAny", ["Sales[EU]"])]), DateTime.UtcNow);

        Assert.Equal($"(conversation.id IN (SELECT conversation_pk FROM conversation_group WHERE ({Folded("group_name")} = {Folded("@q0")} AND DATALENGTH(group_name) = DATALENGTH(@q0))))", where);
        Assert.Equal("Sales[EU]", command.Parameters["@q0"].Value);
    }

    [Fact]
    public void An_insert_returns_the_new_id_through_OUTPUT()
    {
        Assert.Equal("INSERT INTO export_run (a, b) OUTPUT INSERTED.id VALUES (@a, 'Queued')", Dialect.InsertReturningId("export_run", "a, b", "@a, 'Queued'"));
    }

    [Fact]
    public void An_insert_unless_exists_checks_the_key_under_a_range_lock_held_to_the_end_of_the_transaction()
    {
        Assert.Equal(
            "INSERT INTO run_item (run_id, base_key, state) SELECT @run, @key, 'Pending' WHERE NOT EXISTS (SELECT 1 FROM run_item WITH (UPDLOCK, HOLDLOCK) WHERE run_id = @run AND base_key = @key)",
            Dialect.InsertUnlessExists("run_item", "run_id, base_key, state", "@run, @key, 'Pending'", [("run_id", "@run"), ("base_key", "@key")]));
    }

    [Fact]
    public void Pages_use_OFFSET_and_FETCH_and_an_empty_page_needs_no_FETCH()
    {
        const string select = "SELECT id FROM conversation ORDER BY id";
        Assert.Equal($"{select} OFFSET 20 ROWS FETCH NEXT 10 ROWS ONLY", Dialect.Page(select, 10, 20));
        Assert.Equal($"{select} OFFSET 0 ROWS FETCH NEXT 500 ROWS ONLY", Dialect.Page(select, 500));
        Assert.Equal($"{select} OFFSET 5 ROWS", Dialect.Page(select, null, 5));
        Assert.Equal($"{select} OFFSET 0 ROWS", Dialect.Page(select, null));
        Assert.Equal($"SELECT TOP (0) * FROM ({select} OFFSET 3 ROWS) AS page", Dialect.Page(select, 0, 3));
    }

    [Fact]
    public void Text_is_concatenated_with_CONCAT()
    {
        Assert.Equal("CONCAT(message, ' ', @given_up)", Dialect.Concat("message", "' '", "@given_up"));
        Assert.Equal("message", Dialect.Concat("message"));
        Assert.Equal("1", Dialect.BooleanLiteral(true));
        Assert.Equal("0", Dialect.BooleanLiteral(false));
    }

    [Fact]
    public void The_write_lock_is_an_exclusive_application_lock_owned_by_the_transaction()
    {
        Assert.Contains("EXEC @result = sp_getapplock @Resource = N'ConversationExport.catalog', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000;", SqlServerDialect.WriteLockSql, StringComparison.Ordinal);
        Assert.EndsWith("SELECT @result;", SqlServerDialect.WriteLockSql, StringComparison.Ordinal);
        Assert.Equal("it stayed held for 30 seconds", SqlServerDialect.WriteLockRefusal(-1));
        Assert.Equal("the request was chosen as a deadlock victim", SqlServerDialect.WriteLockRefusal(-3));
    }

    [Fact]
    public void The_catalog_tables_are_looked_for_in_the_default_schema()
    {
        Assert.Equal("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_NAME = 'schema_version'", Dialect.SchemaVersionTableExistsSql);
        Assert.Equal("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_TYPE = 'BASE TABLE'", Dialect.UserTableCountSql);
        Assert.Empty(Dialect.CheckIntegrity(null!));
    }

    // --- errors ---

    [Theory]
    [InlineData(18456, "Login")]
    [InlineData(18488, "Login")]
    [InlineData(4060, "MissingDatabase")]
    [InlineData(229, "Permission")]
    [InlineData(262, "Permission")]
    [InlineData(-2, "Unreachable")]
    [InlineData(53, "Unreachable")]
    [InlineData(2, "Unreachable")]
    [InlineData(10054, "Unreachable")]
    [InlineData(10060, "Unreachable")]
    [InlineData(10061, "Unreachable")]
    public void Server_errors_are_told_apart_by_number(int number, string failure) => Assert.Equal(Enum.Parse<SqlServerDialect.Failure>(failure), SqlServerDialect.Classify(number));

    [Theory]
    [InlineData(2627)] // unique key violation: the caller's business
    [InlineData(547)]  // foreign key violation
    [InlineData(208)]  // invalid object name
    public void Other_server_errors_are_left_to_the_caller(int number) => Assert.Null(SqlServerDialect.Classify(number));

    [Fact]
    public void Transient_errors_are_the_usual_ones_and_a_wrong_password_is_not_one()
    {
        int[] transient = [4060, 40197, 40501, 40613, 49918, 49919, 49920, 1205, -2, 233, 10053, 10054, 10060, 64];
        Assert.Subset(SqlServerDialect.TransientNumbers.ToHashSet(), transient.ToHashSet());
        Assert.DoesNotContain(18456, SqlServerDialect.TransientNumbers);
        Assert.DoesNotContain(229, SqlServerDialect.TransientNumbers);
        Assert.False(Dialect.IsTransient(new TimeoutException()));
        Assert.Null(Dialect.Explain(new InvalidOperationException("not SQL"), new CatalogInfo(CatalogProvider.SqlServer, "", null)));
    }

    [Theory]
    [InlineData(1205, true)]   // chosen as the deadlock victim: rolled back, worth redoing
    [InlineData(-2, false)]    // timeout: transient when connecting, but not a conflict
    [InlineData(4060, false)]
    [InlineData(18456, false)]
    [InlineData(2627, false)]  // unique key violation
    public void Only_a_deadlock_victim_is_a_conflict(int number, bool conflict)
    {
        Assert.Equal(conflict, SqlServerDialect.IsConflictNumber(number));
        Assert.Equal(conflict, Dialect.IsConflict(ServerError(number)));
        // Whatever it is, a deadlock is never reported as an unreachable server.
        if (conflict) Assert.Null(Dialect.Explain(ServerError(number), new CatalogInfo(CatalogProvider.SqlServer, "", null)));
    }

    [Fact]
    public void A_conflict_is_found_among_the_errors_of_one_exception_and_other_providers_exceptions_are_none()
    {
        Assert.True(Dialect.IsConflict(ServerError(3621, 1205))); // "the statement has been terminated", then the deadlock
        Assert.False(Dialect.IsConflict(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5)));
        Assert.False(SqliteDialect.Instance.IsConflict(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5)));
    }

    /// <summary>
    /// A SqlException as SqlClient builds it from the server's error tokens. SqlClient offers no public way to make
    /// one, and no SQL Server runs here, so its own internal factory is called.
    /// </summary>
    private static SqlException ServerError(params int[] numbers)
    {
        const System.Reflection.BindingFlags Internal = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static;
        var errors = (SqlErrorCollection)Activator.CreateInstance(typeof(SqlErrorCollection), nonPublic: true)!;
        var add = typeof(SqlErrorCollection).GetMethod("Add", Internal)!;
        var errorConstructor = typeof(SqlError).GetConstructor(Internal, [typeof(int), typeof(byte), typeof(byte), typeof(string), typeof(string), typeof(string), typeof(int), typeof(Exception)])!;
        foreach (var number in numbers)
            add.Invoke(errors, [errorConstructor.Invoke([number, (byte)1, (byte)13, "db01", $"error {number}", "", 0, null])]);
        var create = typeof(SqlException).GetMethod("CreateException", Internal, [typeof(SqlErrorCollection), typeof(string)])!;
        return (SqlException)create.Invoke(null, [errors, "16.00.1000"])!;
    }

    [Fact]
    public void A_damaged_catalog_is_reported_with_the_server_s_own_check()
    {
        var info = SqlServerDialect.Describe("Server=db01;Database=recordings;Integrated Security=true", null);
        var error = Dialect.CorruptCatalog(info, "a page checksum failed.");

        Assert.Equal(ErrorId.CatalogCorrupt, error.Id);
        Assert.Contains("DBCC CHECKDB", error.Message, StringComparison.Ordinal);
        Assert.Contains("db01/recordings", error.Message, StringComparison.Ordinal);
    }

    private static SortedSet<string> Names(string script, string pattern) =>
        new(Regex.Matches(script, pattern).Select(m => m.Groups[1].Value), StringComparer.Ordinal);

    private static Dictionary<string, string> Tables(string script) =>
        Regex.Matches(script, @"CREATE TABLE (\w+) \(\n(.*?)\n\s*\);", RegexOptions.Singleline).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
}
