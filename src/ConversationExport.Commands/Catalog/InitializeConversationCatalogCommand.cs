using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Security;

namespace ConversationExport.Commands.Catalog;

/// <summary>Creates a conversation catalog, or upgrades an existing one to the current schema, and makes it the session's catalog.</summary>
[Cmdlet(VerbsData.Initialize, "ConversationCatalog", SupportsShouldProcess = true, DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Online + "Initialize-ConversationCatalog.md")]
[OutputType(typeof(CatalogInfo))]
public sealed class InitializeConversationCatalogCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string ConnectionStringSet = "ConnectionString";

    /// <summary>The SQLite catalog file, used exactly as written (no wildcards); default: the user's embedded catalog.</summary>
    [Parameter(Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("LiteralPath", "PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ConnectionStringSet)]
    [ValidateNotNullOrEmpty]
    public string ConnectionString { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = ConnectionStringSet)]
    public CatalogProvider Provider { get; set; }

    /// <summary>The database server login; kept out of the connection string (a password there is moved here).</summary>
    [Parameter(ParameterSetName = ConnectionStringSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    protected override void ProcessRecord()
    {
        var info = ParameterSetName == ConnectionStringSet
            ? CatalogSession.Engine(this, () => ConversationCatalog.ForConnectionString(Provider, ConnectionString, Credential?.GetNetworkCredential()))
            : ConversationCatalog.ForSqliteFile(Path is null ? ConversationCatalog.DefaultPath() : GetUnresolvedProviderPathFromPSPath(Path));
        if (!ShouldProcess(info.ToString(), "Create or upgrade the conversation catalog")) return;
        var catalog = CatalogSession.Engine(this, () => ConversationCatalog.Initialize(info, CallerIdentity.Current()));
        CatalogSession.Current = catalog.Info;
        WriteObject(catalog.Info);
    }
}
