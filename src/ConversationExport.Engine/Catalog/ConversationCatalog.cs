using ConversationExport.Engine.Output;
using System.Data.Common;
using ConversationExport.Engine.Security;

namespace ConversationExport.Engine.Catalog;

/// <summary>
/// A conversation catalog: opens connections, creates and migrates the schema, and turns
/// provider failures into errors that name the catalog.
/// </summary>
public sealed class ConversationCatalog
{
    private ConversationCatalog(CatalogInfo info, ICatalogDialect dialect)
    {
        Info = info;
        Dialect = dialect;
    }

    public CatalogInfo Info { get; }
    internal ICatalogDialect Dialect { get; }

    /// <summary>The schema version this module writes and understands.</summary>
    public static int CurrentSchemaVersion => SqliteDialect.Instance.Migrations.Count;

    /// <summary>The embedded catalog of the current user, unless CONVERSATIONEXPORT_CATALOG names another file.</summary>
    public static string DefaultPath()
    {
        var overridden = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_CATALOG");
        if (!string.IsNullOrWhiteSpace(overridden)) return Path.GetFullPath(overridden);
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        return Path.Combine(data, "ConversationExport", "catalog.db");
    }

    public static CatalogInfo ForSqliteFile(string path, bool create = false)
    {
        var full = Path.GetFullPath(path);
        return new CatalogInfo(CatalogProvider.Sqlite, SqliteDialect.ConnectionStringFor(full, create), full);
    }

    public static CatalogInfo ForConnectionString(CatalogProvider provider, string connectionString, System.Net.NetworkCredential? credential = null) => provider switch
    {
        CatalogProvider.Sqlite => ForSqliteFile(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource),
        CatalogProvider.PostgreSql => PostgreSqlDialect.Describe(connectionString, credential),
        CatalogProvider.SqlServer => SqlServerDialect.Describe(connectionString, credential),
        _ => throw NotSupported(provider),
    };

