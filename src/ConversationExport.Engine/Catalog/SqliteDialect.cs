using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ConversationExport.Engine.Catalog;

internal sealed class SqliteDialect : ICatalogDialect
{
    public static readonly SqliteDialect Instance = new();

    // SQLite result codes (primary; extended codes are not turned on).
    private const int Corrupt = 11, NotADatabase = 26;

    /// <summary>How many problems the integrity check lists; the first few say enough to act on.</summary>
    private const int ReportedProblems = 5;

    public CatalogProvider Provider => CatalogProvider.Sqlite;

    // A locked file is waited for by SQLite itself (DefaultTimeout); nothing else clears by retrying.
    public bool IsTransient(Exception error) => false;

    // One writer at a time behind the busy timeout: a busy catalog is waited for, never a conflict to redo.
    public bool IsConflict(DbException error) => false;

    public DbConnection Open(string connectionString, System.Net.NetworkCredential? credential)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA foreign_keys = ON";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Connection string for an embedded catalog file. Pooling is off so a closed catalog releases its file at once.</summary>
    public static string ConnectionStringFor(string path, bool create) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>
    /// WAL lets a search stream rows while an export writes its progress: with the default rollback
    /// journal an open reader would block every writer. The setting is stored in the file.
    /// </summary>
    public void PrepareDatabase(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// quick_check walks every b-tree page (it skips only the index-against-table comparison of
    /// integrity_check), so a damaged page is found before a write lands beside it. A sound file
    /// answers with the single row "ok". On some damage SQLite lists the problems and then fails the
    /// statement itself; the failure is a problem only when nothing was listed.
    /// </summary>
    public IReadOnlyList<string> CheckIntegrity(DbConnection connection)
    {
        var problems = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA quick_check({ReportedProblems})";
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
                problems.AddRange(reader.GetString(0).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(line => line != "ok" && !line.StartsWith("*** in database", StringComparison.Ordinal)));
        }
        catch (SqliteException error) when (error.SqliteErrorCode == Corrupt)
        {
            if (problems.Count == 0) problems.Add(error.Message);
        }
        return problems;
    }

    public ConversationExportException CorruptCatalog(CatalogInfo catalog, string found, Exception? inner = null) => new(ErrorId.CatalogCorrupt, ErrorKind.InvalidData,
        $"The catalog '{catalog.Path}' is corrupt: {found.TrimEnd('.')}. " +
        $"Restore it from a backup, or save what is still readable into a new file with: sqlite3 '{catalog.Path}' .recover | sqlite3 '<new file>'",
        catalog.Path, inner);

    public string SchemaVersionTableExistsSql =>
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";

    public string UserTableCountSql =>
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";

    // NOCASE and LIKE fold ASCII letters only; QueryEvaluator folds the same way so both agree.
    public string TextEquals(string column, string parameter) => $"{column} = {parameter} COLLATE NOCASE";

    // SQLite uses an index for LIKE only without an ESCAPE clause, so it is added only when the pattern needs it.
    public string TextLike(string column, string parameter, bool escaped) => escaped ? $"{column} LIKE {parameter} ESCAPE '\\'" : $"{column} LIKE {parameter}";

    public string? CurrentLoginSql => null;

    public string BooleanLiteral(bool value) => value ? "1" : "0";

    public string LikeSpecialCharacters => "";

    public string InsertReturningId(string table, string columns, string values) => $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id";

    public string InsertUnlessExists(string table, string columns, string values, IReadOnlyList<(string Column, string Value)> key) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({string.Join(", ", key.Select(k => k.Column))}) DO NOTHING";

    public string Page(string orderedSelect, long? first, long skip = 0) => $"{orderedSelect} LIMIT {first ?? -1} OFFSET {skip}";

    public string Concat(params string[] parts) => string.Join(" || ", parts);

    // One writer at a time: the transaction that leases already holds the database's write lock.
    public string LockingPage(string columns, string table, string where, string orderBy, long first) =>
        $"SELECT {columns} FROM {table} WHERE {where} ORDER BY {orderBy} LIMIT {first}";

    // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the database's single write lock is taken at BEGIN.
    public DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction();

    // Single writer: the counter row commits with the rows it stamped, so every value up to the one read is committed and visible.
    public string ChangeSequenceBoundSql => "SELECT value FROM change_sequence";

