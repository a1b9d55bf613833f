using System.Net;
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("ConversationExport.Engine")]
[assembly: InternalsVisibleTo("ConversationExport.Commands")]
[assembly: InternalsVisibleTo("ConversationExport.Engine.Tests")]

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
    /// <summary>The database server's login name when a credential was given (the password is never shown).</summary>
    public string? UserName => Credential?.UserName;

    /// <summary>
    /// The login to a database server, kept out of the connection string so no password is ever
    /// printed, serialized or handed to a scheduled command line. Not public: ConvertTo-Json would write it.
    /// </summary>
    internal NetworkCredential? Credential { get; init; }

    public int SchemaVersion { get; set; }
    public int Conversations { get; set; }

    /// <summary>The server and database of a server catalog ("host/database"), for messages; null for an embedded catalog.</summary>
    public string? Server { get; init; }

    public override string ToString() => Path ?? (Server is null ? $"{Provider} catalog" : $"{Provider} catalog {Server}");
}
