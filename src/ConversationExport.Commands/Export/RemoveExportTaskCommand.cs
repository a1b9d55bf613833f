using ConversationExport.Engine;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Export;

/// <summary>Deletes export tasks; the history of their runs stays.</summary>
[Cmdlet(VerbsCommon.Remove, "ExportTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name", HelpUri = HelpLinks.Online + "Remove-ExportTask.md")]
[OutputType(typeof(void))]
public sealed class RemoveExportTaskCommand : CatalogCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = "InputObject", ValueFromPipeline = true)]
    public ExportTask[] InputObject { get; set; } = [];

    protected override void ProcessRecord()
    {
        var tasks = new TaskCatalog(OpenCatalog(), Caller);
        foreach (var name in ParameterSetName == "InputObject" ? InputObject.Select(t => t.Name) : Name)
        {
            if (!ShouldProcess(name, "Remove export task")) continue;
            try
            {
                tasks.RemoveTask(name);
            }
            catch (ConversationExportException error)
            {
                WriteError(ErrorFactory.From(error));
            }
        }
    }
}