    /// <summary>
    /// The catalog a session uses when none was chosen: CONVERSATIONEXPORT_CATALOG as a file path, or as
    /// "&lt;Provider&gt;:&lt;connection string&gt;" for a server (how background and scheduled runs are told
    /// their catalog; CONVERSATIONEXPORT_CATALOG_USER/_PASSWORD carry a login a background run inherits);
    /// else the current user's embedded catalog.
    /// </summary>
    public static CatalogInfo Default()
    {
        var overridden = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_CATALOG");
        foreach (var provider in new[] { CatalogProvider.PostgreSql, CatalogProvider.SqlServer })
        {
            var prefix = provider + ":";
            if (overridden is null || !overridden.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var user = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_CATALOG_USER");
            var password = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_CATALOG_PASSWORD");
            return ForConnectionString(provider, overridden[prefix.Length..], user is null ? null : new System.Net.NetworkCredential(user, password));
        }
        return ForSqliteFile(DefaultPath());
    }

    /// <summary>The value of CONVERSATIONEXPORT_CATALOG that makes another process use <paramref name="info"/> (never a password).</summary>
    public static string EnvironmentValue(CatalogInfo info) => info.Path ?? $"{info.Provider}:{info.ConnectionString}";

    /// <summary>Creates the catalog or upgrades its schema to <paramref name="upToVersion"/> (default: current).</summary>
    public static ConversationCatalog Initialize(CatalogInfo info, CallerIdentity caller, int? upToVersion = null)
    {
        var dialect = DialectFor(info);
        if (info.Path is { } path)
        {
            OutputFolders.EnsureParentOf(path, "catalog file");
            info = ForSqliteFile(path, create: true);
        }
        var catalog = new ConversationCatalog(info, dialect);
        catalog.Guard(() =>
        {
            using var connection = catalog.Connect();
            catalog.CheckIntegrity(connection);
            var version = catalog.ReadSchemaVersion(connection, refuseForeign: false);
            if (version is null && Scalar(connection, dialect.UserTableCountSql) > 0)
                throw NotOurs(info);
            var target = upToVersion ?? CurrentSchemaVersion;
            var detail = version is null || version == target ? $"schema version {target}" : $"schema version {version} to {target}";
            try
            {
                catalog.Migrate(connection, version ?? 0, target);
                dialect.PrepareDatabase(connection);
                // An older target exists only to test migrations; the principal and audit tables may not exist yet there.
                if (target == CurrentSchemaVersion) catalog.EnsureFirstAdministrator(connection, caller);
            }
            catch (Exception error) when (version is not null && target == CurrentSchemaVersion && error is not OperationCanceledException)
            {
                // An existing catalog keeps its log: the attempt is recorded (best effort) where the catalog can take it.
                catalog.AuditFailure(caller, "InitializeCatalog", info.ToString(), detail, error);
                throw;
            }
            if (target == CurrentSchemaVersion) catalog.Audit(connection, caller, "InitializeCatalog", info.ToString(), detail);
            return 0;
        });
        return Open(catalog.Info, upgrade: false, checkIntegrity: false); // checked above, before the first write
    }

    /// <summary>Opens an existing catalog, upgrading an older schema forward (SPEC §2).</summary>
    public static ConversationCatalog Open(CatalogInfo info) => Open(info, upgrade: true, checkIntegrity: true);

    private static ConversationCatalog Open(CatalogInfo info, bool upgrade, bool checkIntegrity)
    {
        var dialect = DialectFor(info);
        if (info.Path is { } path)
        {
            if (!File.Exists(path))
                throw new ConversationExportException(ErrorId.CatalogNotFound, ErrorKind.NotFound,
                    $"No catalog at '{path}'. Create one with Initialize-ConversationCatalog -Path '{path}'.", path);
            info = ForSqliteFile(path);
        }
        var catalog = new ConversationCatalog(info, dialect);
        catalog.Guard(() =>
        {
            using var connection = catalog.Connect();
            if (checkIntegrity) catalog.CheckIntegrity(connection);
            var version = catalog.ReadSchemaVersion(connection, refuseForeign: true)!.Value;
            if (upgrade && version < CurrentSchemaVersion)
            {
                catalog.Upgrade(connection, version, CallerIdentity.Current());
                version = CurrentSchemaVersion;
            }
            info.SchemaVersion = version;
            info.Conversations = (int)Scalar(connection, "SELECT COUNT(*) FROM conversation");
            return 0;
        });
        return catalog;
    }

    /// <summary>Opens a connection; the caller disposes it.</summary>
    internal DbConnection OpenConnection() => Guard(Connect);

    /// <summary>Attempts to open a connection before a transient failure (a server restarting, a dropped link) is given up on.</summary>
    private const int ConnectAttempts = 4;

    private DbConnection Connect()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Dialect.Open(Info.ConnectionString, Info.Credential);
            }
            catch (Exception error) when (attempt < ConnectAttempts && Dialect.IsTransient(error))
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(250 * (1 << attempt))); // 0.5 s, 1 s, 2 s
            }
        }
    }

    /// <summary>A transaction holding the catalog's write lock (see <see cref="ICatalogDialect.BeginWrite"/>).</summary>
    internal DbTransaction BeginWrite(DbConnection connection) => Dialect.BeginWrite(connection);

    /// <summary>Runs catalog work, turning provider exceptions into errors that name this catalog.</summary>
    internal T Guard<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (DbException error) when (Dialect.IsConflict(error))
        {
            // Work that is not a redoable unit (see WriteUnit): rolled back, reported, not redone.
            throw Conflict(null, 1, error);
        }
        catch (DbException error)
        {
            throw Dialect.Explain(error, Info) ?? new ConversationExportException(ErrorId.CatalogUnavailable, ErrorKind.ResourceUnavailable,
                $"The catalog '{Info}' failed: {error.Message}", Info.ToString(), error);
        }
    }

    /// <summary>Attempts at a write unit whose transaction the database keeps rolling back for a conflict (see <see cref="WriteUnit"/>).</summary>
    internal const int ConflictAttempts = 4;

    /// <summary>
    /// Runs one write unit, guarded. <paramref name="unit"/> opens its own connection and transaction and does all
    /// its writes inside it, and changes nothing outside the catalog (no file, no upload, no state of its caller).
    /// When the database breaks a deadlock or a serialization failure by rolling the unit's transaction back
    /// (<see cref="ICatalogDialect.IsConflict"/>), nothing of it remains, so it is redone from its start after a
    /// short random pause (two sessions that collided would collide again if both came back at once); after
    /// <see cref="ConflictAttempts"/> attempts it fails with CatalogConflict naming <paramref name="operation"/>.
    /// </summary>
    internal T WriteUnit<T>(string operation, Func<T> unit) => Guard(() =>
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return unit();
            }
            catch (DbException error) when (Dialect.IsConflict(error))
            {
                if (attempt == ConflictAttempts) throw Conflict(operation, attempt, error);
                Thread.Sleep(TimeSpan.FromMilliseconds(50 * (1 << (attempt - 1)) * (0.5 + Random.Shared.NextDouble()))); // ~50 ms, 100 ms, 200 ms
            }
        }
    });

    private ConversationExportException Conflict(string? operation, int attempts, DbException error) => new(ErrorId.CatalogConflict, ErrorKind.ResourceBusy,
        operation is null
            ? $"The catalog '{Info}' rolled back a write that collided with another session's transaction ({error.Message}). Run the command again."
            : $"The catalog '{Info}' gave up on {operation}: it collided with another session's transaction {attempts} times ({error.Message}), and each time the database rolled it back, so nothing of it was recorded. Run the command again; if this keeps happening, look for long transactions on the catalog's tables.",
        Info.ToString(), error);

    /// <summary>
    /// Appends one row to the audit log (SPEC §12), inside <paramref name="transaction"/> when the action
    /// writes: the row then commits with the change it describes, or not at all. The log is append-only:
    /// no engine code updates or deletes its rows, and the database refuses both (see the migrations).
    /// </summary>
    /// <param name="outcome">
    /// Null: Succeeded, except that a detail beginning "denied:" (how permission refusals are written) is Denied.
    /// </param>
    internal void Audit(DbConnection connection, CallerIdentity caller, string action, string? target, string? detail, DbTransaction? transaction = null, AuditOutcome? outcome = null)
    {
        outcome ??= detail is not null && detail.StartsWith("denied:", StringComparison.OrdinalIgnoreCase) ? AuditOutcome.Denied : AuditOutcome.Succeeded;
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO audit_log (time_utc, principal, machine, action, target, detail, outcome) VALUES (@t, @p, @m, @a, @target, @d, @o)";
        command.AddParameter("@t", DateTime.UtcNow.ToUnixMilliseconds());
        command.AddParameter("@p", caller.Name);
        command.AddParameter("@m", caller.Machine);
        command.AddParameter("@a", action);
        command.AddParameter("@target", target);
        command.AddParameter("@d", detail);
        command.AddParameter("@o", outcome.Value.ToString());
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Records that an action failed after it began (the rule: <see cref="AuditLog"/>), on a connection of its own,
    /// best effort: when the catalog itself is what failed, the caller's error is what the user sees, and a
    /// second error about the audit row would only hide it.
    /// </summary>
    internal void AuditFailure(CallerIdentity caller, string action, string? target, string? detail, Exception error)
    {
        try
        {
            using var connection = Dialect.Open(Info.ConnectionString, Info.Credential);
            Audit(connection, caller, action, target, FailureDetail(detail, error), outcome: AuditOutcome.Failed);
        }
        catch (Exception auditError) when (auditError is DbException or InvalidOperationException or IOException or TimeoutException)
        {
            // best effort; see above
        }
    }

    /// <summary>What was attempted, then why it failed: the error's id and message (messages name no secret).</summary>
    internal static string FailureDetail(string? detail, Exception error)
    {
        var why = error is ConversationExportException known ? $"{known.Id}: {known.Message}" : $"{error.GetType().Name}: {error.Message}";
        return string.IsNullOrEmpty(detail) ? $"failed: {why}" : $"{detail}; failed: {why}";
    }

    /// <summary>
    /// One audited change in one write transaction: the change and its Succeeded row commit together. When
    /// <paramref name="work"/> fails, the transaction rolls back and a Failed row is written on its own.
    /// A write unit (<see cref="WriteUnit"/>): <paramref name="work"/> may run more than once, so it only writes through its transaction.
    /// </summary>
    internal T AuditedWrite<T>(CallerIdentity caller, string action, string? target, string? detail, Func<DbConnection, DbTransaction, T> work)
    {
        try
        {
            return WriteUnit(target is null ? action : $"{action} '{target}'", () =>
            {
                using var connection = OpenConnection();
                using var transaction = BeginWrite(connection);
                var result = work(connection, transaction);
                Audit(connection, caller, action, target, detail, transaction);
                transaction.Commit();
                return result;
            });
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            AuditFailure(caller, action, target, detail, error);
            throw;
        }
    }

    /// <summary>
    /// Every cmdlet opens its catalog through here, so a damaged file is refused before the first
    /// write: SQLite itself notices damage only when a statement reads the damaged page, and a
    /// write beside it can make what is still recoverable worse.
    /// </summary>
    private void CheckIntegrity(DbConnection connection)
    {
        var problems = Dialect.CheckIntegrity(connection);
        if (problems.Count > 0)
            throw Dialect.CorruptCatalog(Info, $"the integrity check found: {string.Join("; ", problems)}; the catalog was left unchanged, since no cmdlet writes to a damaged catalog");
    }

    private int? ReadSchemaVersion(DbConnection connection, bool refuseForeign)
    {
        if (Scalar(connection, Dialect.SchemaVersionTableExistsSql) == 0)
        {
            if (refuseForeign) throw NotOurs(Info);
            return null;
        }
        // Guessing a version here would run migrations over a schema they were not written for.
        var rows = Scalar(connection, "SELECT COUNT(*) FROM schema_version");
        if (rows != 1)
            throw SchemaDamaged(rows == 0 ? "its schema_version table is empty" : $"its schema_version table has {rows} rows instead of one");
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version";
        var value = command.ExecuteScalar();
        if (value is not (long or int) || Convert.ToInt64(value) is < 1 or > int.MaxValue)
            throw SchemaDamaged($"its schema_version table holds '{Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}', which is not a schema version (a whole number from 1)");
        var version = Convert.ToInt32(value);
        if (version > CurrentSchemaVersion)
            throw new ConversationExportException(ErrorId.CatalogSchemaTooNew, ErrorKind.InvalidData,
                $"The catalog '{Info}' has schema version {version}, newer than the {CurrentSchemaVersion} this module understands. Update the ConversationExport module; the catalog was left unchanged.",
                Info.ToString());
        return version;
    }

    /// <summary>
    /// Moves an older catalog to the current schema as it is opened, and records who did, from which version:
    /// a schema change of an evidence catalog is a change like any other. A failed step is recorded too (best
    /// effort: the log of a catalog that old may not take it) and the steps before it stay committed.
    /// </summary>
    private void Upgrade(DbConnection connection, int from, CallerIdentity caller)
    {
        var detail = $"schema version {from} to {CurrentSchemaVersion}";
        try
        {
            Migrate(connection, from, CurrentSchemaVersion);
            Dialect.PrepareDatabase(connection);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            AuditFailure(caller, "UpgradeCatalog", Info.ToString(), detail, error);
            throw;
        }
        Audit(connection, caller, "UpgradeCatalog", Info.ToString(), detail);
    }

    private void Migrate(DbConnection connection, int from, int to)
    {
        for (var version = from; version < to; version++)
        {
            if (Dialect.Migrations[version].Length == 0)
            {
                SetSchemaVersion(connection, version + 1);
                continue;
            }
            using var transaction = Dialect.BeginWrite(connection);
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = Dialect.Migrations[version];
                command.ExecuteNonQuery();
                command.CommandText = "UPDATE schema_version SET version = @v";
                command.AddParameter("@v", version + 1);
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    private void SetSchemaVersion(DbConnection connection, int version)
    {
        using var command = DbExtensions.Command(connection, null, "UPDATE schema_version SET version = @v");
        command.AddParameter("@v", version);
        command.ExecuteNonQuery();
    }

    private void EnsureFirstAdministrator(DbConnection connection, CallerIdentity caller)
    {
        if (Scalar(connection, "SELECT COUNT(*) FROM principal") > 0) return;
        using var transaction = BeginWrite(connection);
        using var command = DbExtensions.Command(connection, transaction, "INSERT INTO principal (name, is_administrator, created_utc) VALUES (@n, 1, @t)");
        command.AddParameter("@n", caller.Name);
        command.AddParameter("@t", DateTime.UtcNow.ToUnixMilliseconds());
        command.ExecuteNonQuery();
        new AccessCatalog(this, caller).GrantEverything(connection, transaction, caller.Name);
        transaction.Commit();
    }

    private static long Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private ConversationExportException SchemaDamaged(string why) => new(ErrorId.CatalogSchemaDamaged, ErrorKind.InvalidData,
        $"The catalog '{Info}' is damaged: {why}, so its schema version is unknown. The catalog was left unchanged; restore it from a backup.",
        Info.ToString());

    private static ConversationExportException NotOurs(CatalogInfo info) => new(ErrorId.CatalogNotConversationExport, ErrorKind.InvalidData,
        info.Path is not null
            ? $"'{info}' is a database but not a conversation catalog (it has no schema_version table). Point -Path at a catalog made by Initialize-ConversationCatalog, or at a new file."
            : $"The database of the {info} has no conversation catalog (no schema_version table); nothing was created in it. Create one there with Initialize-ConversationCatalog -Provider {info.Provider} -ConnectionString '…' (in an empty database), or connect to the database that holds the catalog.",
        info.ToString());

    private static ConversationExportException NotSupported(CatalogProvider provider) => new(ErrorId.CatalogProviderNotSupported, ErrorKind.NotImplemented,
        $"The {provider} catalog provider is not available in this version; the accepted providers are Sqlite, SqlServer and PostgreSql.", provider);

    private static ICatalogDialect DialectFor(CatalogInfo info) => info.Provider switch
    {
        CatalogProvider.Sqlite => SqliteDialect.Instance,
        CatalogProvider.PostgreSql => PostgreSqlDialect.Instance,
        CatalogProvider.SqlServer => SqlServerDialect.Instance,
        _ => throw NotSupported(info.Provider),
    };
}
