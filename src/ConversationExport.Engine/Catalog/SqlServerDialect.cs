using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Data.SqlClient;
using static System.FormattableString;

namespace ConversationExport.Engine.Catalog;

/// <summary>
/// SQL Server catalogs (Microsoft.Data.SqlClient), SQL Server 2017 or later / Azure SQL with compatibility
/// level 140 or more (TRANSLATE). Every text column has a binary collation, so plain comparisons are exact
/// as on SQLite whatever the database's default collation; case-insensitive comparisons fold ASCII only.
/// </summary>
internal sealed class SqlServerDialect : ICatalogDialect
{
    public static readonly SqlServerDialect Instance = new();

    /// <summary>The application lock that stands for the catalog's write lock (database-scoped, like the catalog).</summary>
    internal const string WriteLockResource = "ConversationExport.catalog";

    /// <summary>How long a writer waits for another's write transaction; SQLite's busy timeout is the same.</summary>
    private const int WriteLockTimeoutMs = 30_000;

    // Code-point order and exact equality, like SQLite's BINARY; the database's default collation may be anything.
    internal const string BinaryCollation = "Latin1_General_100_BIN2";

    // Indexed text: an index key holds at most 900 bytes (clustered) or 1700 (nonclustered), NVARCHAR(MAX) none.
    private const string Key = $"NVARCHAR(450) COLLATE {BinaryCollation}";
    private const string Text = $"NVARCHAR(MAX) COLLATE {BinaryCollation}";

    // ASCII-only case folding, the same as SQLite's NOCASE and the in-memory evaluator: a case-insensitive
    // collation would also fold (and accent-fold) non-ASCII letters, and the same query must select the same
    // conversations on every provider. Under a binary collation TRANSLATE maps exactly A-Z.
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", Lower = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// The folded form of a text expression. The catalog's case-insensitive indexes are persisted computed
    /// columns defined by exactly this text, so the optimizer can match a comparison to them.
    /// </summary>
    internal static string Fold(string expression) => $"TRANSLATE({expression} COLLATE {BinaryCollation}, N'{Upper}', N'{Lower}')";

    // Login, database and network failures by SqlError.Number, the most telling first: a missing database
    // comes as 4060 followed by 18456 (login failed), and the database is what to fix.
    internal enum Failure { MissingDatabase, Login, Permission, Unreachable }

    /// <summary>Errors worth another attempt to connect: a server or database restarting, failing over or throttling, a dropped link.</summary>
    internal static readonly IReadOnlySet<int> TransientNumbers = new HashSet<int>
    {
        4060,                       // cannot open database: also while an Azure database comes online
        40197, 40501, 40613,        // Azure SQL: service error, busy, database unavailable
        49918, 49919, 49920,        // Azure SQL: too many operations in progress
        10928, 10929,               // Azure SQL: resource limits
        1205,                       // deadlock victim
        -2,                         // timeout
        233, 64,                    // connection closed by the server / network name no longer available
        10053, 10054, 10060, 10061, // connection aborted, reset, timed out, refused (a server restarting)
    };

    internal static Failure? Classify(int number) => number switch
    {
        18456 or 18452 or 18486 or 18487 or 18488 => Failure.Login, // login failed, untrusted domain, locked out, password expired / must change
        4060 => Failure.MissingDatabase,
        229 or 230 or 262 or 297 or 300 => Failure.Permission,     // permission denied on an object, a column, CREATE, the database
        -2 or -1 or 2 or 26 or 35 or 40 or 53 or 64 or 121 or 233 or 10053 or 10054 or 10060 or 10061 or 11001 or 11004 => Failure.Unreachable,
        _ => null,
    };

    /// <summary>One SqlCredential per NetworkCredential: SqlClient pools connections by credential instance, so a new one per open would never reuse a connection.</summary>
    private static readonly ConditionalWeakTable<System.Net.NetworkCredential, SqlCredential> Credentials = new();

    public CatalogProvider Provider => CatalogProvider.SqlServer;

