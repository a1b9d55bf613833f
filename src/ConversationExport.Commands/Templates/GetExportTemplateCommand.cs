using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Templates;

/// <summary>Lists export templates, all or by name (wildcards allowed).</summary>
[Cmdlet(VerbsCommon.Get, "ExportTemplate", HelpUri = HelpLinks.Online + "Get-ExportTemplate.md")]
[OutputType(typeof(ExportTemplate))]
public sealed class GetExportTemplateCommand : CatalogCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var templates = Engine(() => new TemplateCatalog(OpenCatalog(), Caller).Templates());
        WriteMatches(templates.Select(t => t.Template).ToList(), t => t.Name, Name, pattern => TemplateCatalog.NotFound(pattern, templates));
    }
}
