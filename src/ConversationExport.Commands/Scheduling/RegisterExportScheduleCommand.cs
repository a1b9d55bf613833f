using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Scheduling;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Scheduling;

/// <summary>Gives an export task a schedule: stored in the catalog, with one OS trigger (crontab, Task Scheduler) that runs it.</summary>
[Cmdlet(VerbsLifecycle.Register, "ExportSchedule", SupportsShouldProcess = true, DefaultParameterSetName = DailySet, HelpUri = HelpLinks.Online + "Register-ExportSchedule.md")]
[OutputType(typeof(ExportSchedule))]
public sealed class RegisterExportScheduleCommand : ScheduleCmdlet
{
    protected override void ProcessRecord()
    {
        var schedules = Schedules();
        var definition = Engine(() => Definition(null));
        var trigger = Engine(() => schedules.Trigger(Task, definition, Command()));
        var registered = ISchedulerHost.ForThisSystem().Describe(trigger);
        if (!ShouldProcess(Task, $"Register the schedule '{ScheduleCatalog.Describe(definition)}' with this OS trigger:\n{registered}\n")) return;
        var schedule = Engine(() => schedules.Register(Task, definition, Command()));
        if (!Engine(() => new TaskCatalog(OpenCatalog(), Caller).GetTask(Task)).Task.Enabled)
            WriteWarning($"The export task '{Task}' is disabled: its schedule starts runs only once it is enabled (Enable-ExportTask -Name '{Task}', which also starts a run at once).");
        WriteObject(schedule);
    }
}
