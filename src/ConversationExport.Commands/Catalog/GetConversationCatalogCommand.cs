using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Catalog;

/// <summary>Shows the catalog the session's commands use: provider, path, schema, size and how it was chosen.</summary>
[Cmdlet(VerbsCommon.Get, "ConversationCatalog", HelpUri = HelpLinks.Online + "Get-ConversationCatalog.md")]
[OutputType(typeof(CatalogInfo))]
public sealed class GetConversationCatalogCommand : CatalogCmdlet
{
    protected override void EndProcessing()
    {
        var (_, source) = CatalogSession.Choose(Catalog);
        WriteObject(OpenCatalog().Info.ChosenAs(source));
    }
}
