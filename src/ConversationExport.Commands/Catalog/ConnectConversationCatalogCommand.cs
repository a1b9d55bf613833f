using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Catalog;

/// <summary>Makes an existing catalog the default of this PowerShell session.</summary>
[Cmdlet(VerbsCommunications.Connect, "ConversationCatalog", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Online + "Connect-ConversationCatalog.md")]
[OutputType(typeof(CatalogInfo))]
public sealed class ConnectConversationCatalogCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string ConnectionStringSet = "ConnectionString";
    private const string InputObjectSet = "InputObject";

    /// <summary>The SQLite catalog file, used exactly as written (no wildcards); a file from Get-Item binds by PSPath.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("LiteralPath", "PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = ConnectionStringSet)]
    [ValidateNotNullOrEmpty]
    public string ConnectionString { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = ConnectionStringSet)]
    public CatalogProvider Provider { get; set; }

    /// <summary>The database server login; kept out of the connection string (a password there is moved here).</summary>
    [Parameter(ParameterSetName = ConnectionStringSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>A catalog object from Initialize- or Connect-ConversationCatalog.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public CatalogInfo InputObject { get; set; } = null!;

    protected override void ProcessRecord()
    {
        var info = ParameterSetName switch
        {
            ConnectionStringSet => CatalogSession.Engine(this, () => ConversationCatalog.ForConnectionString(Provider, ConnectionString, Credential?.GetNetworkCredential())),
            InputObjectSet => InputObject,
            _ => ConversationCatalog.ForSqliteFile(GetUnresolvedProviderPathFromPSPath(Path)),
        };
        var catalog = CatalogSession.Engine(this, () => ConversationCatalog.Open(info));
        CatalogSession.Current = catalog.Info;
        WriteObject(catalog.Info);
    }
}