    /// <summary>
    /// A catalog on a SQL Server. A password in the connection string moves into the catalog's credential,
    /// so the connection string the session shows, stores or hands to a scheduled or background run never
    /// holds one. Integrated Security logs in as the process's Windows (or Kerberos) identity, with no credential.
    /// </summary>
    public static CatalogInfo Describe(string connectionString, System.Net.NetworkCredential? credential)
    {
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connectionString);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            throw new ConversationExportException(ErrorId.CatalogConnectionInvalid, ErrorKind.InvalidArgument,
                $"The SQL Server connection string is not valid: {error.Message} Use keywords such as 'Server=db01;Database=recordings;Integrated Security=true' " +
                "(accepted: Data Source/Server, Initial Catalog/Database, Integrated Security, User ID, Encrypt, TrustServerCertificate, Application Name, Connect Timeout …).",
                null, error);
        }
        if (string.IsNullOrWhiteSpace(builder.DataSource) || string.IsNullOrWhiteSpace(builder.InitialCatalog))
            throw new ConversationExportException(ErrorId.CatalogConnectionInvalid, ErrorKind.InvalidArgument,
                "A SQL Server catalog's connection string needs Data Source (Server) and Initial Catalog (Database), e.g. 'Server=db01;Database=recordings;Integrated Security=true' (the login: Integrated Security, or -Credential).");
        if (credential is null && !string.IsNullOrEmpty(builder.Password))
            credential = new System.Net.NetworkCredential(builder.UserID, builder.Password);
        builder.Remove("Password");
        if (credential is not null)
        {
            if (builder.IntegratedSecurity)
                throw new ConversationExportException(ErrorId.CatalogConnectionInvalid, ErrorKind.InvalidArgument,
                    "A SQL Server catalog logs in either with Integrated Security (the Windows identity of the process) or with a SQL login (-Credential, or User ID and Password), not both: remove one.");
            builder.Remove("User ID");
        }
        if (!builder.ShouldSerialize("Application Name")) builder.ApplicationName = "ConversationExport";
        // ConnectRetryCount stays SqlClient's: it re-opens an idle pooled connection the network broke.
        // Opening itself is retried by ConversationCatalog (IsTransient); a higher count would multiply its waits.
        return new CatalogInfo(CatalogProvider.SqlServer, builder.ConnectionString, null)
        {
            Credential = credential,
            Server = $"{builder.DataSource}/{builder.InitialCatalog}",
        };
    }

    public DbConnection Open(string connectionString, System.Net.NetworkCredential? credential)
    {
        // A search streams conversations through one reader and loads their child rows on the same connection meanwhile.
        var builder = new SqlConnectionStringBuilder(connectionString) { MultipleActiveResultSets = true };
        var connection = credential is null ? new SqlConnection(builder.ConnectionString) : new SqlConnection(builder.ConnectionString, SqlCredentialFor(credential));
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // The password goes from the credential's SecureString to the login packet; it is never a string in a connection string.
    private static SqlCredential SqlCredentialFor(System.Net.NetworkCredential credential) => Credentials.GetValue(credential, c =>
    {
        var password = c.SecurePassword;
        password.MakeReadOnly();
        return new SqlCredential(c.UserName, password);
    });

    /// <summary>
    /// Nothing is changed database-wide: the catalog may live in a database the module does not own. A DBA
    /// may turn on READ_COMMITTED_SNAPSHOT so searches never wait for an import's locks; correctness does not
    /// depend on it (see <see cref="BeginWrite"/> and <see cref="ChangeSequenceBoundSql"/>).
    /// </summary>
    public void PrepareDatabase(DbConnection connection)
    {
    }

    // The server checks its pages itself (page checksums); DBCC CHECKDB is far too heavy to run per command.
    public IReadOnlyList<string> CheckIntegrity(DbConnection connection) => [];

    public ConversationExportException CorruptCatalog(CatalogInfo catalog, string found, Exception? inner = null) => new(ErrorId.CatalogCorrupt, ErrorKind.InvalidData,
        $"The catalog {catalog} is damaged: {found.TrimEnd('.')}. Check it with DBCC CHECKDB and restore the database from a backup.",
        catalog.ToString(), inner);

    // The catalog's tables are created unqualified, so in the login's default schema; only that schema is looked at.
    public string SchemaVersionTableExistsSql =>
        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_NAME = 'schema_version'";

    public string UserTableCountSql =>
        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_TYPE = 'BASE TABLE'";

    // SQL Server's = ignores trailing spaces (even under a binary collation); equal lengths make it exact, as on SQLite.
    public string TextEquals(string column, string parameter) => $"({Fold(column)} = {Fold(parameter)} AND DATALENGTH({column}) = DATALENGTH({parameter}))";

    // LIKE keeps trailing spaces significant, and every [ of a pattern is escaped (LikeSpecialCharacters).
    public string TextLike(string column, string parameter, bool escaped) => $"{Fold(column)} LIKE {Fold(parameter)}{(escaped ? " ESCAPE '\\'" : "")}";

    public string? CurrentLoginSql => "SELECT SUSER_SNAME()";

    public string BooleanLiteral(bool value) => value ? "1" : "0";

    // [ opens a character class in SQL Server's LIKE; with every [ escaped, ] and ^ are plain characters.
    public string LikeSpecialCharacters => "[";

    // OUTPUT without INTO is refused on a table with triggers; the catalog's tables have none.
    public string InsertReturningId(string table, string columns, string values) => $"INSERT INTO {table} ({columns}) OUTPUT INSERTED.id VALUES ({values})";

    /// <summary>
    /// UPDLOCK and HOLDLOCK keep the checked key range locked until the transaction ends, so a concurrent
    /// insert of the same key waits instead of failing on the unique index between the check and the insert.
    /// </summary>
    public string InsertUnlessExists(string table, string columns, string values, IReadOnlyList<(string Column, string Value)> key) =>
        $"INSERT INTO {table} ({columns}) SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {string.Join(" AND ", key.Select(k => $"{k.Column} = {k.Value}"))})";

    // FETCH NEXT 0 ROWS is an error in SQL Server, so an empty page is asked for with TOP (0).
    public string Page(string orderedSelect, long? first, long skip = 0) => first switch
    {
        null => Invariant($"{orderedSelect} OFFSET {skip} ROWS"),
        <= 0 => Invariant($"SELECT TOP (0) * FROM ({orderedSelect} OFFSET {skip} ROWS) AS page"),
        { } n => Invariant($"{orderedSelect} OFFSET {skip} ROWS FETCH NEXT {n} ROWS ONLY"),
    };

    // CONCAT takes two arguments or more.
    // UPDLOCK holds the leased rows until the transaction ends; READPAST skips rows another server holds, instead of waiting.
    public string LockingPage(string columns, string table, string where, string orderBy, long first) =>
        $"SELECT TOP ({first}) {columns} FROM {table} WITH (UPDLOCK, READPAST, ROWLOCK) WHERE {where} ORDER BY {orderBy}";

    public string Concat(params string[] parts) => parts.Length == 1 ? parts[0] : $"CONCAT({string.Join(", ", parts)})";

    /// <summary>
    /// Read committed, plus an exclusive application lock owned by the transaction that every catalog write
    /// takes first: the module's writers then serialize exactly as on SQLite, and each statement after the
    /// lock sees everything committed before it (with or without READ_COMMITTED_SNAPSHOT, a statement reads
    /// what was committed when it started). Readers are never blocked by the lock itself.
    /// </summary>
    public DbTransaction BeginWrite(DbConnection connection)
    {
        var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        try
        {
            using var command = DbExtensions.Command(connection, transaction, WriteLockSql);
            command.CommandTimeout = WriteLockTimeoutMs / 1000 + 30; // the lock's own timeout answers first, with its reason
            var result = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (result < 0)
                throw new ConversationExportException(ErrorId.CatalogUnavailable, ErrorKind.ResourceUnavailable,
                    $"The catalog's write lock was not granted: {WriteLockRefusal(result)}. Another process is writing to the catalog; try again when it is done.");
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    internal static readonly string WriteLockSql = Invariant($"""
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = N'{WriteLockResource}', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = {WriteLockTimeoutMs};
        SELECT @result;
        """);

    internal static string WriteLockRefusal(int result) => result switch
    {
        -1 => $"it stayed held for {WriteLockTimeoutMs / 1000} seconds",
        -2 => "the request was cancelled",
        -3 => "the request was chosen as a deadlock victim",
        _ => $"sp_getapplock returned {result}",
    };

    /// <summary>
    /// SQL Server stamps every insert and update of a conversation itself: change_rv is a rowversion, and
    /// change_seq reads it as a BIGINT. Writes by other tools are stamped the same way.
    /// </summary>
    public bool StampsChangesItself => true;

    /// <summary>
    /// The bound is one below MIN_ACTIVE_ROWVERSION(), the lowest rowversion still held by an open transaction
    /// (or the next one to be handed out when none is open). Rowversions are taken from one database-wide
    /// counter at the moment a row is written, so a writer still open holds a value at or above the bound's
    /// source and keeps the bound below its rows; every row stamped at or below the bound belongs to a
    /// transaction that has ended, committed (and visible to any later statement, under locking read committed
    /// and snapshot alike) or rolled back (and gone). A run that takes changes up to the bound therefore never
    /// misses a row that commits later with a lower stamp: that row is taken by the next run.
    /// </summary>
    public string ChangeSequenceBoundSql => "SELECT CAST(MIN_ACTIVE_ROWVERSION() AS BIGINT) - 1";

    public long NextChangeSequence(DbConnection connection, DbTransaction transaction) =>
        throw new NotSupportedException("SQL Server stamps changes itself (rowversion, see StampsChangesItself): no change sequence is taken.");

    public ConversationExportException? Explain(Exception error, CatalogInfo catalog)
    {
        if (error is not SqlException sql) return null;
        var failure = sql.Errors.Cast<SqlError>().Select(e => Classify(e.Number)).Min()
            ?? (sql.InnerException is SocketException or TimeoutException or IOException ? Failure.Unreachable : null);
        return failure switch
        {
            Failure.Login => new ConversationExportException(ErrorId.CatalogLoginFailed, ErrorKind.PermissionDenied,
                $"SQL Server refused the login for the catalog {catalog}: {sql.Message} Check -Credential (user name and password), or the Windows account when Integrated Security is used.", catalog.ToString(), error),
            Failure.MissingDatabase => new ConversationExportException(ErrorId.CatalogNotFound, ErrorKind.NotFound,
                $"The database of the catalog {catalog} does not exist on the server, or its login may not open it: {sql.Message} Create the database (and a user for the login in it), then Initialize-ConversationCatalog -Provider SqlServer -ConnectionString '…'.", catalog.ToString(), error),
            Failure.Permission => new ConversationExportException(ErrorId.CatalogLoginFailed, ErrorKind.PermissionDenied,
                $"The login of the catalog {catalog} lacks a permission it needs: {sql.Message}", catalog.ToString(), error),
            Failure.Unreachable => new ConversationExportException(ErrorId.CatalogUnavailable, ErrorKind.ResourceUnavailable,
                $"The SQL Server of the catalog {catalog} cannot be reached: {sql.Message} Check the server name and port, that the server is running and accepts TCP connections.", catalog.ToString(), error),
            _ => null,
        };
    }

    public bool IsTransient(Exception error) => error is SqlException sql && sql.Errors.Cast<SqlError>().Any(e => TransientNumbers.Contains(e.Number));

    public bool IsConflict(DbException error) => error is SqlException sql && sql.Errors.Cast<SqlError>().Any(e => IsConflictNumber(e.Number));

    /// <summary>1205: the transaction was chosen as the victim of a deadlock, and rolled back.</summary>
    internal static bool IsConflictNumber(int number) => number == 1205;

    /// <summary>
    /// The whole schema of version 7 at once (SQL Server catalogs began at 7), as one batch: SQL Server resolves
    /// the names of tables created earlier in the same batch when each statement runs. The scripts that follow
    /// only bring the version number along, and later versions add real steps after them.
    /// No table is reachable from another by two cascading paths (SQL Server refuses such foreign keys):
    /// conversation cascades to its child rows; export_task to task_export and export_schedule, and sets
    /// export_run.task_id to NULL; export_run cascades to run_item.
    /// </summary>
    public IReadOnlyList<string> Migrations { get; } =
    [
        $$"""
        CREATE TABLE schema_version (version INT NOT NULL);
        INSERT INTO schema_version (version) VALUES (0);
        -- Unused here (changes are stamped with rowversions); kept so every provider has the same tables.
        CREATE TABLE change_sequence (value BIGINT NOT NULL);
        INSERT INTO change_sequence (value) VALUES (0);
        CREATE TABLE conversation (
            id BIGINT IDENTITY(1,1) PRIMARY KEY,
            conversation_id {{Key}} NOT NULL UNIQUE,
            native_id {{Text}},
            from_number {{Key}}, from_info {{Text}}, from_device_id {{Text}}, from_ip {{Text}},
            to_number {{Key}}, to_info {{Text}}, to_device_id {{Text}}, to_ip {{Text}},
            dialed_number {{Text}},
            user_name {{Key}}, user_location {{Text}}, extension {{Key}}, user_id {{Text}},
            start_time_utc BIGINT NOT NULL,
            end_time_utc BIGINT,
            duration_ms BIGINT NOT NULL,
            direction {{Text}} NOT NULL,
            end_cause {{Text}},
            conversation_type {{Text}} NOT NULL,
            forward_reason {{Text}},
            protected BIGINT NOT NULL,
            encrypted_with {{Text}},
            signed_with {{Text}},
            has_qm_scorecard BIGINT NOT NULL,
            source_platform {{Text}},
            imported BIGINT NOT NULL,
            silence_ratio FLOAT,
            talkover_ratio FLOAT,
            longest_silence_ms BIGINT,
            recording_server {{Text}},
            media_file_name {{Text}},
            storage_target {{Text}},
            dataset {{Text}} NOT NULL,
            cdr_only BIGINT NOT NULL,
            sidecar_path {{Text}},
            fingerprint {{Text}} NOT NULL,
            -- Any writer, the module or another tool, stamps its changes (see ChangeSequenceBoundSql).
            change_rv ROWVERSION,
            change_seq AS CAST(change_rv AS BIGINT),
            from_digits BIGINT,
            to_digits BIGINT,
            user_name_fold AS {{Fold("user_name")}} PERSISTED,
            extension_fold AS {{Fold("extension")}} PERSISTED,
            from_number_fold AS {{Fold("from_number")}} PERSISTED,
            to_number_fold AS {{Fold("to_number")}} PERSISTED
        );
        -- The child tables' keys are nonclustered (a clustered key holds at most 900 bytes); their rows cluster by conversation.
        CREATE TABLE conversation_group (
            conversation_pk BIGINT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            group_name {{Key}} NOT NULL,
            group_name_fold AS {{Fold("group_name")}} PERSISTED,
            PRIMARY KEY NONCLUSTERED (conversation_pk, group_name)
        );
        CREATE CLUSTERED INDEX cx_conversation_group ON conversation_group (conversation_pk);
        CREATE TABLE conversation_label (
            conversation_pk BIGINT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            label {{Key}} NOT NULL,
            legal_hold BIGINT NOT NULL,
            label_fold AS {{Fold("label")}} PERSISTED,
            PRIMARY KEY NONCLUSTERED (conversation_pk, label)
        );
        CREATE CLUSTERED INDEX cx_conversation_label ON conversation_label (conversation_pk);
        CREATE TABLE conversation_case (
            conversation_pk BIGINT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            case_number {{Key}} NOT NULL,
            case_number_fold AS {{Fold("case_number")}} PERSISTED,
            PRIMARY KEY NONCLUSTERED (conversation_pk, case_number)
        );
        CREATE CLUSTERED INDEX cx_conversation_case ON conversation_case (conversation_pk);
        CREATE TABLE conversation_file (
            conversation_pk BIGINT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            ordinal BIGINT NOT NULL,
            kind {{Text}} NOT NULL,
            location {{Text}} NOT NULL,
            size BIGINT NOT NULL,
            extension {{Text}} NOT NULL,
            PRIMARY KEY (conversation_pk, ordinal)
        );
        -- change_seq > @watermark cannot seek on a CAST, but this narrow index is scanned instead of the table.
        CREATE INDEX ix_conversation_change_seq ON conversation (change_rv);
        CREATE INDEX ix_conversation_start ON conversation (start_time_utc);
        CREATE INDEX ix_conversation_user ON conversation (user_name_fold, start_time_utc);
        CREATE INDEX ix_conversation_extension ON conversation (extension_fold);
        CREATE INDEX ix_conversation_from ON conversation (from_number_fold);
        CREATE INDEX ix_conversation_to ON conversation (to_number_fold);
        CREATE INDEX ix_conversation_label_label ON conversation_label (label_fold);
        CREATE INDEX ix_conversation_case_case ON conversation_case (case_number_fold);
        CREATE INDEX ix_conversation_group_group ON conversation_group (group_name_fold);
        CREATE INDEX ix_conversation_from_digits ON conversation (from_digits);
        CREATE INDEX ix_conversation_to_digits ON conversation (to_digits);
        CREATE INDEX ix_conversation_duration ON conversation (duration_ms);
        CREATE TABLE principal (
            name {{Key}} NOT NULL PRIMARY KEY,
            is_administrator BIGINT NOT NULL,
            created_utc BIGINT NOT NULL,
            name_fold AS {{Fold("name")}} PERSISTED
        );
        CREATE UNIQUE INDEX ux_principal_name ON principal (name_fold);
        CREATE TABLE setting (
            name {{Key}} NOT NULL PRIMARY KEY,
            value {{Text}}
        );
        CREATE TABLE audit_log (
            id BIGINT IDENTITY(1,1) PRIMARY KEY,
            time_utc BIGINT NOT NULL,
            principal {{Text}} NOT NULL,
            machine {{Text}} NOT NULL,
            action {{Text}} NOT NULL,
            target {{Text}},
            detail {{Text}}
        );
        CREATE TABLE storage_target (
            id BIGINT IDENTITY(1,1) PRIMARY KEY,
            name {{Key}} NOT NULL,
            type {{Text}} NOT NULL,
            settings {{Text}} NOT NULL,
            created_utc BIGINT NOT NULL,
            created_by {{Text}} NOT NULL,
            name_fold AS {{Fold("name")}} PERSISTED
        );
        CREATE UNIQUE INDEX ux_storage_target_name ON storage_target (name_fold);
        CREATE TABLE export_task (
            id BIGINT IDENTITY(1,1) PRIMARY KEY,
            name {{Key}} NOT NULL,
            enabled BIGINT NOT NULL,
            settings {{Text}} NOT NULL,
            created_utc BIGINT NOT NULL,
            created_by {{Text}} NOT NULL,
            modified_utc BIGINT NOT NULL,
            modified_by {{Text}} NOT NULL,
            watermark BIGINT NOT NULL DEFAULT 0,
            name_fold AS {{Fold("name")}} PERSISTED
        );
        CREATE UNIQUE INDEX ux_export_task_name ON export_task (name_fold);
        CREATE TABLE export_run (
            id BIGINT IDENTITY(1,1) PRIMARY KEY,
            task_id BIGINT REFERENCES export_task(id) ON DELETE SET NULL,
            task_name {{Text}} NOT NULL,
            "trigger" {{Text}} NOT NULL,
            settings {{Text}} NOT NULL,
            state {{Key}} NOT NULL,
            destination {{Text}} NOT NULL,
            base_name {{Key}} NOT NULL,
            selected BIGINT NOT NULL DEFAULT 0,
            exported BIGINT NOT NULL DEFAULT 0,
            skipped BIGINT NOT NULL DEFAULT 0,
            failed BIGINT NOT NULL DEFAULT 0,
            bytes BIGINT NOT NULL DEFAULT 0,
            total_bytes BIGINT NOT NULL DEFAULT 0,
            next_part BIGINT NOT NULL DEFAULT 1,
            outputs {{Text}} NOT NULL DEFAULT N'[]',
            message {{Text}},
            stop_requested BIGINT NOT NULL DEFAULT 0,
            started_utc BIGINT NOT NULL,
            ended_utc BIGINT,
            heartbeat_utc BIGINT NOT NULL,
            started_by {{Text}} NOT NULL,
            machine {{Text}} NOT NULL,
            process_id BIGINT NOT NULL,
            watermark BIGINT NOT NULL DEFAULT 0,
            written BIGINT NOT NULL DEFAULT 0,
            written_bytes BIGINT NOT NULL DEFAULT 0,
            resume_attempts BIGINT NOT NULL DEFAULT 0,
            incremental BIGINT NOT NULL DEFAULT 0,
            snapshot_done BIGINT NOT NULL DEFAULT 1,
            -- A destination is a path of any length, too long for an index key: its SHA-256 stands for it.
            destination_hash AS CAST(HASHBYTES('SHA2_256', destination) AS BINARY(32)) PERSISTED,
            base_name_fold AS {{Fold("base_name")}} PERSISTED
        );
        CREATE INDEX ix_export_run_task ON export_run (task_id, id);
        CREATE INDEX ix_export_run_state ON export_run (state);
        CREATE UNIQUE INDEX ux_export_run_live_task ON export_run (task_id) WHERE task_id IS NOT NULL AND state IN ('Queued', 'Running');
        CREATE UNIQUE INDEX ux_export_run_base ON export_run (destination_hash, base_name_fold);
        CREATE TABLE run_item (
            run_id BIGINT NOT NULL REFERENCES export_run(id) ON DELETE CASCADE,
            seq BIGINT NOT NULL,
            conversation_pk BIGINT NOT NULL,
            conversation_id {{Text}} NOT NULL,
            base_path {{Text}} NOT NULL,
            -- A relative path: as long as a nonclustered key allows beside run_id (8 + 1600 of 1700 bytes).
            base_key NVARCHAR(800) COLLATE {{BinaryCollation}} NOT NULL,
            state {{Key}} NOT NULL,
            part BIGINT,
            reason {{Text}},
            bytes BIGINT NOT NULL DEFAULT 0,
            files {{Text}},
            problem_file {{Text}},
            container {{Key}},
            PRIMARY KEY (run_id, seq)
        );
        CREATE UNIQUE INDEX ux_run_item_base ON run_item (run_id, base_key);
        CREATE INDEX ix_run_item_state ON run_item (run_id, state, seq);
        CREATE INDEX ix_run_item_container ON run_item (run_id, container);
        CREATE TABLE task_export (
            task_id BIGINT NOT NULL REFERENCES export_task(id) ON DELETE CASCADE,
            conversation_pk BIGINT NOT NULL,
            run_id BIGINT NOT NULL,
            PRIMARY KEY (task_id, conversation_pk)
        );
        CREATE TABLE export_schedule (
            task_id BIGINT PRIMARY KEY REFERENCES export_task(id) ON DELETE CASCADE,
            definition {{Text}} NOT NULL,
            trigger_id {{Text}} NOT NULL,
            trigger_text {{Text}} NOT NULL,
            handled_utc BIGINT NOT NULL,
            created_utc BIGINT NOT NULL,
            created_by {{Text}} NOT NULL,
            modified_utc BIGINT NOT NULL,
            modified_by {{Text}} NOT NULL
        );
        """,
        "", "", "", "", "", "",
        // 7 -> 8: several export servers share one run (SPEC §9).
        $$"""
        CREATE TABLE run_worker (
            run_id BIGINT NOT NULL REFERENCES export_run(id) ON DELETE CASCADE,
            server {{Key}} NOT NULL,
            machine {{Text}} NOT NULL,
            process_id BIGINT NOT NULL,
            state {{Key}} NOT NULL,
            heartbeat_utc BIGINT NOT NULL,
            started_utc BIGINT NOT NULL,
            next_part BIGINT NOT NULL DEFAULT 1,
            PRIMARY KEY (run_id, server)
        );
        ALTER TABLE run_item ADD worker {{Key}} NULL, lease_until BIGINT NULL;
        """,
        // 8 -> 9: export templates (SPEC §7).
        $$"""
        CREATE TABLE export_template (
            id BIGINT IDENTITY(1,1) PRIMARY KEY,
            name {{Key}} NOT NULL,
            description {{Text}},
            settings {{Text}} NOT NULL,
            created_utc BIGINT NOT NULL,
            created_by {{Text}} NOT NULL,
            modified_utc BIGINT NOT NULL,
            modified_by {{Text}} NOT NULL,
            name_fold AS {{Fold("name")}} PERSISTED
        );
        CREATE UNIQUE INDEX ux_export_template_name ON export_template (name_fold);
        ALTER TABLE export_task ADD template {{Text}} NULL;
        """,
        // 9 -> 10: the audit log's outcome (SPEC §12), an index by time, and the append-only rule kept by the database
        // (CREATE TRIGGER must begin a batch of its own, hence EXEC).
        $$"""
        ALTER TABLE audit_log ADD outcome {{Key}} NOT NULL CONSTRAINT df_audit_log_outcome DEFAULT 'Succeeded';
        CREATE INDEX ix_audit_log_time ON audit_log (time_utc);
        EXEC(N'CREATE TRIGGER audit_log_append_only ON audit_log INSTEAD OF UPDATE, DELETE AS BEGIN THROW 50001, ''the audit log is append-only: its entries cannot be changed or deleted'', 1; END');
        """,
        // 10 -> 11: principals and grants (SPEC §12); names compare without case through folded unique indexes.
        $$"""
        CREATE TABLE principal_group (
            name {{Key}} NOT NULL PRIMARY KEY,
            created_utc BIGINT NOT NULL,
            name_fold AS {{Fold("name")}} PERSISTED
        );
        CREATE UNIQUE INDEX ux_principal_group_name ON principal_group (name_fold);
        CREATE TABLE group_member (
            group_name {{Key}} NOT NULL,
            member {{Key}} NOT NULL,
            supervisor BIGINT NOT NULL,
            group_fold AS {{Fold("group_name")}} PERSISTED,
            member_fold AS {{Fold("member")}} PERSISTED
        );
        CREATE UNIQUE INDEX ux_group_member ON group_member (group_fold, member_fold);
        CREATE TABLE principal_recording_user (
            principal {{Key}} NOT NULL,
            recording_user {{Key}} NOT NULL,
            principal_fold AS {{Fold("principal")}} PERSISTED,
            recording_user_fold AS {{Fold("recording_user")}} PERSISTED
        );
        CREATE UNIQUE INDEX ux_principal_recording_user ON principal_recording_user (principal_fold, recording_user_fold);
        CREATE TABLE catalog_login (
            login {{Key}} NOT NULL PRIMARY KEY,
            principal {{Key}} NOT NULL
        );
        CREATE TABLE permission_grant (
            principal {{Key}} NOT NULL,
            principal_kind {{Key}} NOT NULL,
            permission {{Key}} NOT NULL,
            granted_utc BIGINT NOT NULL,
            granted_by {{Text}} NOT NULL,
            principal_fold AS {{Fold("principal")}} PERSISTED
        );
        CREATE UNIQUE INDEX ux_permission_grant ON permission_grant (principal_kind, principal_fold, permission);
        CREATE TABLE storage_target_access (
            target_id BIGINT NOT NULL REFERENCES storage_target(id) ON DELETE CASCADE,
            principal {{Key}} NOT NULL,
            principal_kind {{Key}} NOT NULL,
            principal_fold AS {{Fold("principal")}} PERSISTED
        );
        CREATE UNIQUE INDEX ux_storage_target_access ON storage_target_access (target_id, principal_kind, principal_fold);
        INSERT INTO permission_grant (principal, principal_kind, permission, granted_utc, granted_by)
        SELECT p.name, 'User', g.permission, p.created_utc, p.name FROM principal p CROSS JOIN (
            SELECT 'DownloadConversation' AS permission UNION ALL SELECT 'ConversationExport' UNION ALL SELECT 'RecurringConversationExport'
            UNION ALL SELECT 'ConversationListExport' UNION ALL SELECT 'ManageTargets' UNION ALL SELECT 'ManageTemplates' UNION ALL SELECT 'ManageSettings') g
        WHERE p.is_administrator = 1;
        """,
    ];
}
