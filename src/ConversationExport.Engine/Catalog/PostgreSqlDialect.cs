using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace ConversationExport.Engine.Catalog;

/// <summary>PostgreSQL catalogs (Npgsql), version 13 or later (pg_current_xact_id).</summary>
internal sealed class PostgreSqlDialect : ICatalogDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    /// <summary>Key of the transaction-level advisory lock that stands for the catalog's write lock.</summary>
    private const long WriteLockKey = 0x43_45_43_41_54; // "CECAT"

    // ASCII-only case folding, the same as SQLite's NOCASE and the in-memory evaluator: lower() would also fold
    // non-ASCII letters, and the same query must select the same conversations on every provider.
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", Lower = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>The folded form of a text expression; the catalog's text indexes are built on exactly this expression.</summary>
    internal static string Fold(string expression) => $"(translate({expression}, '{Upper}', '{Lower}') COLLATE \"C\")";

    public CatalogProvider Provider => CatalogProvider.PostgreSql;

    /// <summary>
    /// A catalog on a PostgreSQL server. A password in the connection string moves into the catalog's
    /// credential, so the connection string the session shows, stores or hands to a scheduled or
    /// background run never holds one.
    /// </summary>
    public static CatalogInfo Describe(string connectionString, System.Net.NetworkCredential? credential)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException error)
        {
            throw new ConversationExportException(ErrorId.CatalogConnectionInvalid, ErrorKind.InvalidArgument,
                $"The PostgreSQL connection string is not valid: {error.Message} Use keywords such as 'Host=db01;Port=5432;Database=recordings'.", null, error);
        }
        if (string.IsNullOrWhiteSpace(builder.Host) || string.IsNullOrWhiteSpace(builder.Database))
            throw new ConversationExportException(ErrorId.CatalogConnectionInvalid, ErrorKind.InvalidArgument,
                "A PostgreSQL catalog's connection string needs Host and Database, e.g. 'Host=db01;Port=5432;Database=recordings' (the login: -Credential, or Username with a .pgpass file).");
        if (credential is null && !string.IsNullOrEmpty(builder.Password))
            credential = new System.Net.NetworkCredential(builder.Username, builder.Password);
        builder.Remove("Password");
        if (credential is not null) builder.Remove("Username");
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "ConversationExport";
        return new CatalogInfo(CatalogProvider.PostgreSql, builder.ConnectionString, null)
        {
            Credential = credential,
            Server = $"{builder.Host}:{builder.Port}/{builder.Database}",
        };
    }

    public DbConnection Open(string connectionString, System.Net.NetworkCredential? credential)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (credential is not null)
        {
            builder.Username = credential.UserName;
            builder.Password = credential.Password;
        }
        var connection = new NpgsqlConnection(builder.ConnectionString);
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

    public void PrepareDatabase(DbConnection connection)
    {
    }

    // The server checks its own pages (data checksums, if enabled at initdb); there is no cheap whole-database check to run per command.
    public IReadOnlyList<string> CheckIntegrity(DbConnection connection) => [];

    public ConversationExportException CorruptCatalog(CatalogInfo catalog, string found, Exception? inner = null) => new(ErrorId.CatalogCorrupt, ErrorKind.InvalidData,
        $"The catalog {catalog} is damaged: {found.TrimEnd('.')}. Restore the database from a backup (pg_dump/pg_restore or your server's backups).",
        catalog.ToString(), inner);

    public string SchemaVersionTableExistsSql =>
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'";

    public string UserTableCountSql =>
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";

    public string TextEquals(string column, string parameter) => $"{Fold(column)} = {Fold(parameter)}";

    public string TextLike(string column, string parameter, bool escaped) => $"{Fold(column)} LIKE {Fold(parameter)}{(escaped ? " ESCAPE '\\'" : "")}";

    public string? CurrentLoginSql => "SELECT current_user";

    public string BooleanLiteral(bool value) => value ? "1" : "0";

    public string LikeSpecialCharacters => "";

    public string InsertReturningId(string table, string columns, string values) => $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id";

    public string InsertUnlessExists(string table, string columns, string values, IReadOnlyList<(string Column, string Value)> key) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({string.Join(", ", key.Select(k => k.Column))}) DO NOTHING";

    public string Page(string orderedSelect, long? first, long skip = 0) => $"{orderedSelect} LIMIT {(first is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "ALL")} OFFSET {skip}";

    public string Concat(params string[] parts) => string.Join(" || ", parts);

    // Rows another server is leasing right now are skipped, not waited for: each server takes its own batch at once.
    public string LockingPage(string columns, string table, string where, string orderBy, long first) =>
        $"SELECT {columns} FROM {table} WHERE {where} ORDER BY {orderBy} LIMIT {first} FOR UPDATE SKIP LOCKED";

    /// <summary>
    /// Read committed, plus a transaction-level advisory lock every catalog write takes first: the
    /// module's writers then serialize exactly as on SQLite, and each statement after the lock sees
    /// everything committed before it. Readers are never blocked.
    /// </summary>
    public DbTransaction BeginWrite(DbConnection connection)
    {
        var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        try
        {
            using var command = DbExtensions.Command(connection, transaction, $"SELECT pg_advisory_xact_lock({WriteLockKey})");
            command.ExecuteNonQuery();
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A change is stamped with its transaction's id (SPEC §2.4): every transaction below the current
    /// snapshot's xmin has ended, so every change stamped below it is committed (or rolled back, and
    /// gone) and visible to any later snapshot. A transaction still open holds xmin back; its changes
    /// are taken by a later run. Transaction ids are 64-bit (epoch and xid) and never wrap.
    /// </summary>
    public string ChangeSequenceBoundSql => "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 1";

    public bool StampsChangesItself => false;

    public long NextChangeSequence(DbConnection connection, DbTransaction transaction)
    {
        using var command = DbExtensions.Command(connection, transaction, "SELECT pg_current_xact_id()::text::bigint");
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public ConversationExportException? Explain(Exception error, CatalogInfo catalog) => error switch
    {
        PostgresException { SqlState: "28P01" or "28000" } => new ConversationExportException(ErrorId.CatalogLoginFailed, ErrorKind.PermissionDenied,
            $"The PostgreSQL server refused the login for the catalog {catalog}: {error.Message}. Check -Credential (user name and password) or the server's pg_hba.conf.", catalog.ToString(), error),
        PostgresException { SqlState: "3D000" } => new ConversationExportException(ErrorId.CatalogNotFound, ErrorKind.NotFound,
            $"The database of the catalog {catalog} does not exist on the server: {error.Message}. Create the database, then Initialize-ConversationCatalog -Provider PostgreSql -ConnectionString '…'.", catalog.ToString(), error),
        PostgresException { SqlState: "42501" } => new ConversationExportException(ErrorId.CatalogLoginFailed, ErrorKind.PermissionDenied,
            $"The login of the catalog {catalog} lacks a permission it needs: {error.Message}.", catalog.ToString(), error),
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } or NpgsqlException { IsTransient: true } => new ConversationExportException(ErrorId.CatalogUnavailable, ErrorKind.ResourceUnavailable,
            $"The PostgreSQL server of the catalog {catalog} cannot be reached: {error.Message}. Check the host, port and that the server is running.", catalog.ToString(), error),
        _ => null,
    };

    public bool IsTransient(Exception error) => error is NpgsqlException { IsTransient: true };

    // 40P01 deadlock_detected, 40001 serialization_failure (Npgsql also counts both as transient, which is why
    // ConversationCatalog asks about a conflict before it lets Explain call the server unreachable).
    public bool IsConflict(DbException error) => error is PostgresException { SqlState: "40P01" or "40001" };

    public IReadOnlyList<string> Migrations { get; } =
    [
        // 0 -> 1: the whole schema of version 7 at once (PostgreSQL catalogs began at 7); the scripts that
        // follow only bring the version number along, and later versions add real steps after them.
        $$"""
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version (version) VALUES (0);
        -- Unused here (changes are stamped with transaction ids); kept so every provider has the same tables.
        CREATE TABLE change_sequence (value BIGINT NOT NULL);
        INSERT INTO change_sequence (value) VALUES (0);
        CREATE TABLE conversation (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            conversation_id TEXT NOT NULL UNIQUE,
            native_id TEXT,
            from_number TEXT, from_info TEXT, from_device_id TEXT, from_ip TEXT,
            to_number TEXT, to_info TEXT, to_device_id TEXT, to_ip TEXT,
            dialed_number TEXT,
            user_name TEXT, user_location TEXT, extension TEXT, user_id TEXT,
            start_time_utc BIGINT NOT NULL,
            end_time_utc BIGINT,
            duration_ms BIGINT NOT NULL,
            direction TEXT NOT NULL,
            end_cause TEXT,
            conversation_type TEXT NOT NULL,
            forward_reason TEXT,
            protected BIGINT NOT NULL,
            encrypted_with TEXT,
            signed_with TEXT,
            has_qm_scorecard BIGINT NOT NULL,
            source_platform TEXT,
            imported BIGINT NOT NULL,
            silence_ratio DOUBLE PRECISION,
            talkover_ratio DOUBLE PRECISION,
            longest_silence_ms BIGINT,
            recording_server TEXT,
            media_file_name TEXT,
            storage_target TEXT,
            dataset TEXT NOT NULL,
            cdr_only BIGINT NOT NULL,
            sidecar_path TEXT,
            fingerprint TEXT NOT NULL,
            change_seq BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
            from_digits BIGINT,
            to_digits BIGINT
        );
        -- Any writer, the module or another tool, stamps its changes with its transaction id (see ChangeSequenceBoundSql).
        CREATE FUNCTION ce_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            NEW.change_seq := pg_current_xact_id()::text::bigint;
            RETURN NEW;
        END
        $f$;
        CREATE TRIGGER tr_conversation_change BEFORE INSERT OR UPDATE ON conversation FOR EACH ROW EXECUTE FUNCTION ce_stamp_change();
        CREATE TABLE conversation_group (
            conversation_pk BIGINT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            group_name TEXT NOT NULL,
            PRIMARY KEY (conversation_pk, group_name)
        );
        CREATE TABLE conversation_label (
            conversation_pk BIGINT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            legal_hold BIGINT NOT NULL,
            PRIMARY KEY (conversation_pk, label)
        );
        CREATE TABLE conversation_case (
            conversation_pk BIGINT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            case_number TEXT NOT NULL,
            PRIMARY KEY (conversation_pk, case_number)
        );
        CREATE TABLE conversation_file (
            conversation_pk BIGINT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            ordinal BIGINT NOT NULL,
            kind TEXT NOT NULL,
            location TEXT NOT NULL,
            size BIGINT NOT NULL,
            extension TEXT NOT NULL,
            PRIMARY KEY (conversation_pk, ordinal)
        );
        CREATE INDEX ix_conversation_change_seq ON conversation (change_seq);
        CREATE INDEX ix_conversation_start ON conversation (start_time_utc);
        CREATE INDEX ix_conversation_user ON conversation ({{Fold("user_name")}}, start_time_utc);
        CREATE INDEX ix_conversation_extension ON conversation ({{Fold("extension")}});
        CREATE INDEX ix_conversation_from ON conversation ({{Fold("from_number")}});
        CREATE INDEX ix_conversation_to ON conversation ({{Fold("to_number")}});
        CREATE INDEX ix_conversation_label_label ON conversation_label ({{Fold("label")}});
        CREATE INDEX ix_conversation_case_case ON conversation_case ({{Fold("case_number")}});
        CREATE INDEX ix_conversation_group_group ON conversation_group ({{Fold("group_name")}});
        CREATE INDEX ix_conversation_from_digits ON conversation (from_digits);
        CREATE INDEX ix_conversation_to_digits ON conversation (to_digits);
        CREATE INDEX ix_conversation_duration ON conversation (duration_ms);
        CREATE TABLE principal (
            name TEXT NOT NULL PRIMARY KEY,
            is_administrator BIGINT NOT NULL,
            created_utc BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX ux_principal_name ON principal ({{Fold("name")}});
        CREATE TABLE setting (
            name TEXT NOT NULL PRIMARY KEY,
            value TEXT
        );
        CREATE TABLE audit_log (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            time_utc BIGINT NOT NULL,
            principal TEXT NOT NULL,
            machine TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT,
            detail TEXT
        );
        CREATE TABLE storage_target (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            settings TEXT NOT NULL,
            created_utc BIGINT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_storage_target_name ON storage_target ({{Fold("name")}});
        CREATE TABLE export_task (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            enabled BIGINT NOT NULL,
            settings TEXT NOT NULL,
            created_utc BIGINT NOT NULL,
            created_by TEXT NOT NULL,
            modified_utc BIGINT NOT NULL,
            modified_by TEXT NOT NULL,
            watermark BIGINT NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX ux_export_task_name ON export_task ({{Fold("name")}});
        CREATE TABLE export_run (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            task_id BIGINT REFERENCES export_task(id) ON DELETE SET NULL,
            task_name TEXT NOT NULL,
            trigger TEXT NOT NULL,
            settings TEXT NOT NULL,
            state TEXT NOT NULL,
            destination TEXT NOT NULL,
            base_name TEXT NOT NULL,
            selected BIGINT NOT NULL DEFAULT 0,
            exported BIGINT NOT NULL DEFAULT 0,
            skipped BIGINT NOT NULL DEFAULT 0,
            failed BIGINT NOT NULL DEFAULT 0,
            bytes BIGINT NOT NULL DEFAULT 0,
            total_bytes BIGINT NOT NULL DEFAULT 0,
            next_part BIGINT NOT NULL DEFAULT 1,
            outputs TEXT NOT NULL DEFAULT '[]',
            message TEXT,
            stop_requested BIGINT NOT NULL DEFAULT 0,
            started_utc BIGINT NOT NULL,
            ended_utc BIGINT,
            heartbeat_utc BIGINT NOT NULL,
            started_by TEXT NOT NULL,
            machine TEXT NOT NULL,
            process_id BIGINT NOT NULL,
            watermark BIGINT NOT NULL DEFAULT 0,
            written BIGINT NOT NULL DEFAULT 0,
            written_bytes BIGINT NOT NULL DEFAULT 0,
            resume_attempts BIGINT NOT NULL DEFAULT 0,
            incremental BIGINT NOT NULL DEFAULT 0,
            snapshot_done BIGINT NOT NULL DEFAULT 1
        );
        CREATE INDEX ix_export_run_task ON export_run (task_id, id);
        CREATE INDEX ix_export_run_state ON export_run (state);
        CREATE UNIQUE INDEX ux_export_run_live_task ON export_run (task_id) WHERE task_id IS NOT NULL AND state IN ('Queued', 'Running');
        CREATE UNIQUE INDEX ux_export_run_base ON export_run (destination, {{Fold("base_name")}});
        CREATE TABLE run_item (
            run_id BIGINT NOT NULL REFERENCES export_run(id) ON DELETE CASCADE,
            seq BIGINT NOT NULL,
            conversation_pk BIGINT NOT NULL,
            conversation_id TEXT NOT NULL,
            base_path TEXT NOT NULL,
            base_key TEXT NOT NULL,
            state TEXT NOT NULL,
            part BIGINT,
            reason TEXT,
            bytes BIGINT NOT NULL DEFAULT 0,
            files TEXT,
            problem_file TEXT,
            container TEXT,
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
            definition TEXT NOT NULL,
            trigger_id TEXT NOT NULL,
            trigger_text TEXT NOT NULL,
            handled_utc BIGINT NOT NULL,
            created_utc BIGINT NOT NULL,
            created_by TEXT NOT NULL,
            modified_utc BIGINT NOT NULL,
            modified_by TEXT NOT NULL
        );
        """,
        "", "", "", "", "", "",
        // 7 -> 8: several export servers share one run (SPEC §9).
        """
        CREATE TABLE run_worker (
            run_id BIGINT NOT NULL REFERENCES export_run(id) ON DELETE CASCADE,
            server TEXT NOT NULL,
            machine TEXT NOT NULL,
            process_id BIGINT NOT NULL,
            state TEXT NOT NULL,
            heartbeat_utc BIGINT NOT NULL,
            started_utc BIGINT NOT NULL,
            next_part BIGINT NOT NULL DEFAULT 1,
            PRIMARY KEY (run_id, server)
        );
        ALTER TABLE run_item ADD COLUMN worker TEXT;
        ALTER TABLE run_item ADD COLUMN lease_until BIGINT;
        """,
        // 8 -> 9: export templates (SPEC §7).
        $$"""
        CREATE TABLE export_template (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            description TEXT,
            settings TEXT NOT NULL,
            created_utc BIGINT NOT NULL,
            created_by TEXT NOT NULL,
            modified_utc BIGINT NOT NULL,
            modified_by TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_export_template_name ON export_template ({{Fold("name")}});
        ALTER TABLE export_task ADD COLUMN template TEXT;
        """,
        // 9 -> 10: the audit log's outcome (SPEC §12), an index by time, and the append-only rule kept by the database.
        """
        ALTER TABLE audit_log ADD COLUMN outcome TEXT NOT NULL DEFAULT 'Succeeded';
        CREATE INDEX ix_audit_log_time ON audit_log (time_utc);
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
        'BEGIN RAISE EXCEPTION ''the audit log is append-only: % of its entries is refused'', TG_OP; END';
        CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
        """,
        // 10 -> 11: principals and grants (SPEC §12); names compare without case through folded unique indexes.
        $$"""
        CREATE TABLE principal_group (
            name TEXT NOT NULL PRIMARY KEY,
            created_utc BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX ux_principal_group_name ON principal_group ({{Fold("name")}});
        CREATE TABLE group_member (
            group_name TEXT NOT NULL,
            member TEXT NOT NULL,
            supervisor BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX ux_group_member ON group_member ({{Fold("group_name")}}, {{Fold("member")}});
        CREATE TABLE principal_recording_user (
            principal TEXT NOT NULL,
            recording_user TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_principal_recording_user ON principal_recording_user ({{Fold("principal")}}, {{Fold("recording_user")}});
        CREATE TABLE catalog_login (
            login TEXT NOT NULL PRIMARY KEY,
            principal TEXT NOT NULL
        );
        CREATE TABLE permission_grant (
            principal TEXT NOT NULL,
            principal_kind TEXT NOT NULL,
            permission TEXT NOT NULL,
            granted_utc BIGINT NOT NULL,
            granted_by TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_permission_grant ON permission_grant (principal_kind, {{Fold("principal")}}, permission);
        CREATE TABLE storage_target_access (
            target_id BIGINT NOT NULL REFERENCES storage_target(id) ON DELETE CASCADE,
            principal TEXT NOT NULL,
            principal_kind TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_storage_target_access ON storage_target_access (target_id, principal_kind, {{Fold("principal")}});
        INSERT INTO permission_grant (principal, principal_kind, permission, granted_utc, granted_by)
        SELECT p.name, 'User', g.permission, p.created_utc, p.name FROM principal p CROSS JOIN (
            SELECT 'DownloadConversation' AS permission UNION ALL SELECT 'ConversationExport' UNION ALL SELECT 'RecurringConversationExport'
            UNION ALL SELECT 'ConversationListExport' UNION ALL SELECT 'ManageTargets' UNION ALL SELECT 'ManageTemplates' UNION ALL SELECT 'ManageSettings') g
        WHERE p.is_administrator = 1;
        """,
    ];
}
