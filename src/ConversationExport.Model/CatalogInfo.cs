namespace ConversationExport;

public enum CatalogProvider : long { Sqlite, SqlServer, PostgreSql }

/// <summary>
/// How a command came to use a catalog, in the order they are tried: its -Catalog parameter, the
/// session's (Connect-/Initialize-ConversationCatalog), the file named by CONVERSATIONEXPORT_CATALOG,
/// or the user's default embedded catalog.
/// </summary>
public enum CatalogSource : long { Parameter, Session, Environment, Default }

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
    /// <summary>How the catalog was chosen (Get-ConversationCatalog); null on the objects Initialize- and Connect- return.</summary>
    public CatalogSource? ChosenBy { get; set; }

    /// <summary>The same catalog, marked with how a command chose it.</summary>
    public CatalogInfo ChosenAs(CatalogSource source) =>
        new(Provider, ConnectionString, Path) { SchemaVersion = SchemaVersion, Conversations = Conversations, ChosenBy = source };

    public override string ToString() => Path ?? $"{Provider} catalog";
}