    public bool StampsChangesItself => false;

    public long NextChangeSequence(DbConnection connection, DbTransaction transaction)
    {
        // SQLite has one writer at a time, so a counter row bumped inside the writing
        // transaction is already gap-free and ordered for every reader (SPEC §2.4).
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE change_sequence SET value = value + 1 RETURNING value";
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public ConversationExportException? Explain(Exception error, CatalogInfo catalog) => error switch
    {
        SqliteException { SqliteErrorCode: Corrupt } => CorruptCatalog(catalog, $"reading it failed with {error.Message}", error),
        // A file that starts as SQLite but is refused was a database once: its header is damaged.
        SqliteException { SqliteErrorCode: NotADatabase } when HasSqliteMagic(catalog.Path) =>
            CorruptCatalog(catalog, $"its header is damaged ({error.Message.TrimEnd('.')}); it was left unchanged", error),
        SqliteException { SqliteErrorCode: NotADatabase } => new ConversationExportException(ErrorId.CatalogNotSqlite, ErrorKind.InvalidData,
            $"'{catalog.Path}' is not a SQLite database, so it cannot be a conversation catalog. Give the path of a catalog made by Initialize-ConversationCatalog, or a new file name to create one.",
            catalog.Path, error),
        SqliteException { SqliteErrorCode: 14 } => new ConversationExportException(ErrorId.CatalogUnavailable, ErrorKind.ResourceUnavailable,
            $"The catalog '{catalog.Path}' cannot be opened: {error.Message}", catalog.Path, error),
        SqliteException { SqliteErrorCode: 5 or 6 } => new ConversationExportException(ErrorId.CatalogUnavailable, ErrorKind.ResourceUnavailable,
            $"The catalog '{catalog.Path}' is locked by another process and stayed locked for 30 seconds: {error.Message}", catalog.Path, error),
        _ => null,
    };

    private static bool HasSqliteMagic(string? path)
    {
        try
        {
            if (path is null || !File.Exists(path)) return false;
            Span<byte> header = stackalloc byte[16];
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.SequenceEqual("SQLite format 3\0"u8);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false; // SQLite's own answer (not a database) stands
        }
    }

    public IReadOnlyList<string> Migrations { get; } =
    [
        // 0 -> 1: conversations and their child rows.
        """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version (version) VALUES (0);
        CREATE TABLE change_sequence (value INTEGER NOT NULL);
        INSERT INTO change_sequence (value) VALUES (0);
        CREATE TABLE conversation (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id TEXT NOT NULL UNIQUE,
            native_id TEXT,
            from_number TEXT, from_info TEXT, from_device_id TEXT, from_ip TEXT,
            to_number TEXT, to_info TEXT, to_device_id TEXT, to_ip TEXT,
            dialed_number TEXT,
            user_name TEXT, user_location TEXT, extension TEXT, user_id TEXT,
            start_time_utc INTEGER NOT NULL,
            end_time_utc INTEGER,
            duration_ms INTEGER NOT NULL,
            direction TEXT NOT NULL,
            end_cause TEXT,
            conversation_type TEXT NOT NULL,
            forward_reason TEXT,
            protected INTEGER NOT NULL,
            encrypted_with TEXT,
            signed_with TEXT,
            has_qm_scorecard INTEGER NOT NULL,
            source_platform TEXT,
            imported INTEGER NOT NULL,
            silence_ratio REAL,
            talkover_ratio REAL,
            longest_silence_ms INTEGER,
            recording_server TEXT,
            media_file_name TEXT,
            storage_target TEXT,
            dataset TEXT NOT NULL,
            cdr_only INTEGER NOT NULL,
            sidecar_path TEXT,
            fingerprint TEXT NOT NULL,
            change_seq INTEGER NOT NULL
        );
        CREATE TABLE conversation_group (
            conversation_pk INTEGER NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            group_name TEXT NOT NULL,
            PRIMARY KEY (conversation_pk, group_name)
        );
        CREATE TABLE conversation_label (
            conversation_pk INTEGER NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            legal_hold INTEGER NOT NULL,
            PRIMARY KEY (conversation_pk, label)
        );
        CREATE TABLE conversation_case (
            conversation_pk INTEGER NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            case_number TEXT NOT NULL,
            PRIMARY KEY (conversation_pk, case_number)
        );
        CREATE TABLE conversation_file (
            conversation_pk INTEGER NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            kind TEXT NOT NULL,
            location TEXT NOT NULL,
            size INTEGER NOT NULL,
            extension TEXT NOT NULL,
            PRIMARY KEY (conversation_pk, ordinal)
        );
        CREATE INDEX ix_conversation_change_seq ON conversation (change_seq);
        CREATE INDEX ix_conversation_start ON conversation (start_time_utc);
        """,
        // 1 -> 2: the module's own state: principals (SPEC §12), settings, audit log; search indexes.
        """
        CREATE TABLE principal (
            name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            is_administrator INTEGER NOT NULL,
            created_utc INTEGER NOT NULL
        );
        CREATE TABLE setting (
            name TEXT NOT NULL PRIMARY KEY,
            value TEXT
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time_utc INTEGER NOT NULL,
            principal TEXT NOT NULL,
            machine TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT,
            detail TEXT
        );
        CREATE INDEX ix_conversation_user ON conversation (user_name, start_time_utc);
        CREATE INDEX ix_conversation_extension ON conversation (extension);
        CREATE INDEX ix_conversation_from ON conversation (from_number);
        CREATE INDEX ix_conversation_to ON conversation (to_number);
        CREATE INDEX ix_conversation_label_label ON conversation_label (label);
        CREATE INDEX ix_conversation_case_case ON conversation_case (case_number);
        CREATE INDEX ix_conversation_group_group ON conversation_group (group_name);
        """,
        // 2 -> 3: digit counts of the parties' numbers (seed's "From (digits)"), stored so they can be indexed.
        """
        ALTER TABLE conversation ADD COLUMN from_digits INTEGER;
        ALTER TABLE conversation ADD COLUMN to_digits INTEGER;
        UPDATE conversation SET
          from_digits = length(from_number) - length(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(from_number,
            '0',''),'1',''),'2',''),'3',''),'4',''),'5',''),'6',''),'7',''),'8',''),'9','')),
          to_digits = length(to_number) - length(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(to_number,
            '0',''),'1',''),'2',''),'3',''),'4',''),'5',''),'6',''),'7',''),'8',''),'9',''));
        -- Text searches compare without case (NOCASE); only indexes with that collation can serve them.
        DROP INDEX ix_conversation_user;
        DROP INDEX ix_conversation_extension;
        DROP INDEX ix_conversation_from;
        DROP INDEX ix_conversation_to;
        DROP INDEX ix_conversation_label_label;
        DROP INDEX ix_conversation_case_case;
        DROP INDEX ix_conversation_group_group;
        CREATE INDEX ix_conversation_user ON conversation (user_name COLLATE NOCASE, start_time_utc);
        CREATE INDEX ix_conversation_extension ON conversation (extension COLLATE NOCASE);
        CREATE INDEX ix_conversation_from ON conversation (from_number COLLATE NOCASE);
        CREATE INDEX ix_conversation_to ON conversation (to_number COLLATE NOCASE);
        CREATE INDEX ix_conversation_label_label ON conversation_label (label COLLATE NOCASE);
        CREATE INDEX ix_conversation_case_case ON conversation_case (case_number COLLATE NOCASE);
        CREATE INDEX ix_conversation_group_group ON conversation_group (group_name COLLATE NOCASE);
        CREATE INDEX ix_conversation_from_digits ON conversation (from_digits);
        CREATE INDEX ix_conversation_to_digits ON conversation (to_digits);
        CREATE INDEX ix_conversation_duration ON conversation (duration_ms);
        """,
        // 3 -> 4: export tasks, storage targets, runs and their items (SPEC §4, §6, §10).
        """
        CREATE TABLE storage_target (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            type TEXT NOT NULL,
            settings TEXT NOT NULL,
            created_utc INTEGER NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TABLE export_task (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            enabled INTEGER NOT NULL,
            settings TEXT NOT NULL,
            created_utc INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            modified_utc INTEGER NOT NULL,
            modified_by TEXT NOT NULL
        );
        CREATE TABLE export_run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            task_id INTEGER REFERENCES export_task(id) ON DELETE SET NULL,
            task_name TEXT NOT NULL,
            trigger TEXT NOT NULL,
            settings TEXT NOT NULL,
            state TEXT NOT NULL,
            destination TEXT NOT NULL,
            base_name TEXT NOT NULL,
            selected INTEGER NOT NULL DEFAULT 0,
            exported INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            bytes INTEGER NOT NULL DEFAULT 0,
            total_bytes INTEGER NOT NULL DEFAULT 0,
            next_part INTEGER NOT NULL DEFAULT 1,
            outputs TEXT NOT NULL DEFAULT '[]',
            message TEXT,
            stop_requested INTEGER NOT NULL DEFAULT 0,
            started_utc INTEGER NOT NULL,
            ended_utc INTEGER,
            heartbeat_utc INTEGER NOT NULL,
            started_by TEXT NOT NULL,
            machine TEXT NOT NULL,
            process_id INTEGER NOT NULL,
            watermark INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX ix_export_run_task ON export_run (task_id, id);
        CREATE INDEX ix_export_run_state ON export_run (state);
        CREATE TABLE run_item (
            run_id INTEGER NOT NULL REFERENCES export_run(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            conversation_pk INTEGER NOT NULL,
            conversation_id TEXT NOT NULL,
            base_path TEXT NOT NULL,
            base_key TEXT NOT NULL,
            state TEXT NOT NULL,
            part INTEGER,
            reason TEXT,
            bytes INTEGER NOT NULL DEFAULT 0,
            files TEXT,
            problem_file TEXT,
            container TEXT,
            PRIMARY KEY (run_id, seq)
        );
        CREATE UNIQUE INDEX ux_run_item_base ON run_item (run_id, base_key);
        CREATE INDEX ix_run_item_state ON run_item (run_id, state, seq);
        CREATE INDEX ix_run_item_container ON run_item (run_id, container);
        """,
        // 4 -> 5: one live run per task and one run per base name of a destination, enforced by the catalog
        // itself; delivered and written counts apart. Runs left Queued/Running by dead processes, and base names two runs already share (both
        // were the defect this version fixes), are settled first so the indexes can be built.
        """
        UPDATE export_run SET state = 'Interrupted'
        WHERE state IN ('Queued', 'Running') AND task_id IS NOT NULL
          AND id NOT IN (SELECT MAX(id) FROM export_run WHERE state IN ('Queued', 'Running') AND task_id IS NOT NULL GROUP BY task_id);
        UPDATE export_run SET base_name = base_name || '_run' || id
        WHERE id NOT IN (SELECT MIN(id) FROM export_run GROUP BY destination, base_name COLLATE NOCASE);
        CREATE UNIQUE INDEX ux_export_run_live_task ON export_run (task_id) WHERE task_id IS NOT NULL AND state IN ('Queued', 'Running');
        CREATE UNIQUE INDEX ux_export_run_base ON export_run (destination, base_name COLLATE NOCASE);
        -- exported/bytes count delivered files only; what sits in the part still being written is progress.
        ALTER TABLE export_run ADD COLUMN written INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE export_run ADD COLUMN written_bytes INTEGER NOT NULL DEFAULT 0;
        UPDATE export_run SET written_bytes = bytes;
        """,
        // 5 -> 6: recurring exports (SPEC §6.2): a task's watermark in the change sequence, advanced when an
        // incremental run completes, and every conversation any run of the task delivered, so no later run
        // of it delivers one again; how often a run was resumed.
        """
        ALTER TABLE export_task ADD COLUMN watermark INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE task_export (
            task_id INTEGER NOT NULL REFERENCES export_task(id) ON DELETE CASCADE,
            conversation_pk INTEGER NOT NULL,
            run_id INTEGER NOT NULL,
            PRIMARY KEY (task_id, conversation_pk)
        );
        ALTER TABLE export_run ADD COLUMN resume_attempts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE export_run ADD COLUMN incremental INTEGER NOT NULL DEFAULT 0;
        -- A run whose process ended while it was still choosing its conversations must not be resumed as if complete.
        ALTER TABLE export_run ADD COLUMN snapshot_done INTEGER NOT NULL DEFAULT 1;
        """,
        // 6 -> 7: schedules (SPEC §6.2): one per task, with the OS trigger that wakes it and how far its
        // occurrences are handled (run, or skipped outside the window).
        """
        CREATE TABLE export_schedule (
            task_id INTEGER PRIMARY KEY REFERENCES export_task(id) ON DELETE CASCADE,
            definition TEXT NOT NULL,
            trigger_id TEXT NOT NULL,
            trigger_text TEXT NOT NULL,
            handled_utc INTEGER NOT NULL,
            created_utc INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            modified_utc INTEGER NOT NULL,
            modified_by TEXT NOT NULL
        );
        """,
        // 7 -> 8: several export servers share one run (SPEC §9): who works on it, and which server leased each item until when.
        """
        CREATE TABLE run_worker (
            run_id INTEGER NOT NULL REFERENCES export_run(id) ON DELETE CASCADE,
            server TEXT NOT NULL,
            machine TEXT NOT NULL,
            process_id INTEGER NOT NULL,
            state TEXT NOT NULL,
            heartbeat_utc INTEGER NOT NULL,
            started_utc INTEGER NOT NULL,
            next_part INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (run_id, server)
        );
        ALTER TABLE run_item ADD COLUMN worker TEXT;
        ALTER TABLE run_item ADD COLUMN lease_until INTEGER;
        """,
        // 8 -> 9: export templates (SPEC §7): named task settings without secrets, and which template a task last loaded.
        """
        CREATE TABLE export_template (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            description TEXT,
            settings TEXT NOT NULL,
            created_utc INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            modified_utc INTEGER NOT NULL,
            modified_by TEXT NOT NULL
        );
        ALTER TABLE export_task ADD COLUMN template TEXT;
        """,
        // 9 -> 10: the audit log's outcome (SPEC §12: Succeeded, Failed, Denied), an index for reading it by time, and
        // the database's own refusal to change or remove an entry: the log is append-only.
        """
        ALTER TABLE audit_log ADD COLUMN outcome TEXT NOT NULL DEFAULT 'Succeeded';
        CREATE INDEX ix_audit_log_time ON audit_log (time_utc);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be changed'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be deleted'); END;
        """,
        // 10 -> 11: principals and grants (SPEC §12): groups with members and supervisors, the recording-system user
        // names whose conversations are a user's own, grants to users and groups, database logins mapped to users,
        // storage targets restricted to listed principals. Existing administrators keep every permission.
        """
        CREATE TABLE principal_group (
            name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            created_utc INTEGER NOT NULL
        );
        CREATE TABLE group_member (
            group_name TEXT NOT NULL COLLATE NOCASE,
            member TEXT NOT NULL COLLATE NOCASE,
            supervisor INTEGER NOT NULL,
            PRIMARY KEY (group_name, member)
        );
        CREATE TABLE principal_recording_user (
            principal TEXT NOT NULL COLLATE NOCASE,
            recording_user TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (principal, recording_user)
        );
        CREATE TABLE catalog_login (
            login TEXT NOT NULL PRIMARY KEY,
            principal TEXT NOT NULL COLLATE NOCASE
        );
        CREATE TABLE permission_grant (
            principal TEXT NOT NULL COLLATE NOCASE,
            principal_kind TEXT NOT NULL,
            permission TEXT NOT NULL,
            granted_utc INTEGER NOT NULL,
            granted_by TEXT NOT NULL,
            PRIMARY KEY (principal_kind, principal, permission)
        );
        CREATE TABLE storage_target_access (
            target_id INTEGER NOT NULL REFERENCES storage_target(id) ON DELETE CASCADE,
            principal TEXT NOT NULL COLLATE NOCASE,
            principal_kind TEXT NOT NULL,
            PRIMARY KEY (target_id, principal_kind, principal)
        );
        INSERT INTO permission_grant (principal, principal_kind, permission, granted_utc, granted_by)
        SELECT p.name, 'User', g.permission, p.created_utc, p.name FROM principal p CROSS JOIN (
            SELECT 'DownloadConversation' AS permission UNION ALL SELECT 'ConversationExport' UNION ALL SELECT 'RecurringConversationExport'
            UNION ALL SELECT 'ConversationListExport' UNION ALL SELECT 'ManageTargets' UNION ALL SELECT 'ManageTemplates' UNION ALL SELECT 'ManageSettings') g
        WHERE p.is_administrator = 1;
        """,
    ];
}
