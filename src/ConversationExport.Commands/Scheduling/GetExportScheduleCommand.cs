using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;
using ConversationExport.Engine.Scheduling;

namespace ConversationExport.Commands.Scheduling;

/// <summary>Lists schedules with their next occurrences, their task's last run and their OS trigger.</summary>
[Cmdlet(VerbsCommon.Get, "ExportSchedule", HelpUri = HelpLinks.Online + "Get-ExportSchedule.md")]
[OutputType(typeof(ExportSchedule))]
public sealed class GetExportScheduleCommand : CatalogCmdlet
{
    /// <summary>The task whose schedule to show; default: every schedule.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    public string? Task { get; set; }

    /// <summary>How many next occurrences to compute (default 5).</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int Next { get; set; } = 5;

    protected override void ProcessRecord()
    {
        var schedules = new ScheduleCatalog(OpenCatalog(), Caller, ISchedulerHost.ForThisSystem());
        try
        {
            foreach (var schedule in schedules.Get(Task, Next)) WriteObject(schedule);
        }
        catch (ConversationExportException error) when (error.Kind == ErrorKind.NotFound)
        {
            WriteError(ErrorFactory.From(error));
        }
    }
}
