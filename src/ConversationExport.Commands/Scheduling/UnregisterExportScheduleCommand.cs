using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;
using ConversationExport.Engine.Scheduling;

namespace ConversationExport.Commands.Scheduling;

/// <summary>Removes a task's schedule: exactly its OS trigger, then its row; the task stays.</summary>
[Cmdlet(VerbsLifecycle.Unregister, "ExportSchedule", SupportsShouldProcess = true, HelpUri = HelpLinks.Online + "Unregister-ExportSchedule.md")]
[OutputType(typeof(void))]
public sealed class UnregisterExportScheduleCommand : CatalogCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Task { get; set; } = "";

    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Task, "Unregister the export schedule and its OS trigger")) return;
        try
        {
            new ScheduleCatalog(OpenCatalog(), Caller, ISchedulerHost.ForThisSystem()).Unregister(Task);
        }
        catch (ConversationExportException error)
        {
            WriteError(ErrorFactory.From(error));
        }
    }
}
