using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Templates;

/// <summary>Deletes export templates; tasks made from them keep their settings.</summary>
[Cmdlet(VerbsCommon.Remove, "ExportTemplate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name", HelpUri = HelpLinks.Online + "Remove-ExportTemplate.md")]
[OutputType(typeof(void))]
public sealed class RemoveExportTemplateCommand : CatalogCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = "InputObject", ValueFromPipeline = true)]
    public ExportTemplate[] InputObject { get; set; } = [];

    protected override void ProcessRecord()
    {
        var templates = new TemplateCatalog(OpenCatalog(), Caller);
        foreach (var name in ParameterSetName == "InputObject" ? InputObject.Select(t => t.Name) : Name)
        {
            if (!ShouldProcess(name, "Remove export template")) continue;
            try
            {
                templates.Remove(name);
            }
            catch (ConversationExportException error)
            {
                WriteError(ErrorFactory.From(error));
            }
        }
    }
}
