namespace ConversationExport;

public enum CatalogProvider { Sqlite, SqlServer, PostgreSql }

/// <summary>A catalog the session can talk to: returned by Initialize-/Connect-ConversationCatalog, taken by every cmdlet's -Catalog.</summary>
public sealed class CatalogInfo
{
    public CatalogInfo(CatalogProvider provider, string connectionString, string? path)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Path = path;
    }

    public CatalogProvider Provider { get; }
    /// <summary>Not shown by default views: a server connection string may hold a password.</summary>
    public string ConnectionString { get; }
    /// <summary>The database file of an embedded (SQLite) catalog; null for servers.</summary>
    public string? Path { get; }
    public int SchemaVersion { get; set; }
    public int Conversations { get; set; }

    public override string ToString() => Path ?? $"{Provider} catalog";
}
