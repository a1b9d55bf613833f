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
        // A user stops only their own runs (their tasks', their ad-hoc ones); an administrator, any.
        var visible = Engine(() => new AccessCatalog(OpenCatalog(), Caller).VisibleRuns("StopConversationExport"));
        if (ParameterSetName == "Task")
        {
            StopTask(runs, visible);
            return;
        }
        foreach (var id in RunId)
        {
            try
            {
                if (runs.Find(id) is not { } record || !visible(record))
                    throw new ConversationExportException(ErrorId.RunNotFound, ErrorKind.NotFound,
                        $"No export run with id {id} (or not one of {Caller.Name}'s). Get-ExportStatus lists the runs.", id);
                var run = record.Run;
                if (!IsActive(run))
                {
                    // Nothing to do is not a failure: the run ended before the stop came (or long ago).
                    WriteWarning($"Run {id} of '{run.Task}' is {run.State}: it is not running, so there is nothing to stop.");
                    if (PassThru) WriteObject(run);
                    continue;
                }
                if (!ShouldProcess($"run {id} of '{run.Task}'", "Stop after the current batch")) continue;
                runs.RequestStop(id);
                if (PassThru) WriteObject(runs.Get(id).Run);
            }
            catch (ConversationExportException error)
            {
                WriteError(ErrorFactory.From(error));
            }
        }
    }

    /// <summary>
    /// The running run of a task (or of ad-hoc runs of that -RunName). A name that is neither a task's
    /// nor any run's is an error; one with nothing running gets a warning: there is nothing to stop.
    /// </summary>
    private void StopTask(RunCatalog runs, Func<RunRecord, bool> visible)
    {
        try
        {
            if (runs.Active(Task) is { } running && !visible(running))
                throw new ConversationExportException(ErrorId.ExportTaskNotFound, ErrorKind.NotFound, $"No export task or run of {Caller.Name}'s named '{Task}'.", Task);
            if (runs.Active(Task) is not { } active)
            {
                var known = runs.List(Task, null, 1).Count > 0 || new TaskCatalog(OpenCatalog(), Caller).VisibleTasks()
                    .Any(t => string.Equals(t.Task.Name, Task, StringComparison.OrdinalIgnoreCase));
                if (!known)
                    throw new ConversationExportException(ErrorId.ExportTaskNotFound, ErrorKind.NotFound, $"No export task or run named '{Task}'.", Task);
                WriteWarning($"'{Task}' has no running export, so there is nothing to stop.");
                return;
            }
            if (!ShouldProcess($"run {active.Run.RunId} of '{active.Run.Task}'", "Stop after the current batch")) return;
            runs.RequestStop(active.Run.RunId);
            if (PassThru) WriteObject(runs.Get(active.Run.RunId).Run);
        }
        catch (ConversationExportException error)
        {
            WriteError(ErrorFactory.From(error));
        }
    }

    private static bool IsActive(ExportRun run) => run.State is RunState.Queued or RunState.Running;
}
