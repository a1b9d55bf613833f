using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Security;
using Npgsql;

namespace ConversationExport.EngineTests.Support;

/// <summary>
/// The catalog a provider-neutral test runs on: SQLite by default; a new database on the suite's
/// PostgreSQL server when CONVERSATIONEXPORT_TEST_PROVIDER=PostgreSql (build.ps1 Test's second pass,
/// which runs every class marked <c>[Trait("Catalog", "AnyProvider")]</c> again that way).
/// </summary>
internal static class TestCatalog
{
    public static CatalogProvider Provider =>
        string.Equals(Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_TEST_PROVIDER"), "PostgreSql", StringComparison.OrdinalIgnoreCase)
            ? CatalogProvider.PostgreSql : CatalogProvider.Sqlite;

    public static ConversationCatalog Create(TempFolder temp, CallerIdentity? caller = null) =>
        ConversationCatalog.Initialize(Describe(temp), caller ?? Callers.Alice);

    /// <summary>Where a new catalog would live, without creating it.</summary>
    public static CatalogInfo Describe(TempFolder temp) => Provider == CatalogProvider.PostgreSql
        ? TestPostgres.NewDatabase()
        : ConversationCatalog.ForSqliteFile(temp.Combine("catalog.db"));
}

/// <summary>The suite's PostgreSQL server (started by build.ps1 Test; its admin connection string in CONVERSATIONEXPORT_TEST_POSTGRES).</summary>
internal static class TestPostgres
{
    public static string AdminConnectionString => Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_TEST_POSTGRES")
        ?? throw new InvalidOperationException("CONVERSATIONEXPORT_TEST_POSTGRES is not set: run the tests with build.ps1 Test, which starts a PostgreSQL server for them.");

    /// <summary>A new, empty database; the catalog's login is passed as a credential, never in its connection string.</summary>
    public static CatalogInfo NewDatabase()
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        var name = "ce_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        return ConversationCatalog.ForConnectionString(CatalogProvider.PostgreSql, $"Host={admin.Host};Port={admin.Port};Database={name}",
            new System.Net.NetworkCredential(admin.Username, admin.Password));
    }

    /// <summary>A connection to a test database as its administrator, behind the engine's back.</summary>
    public static NpgsqlConnection Open(CatalogInfo catalog)
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        var builder = new NpgsqlConnectionStringBuilder(catalog.ConnectionString) { Username = admin.Username, Password = admin.Password, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        return connection;
    }
}

/// <summary>
/// A fact about PostgreSQL catalogs only. Mark it also [Trait("Catalog", "PostgreSqlOnly")]: build.ps1 Test's SQLite pass
/// leaves that trait out and its PostgreSQL pass runs it; the skip below only speaks to an ad-hoc run without that filter.
/// </summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (TestCatalog.Provider != CatalogProvider.PostgreSql) Skip = "PostgreSQL only: runs in build.ps1 Test's PostgreSQL pass (CONVERSATIONEXPORT_TEST_PROVIDER=PostgreSql).";
    }
}
