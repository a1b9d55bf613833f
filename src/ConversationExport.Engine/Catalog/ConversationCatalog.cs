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

    public static CatalogInfo ForConnectionString(CatalogProvider provider, string connectionString) => provider switch
    {
        CatalogProvider.Sqlite => ForSqliteFile(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource),
        _ => throw new ConversationExportException(ErrorId.CatalogProviderNotSupported, ErrorKind.NotImplemented,
            $"The {provider} catalog provider is not available in this version; the accepted provider is Sqlite.", provider),
    };

    /// <summary>Creates the catalog or upgrades its schema to <paramref name="upToVersion"/> (default: current).</summary>
    public static ConversationCatalog Initialize(CatalogInfo info, CallerIdentity caller, int? upToVersion = null)
    {
        var dialect = DialectFor(info);
        if (info.Path is { } path)
        {
            var folder = Path.GetDirectoryName(path);
            if (folder is null || !Directory.Exists(folder))
                throw new ConversationExportException(ErrorId.CatalogFolderMissing, ErrorKind.InvalidArgument,
                    $"Cannot create the catalog '{path}': the folder '{folder}' does not exist. Create the folder first or choose a path in an existing folder.", path);
            info = ForSqliteFile(path, create: true);
        }
        var catalog = new ConversationCatalog(info, dialect);
        catalog.Guard(() =>
        {
            using var connection = dialect.Open(info.ConnectionString);
            catalog.CheckIntegrity(connection);
            var version = catalog.ReadSchemaVersion(connection, refuseForeign: false);
            if (version is null && Scalar(connection, dialect.UserTableCountSql) > 0)
                throw NotOurs(info);
            var target = upToVersion ?? CurrentSchemaVersion;
            catalog.Migrate(connection, version ?? 0, target);
            dialect.PrepareDatabase(connection);
            // An older target exists only to test migrations; the principal and audit tables may not exist yet there.
            if (target == CurrentSchemaVersion)
            {
                catalog.EnsureFirstAdministrator(connection, caller);
                catalog.Audit(connection, caller, "InitializeCatalog", info.ToString(), $"schema version {target}");
            }
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
            using var connection = dialect.Open(info.ConnectionString);
            if (checkIntegrity) catalog.CheckIntegrity(connection);
            var version = catalog.ReadSchemaVersion(connection, refuseForeign: true)!.Value;
            if (upgrade && version < CurrentSchemaVersion)
            {
                catalog.Migrate(connection, version, CurrentSchemaVersion);
                dialect.PrepareDatabase(connection);
                version = CurrentSchemaVersion;
            }
            info.SchemaVersion = version;
            info.Conversations = (int)Scalar(connection, "SELECT COUNT(*) FROM conversation");
            return 0;
        });
        return catalog;
    }

    /// <summary>Opens a connection; the caller disposes it.</summary>
    internal DbConnection OpenConnection() => Guard(() => Dialect.Open(Info.ConnectionString));

    /// <summary>Runs catalog work, turning provider exceptions into errors that name this catalog.</summary>
    internal T Guard<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (DbException error)
        {
            throw Dialect.Explain(error, Info) ?? new ConversationExportException(ErrorId.CatalogUnavailable, ErrorKind.ResourceUnavailable,
                $"The catalog '{Info}' failed: {error.Message}", Info.ToString(), error);
        }
    }

    internal void Audit(DbConnection connection, CallerIdentity caller, string action, string? target, string? detail, DbTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO audit_log (time_utc, principal, machine, action, target, detail) VALUES (@t, @p, @m, @a, @target, @d)";
        command.AddParameter("@t", DateTime.UtcNow.ToUnixMilliseconds());
        command.AddParameter("@p", caller.Name);
        command.AddParameter("@m", caller.Machine);
        command.AddParameter("@a", action);
        command.AddParameter("@target", target);
        command.AddParameter("@d", detail);
        command.ExecuteNonQuery();
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

    private void Migrate(DbConnection connection, int from, int to)
    {
        for (var version = from; version < to; version++)
        {
            using var transaction = connection.BeginTransaction();
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

    private void EnsureFirstAdministrator(DbConnection connection, CallerIdentity caller)
    {
        if (Scalar(connection, "SELECT COUNT(*) FROM principal") > 0) return;
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO principal (name, is_administrator, created_utc) VALUES (@n, 1, @t)";
        command.AddParameter("@n", caller.Name);
        command.AddParameter("@t", DateTime.UtcNow.ToUnixMilliseconds());
        command.ExecuteNonQuery();
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
        $"'{info}' is a database but not a conversation catalog (it has no schema_version table). Point -Path at a catalog made by Initialize-ConversationCatalog, or at a new file.",
        info.ToString());

    private static ICatalogDialect DialectFor(CatalogInfo info) => info.Provider switch
    {
        CatalogProvider.Sqlite => SqliteDialect.Instance,
        _ => throw new ConversationExportException(ErrorId.CatalogProviderNotSupported, ErrorKind.NotImplemented,
            $"The {info.Provider} catalog provider is not available in this version; the accepted provider is Sqlite.", info.Provider),
    };
}
