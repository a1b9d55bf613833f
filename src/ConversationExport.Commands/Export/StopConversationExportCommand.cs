using ConversationExport.Engine;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Export;

/// <summary>Asks running exports to stop after their current batch; they end Cancelled and can be resumed.</summary>
[Cmdlet(VerbsLifecycle.Stop, "ConversationExport", SupportsShouldProcess = true, DefaultParameterSetName = "RunId", HelpUri = HelpLinks.Online + "Stop-ConversationExport.md")]
[OutputType(typeof(ExportRun))]
public sealed class StopConversationExportCommand : CatalogCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "RunId", ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public long[] RunId { get; set; } = [];

    /// <summary>Stop the active run of this task.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Task")]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    public string Task { get; set; } = "";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var runs = new RunCatalog(OpenCatalog());
        var ids = ParameterSetName == "Task"
            ? [Engine(() => runs.Active(Task)?.Run.RunId ?? throw new ConversationExportException(ErrorId.RunNotFound, ErrorKind.NotFound,
                $"The export task '{Task}' has no running export.", Task))]
            : RunId;
        foreach (var id in ids)
        {
            if (!ShouldProcess($"run {id}", "Stop after the current batch")) continue;
            try
            {
                runs.RequestStop(id);
                if (PassThru) WriteObject(runs.Get(id).Run);
            }
            catch (ConversationExportException error)
            {
                WriteError(ErrorFactory.From(error));
            }
        }
    }
}
