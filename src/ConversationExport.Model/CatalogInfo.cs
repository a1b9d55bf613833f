using System.Net;
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("ConversationExport.Engine")]
[assembly: InternalsVisibleTo("ConversationExport.Commands")]
[assembly: InternalsVisibleTo("ConversationExport.Engine.Tests")]

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
    /// <summary>The database server's login name when a credential was given (the password is never shown).</summary>
    public string? UserName => Credential?.UserName;

    /// <summary>
    /// The login to a database server, kept out of the connection string so no password is ever
    /// printed, serialized or handed to a scheduled command line. Not public: ConvertTo-Json would write it.
    /// </summary>
    internal NetworkCredential? Credential { get; init; }

    public int SchemaVersion { get; set; }
    public int Conversations { get; set; }
    /// <summary>How the catalog was chosen (Get-ConversationCatalog); null on the objects Initialize- and Connect- return.</summary>
    public CatalogSource? ChosenBy { get; set; }

    /// <summary>The same catalog, marked with how a command chose it.</summary>
    public CatalogInfo ChosenAs(CatalogSource source) =>
        new(Provider, ConnectionString, Path) { SchemaVersion = SchemaVersion, Conversations = Conversations, ChosenBy = source };

    /// <summary>The server and database of a server catalog ("host/database"), for messages; null for an embedded catalog.</summary>
    public string? Server { get; init; }

    public override string ToString() => Path ?? (Server is null ? $"{Provider} catalog" : $"{Provider} catalog {Server}");
}
