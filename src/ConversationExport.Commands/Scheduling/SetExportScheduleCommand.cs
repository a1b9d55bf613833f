using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Scheduling;

namespace ConversationExport.Commands.Scheduling;

/// <summary>Changes a task's schedule: the values given replace the stored ones, and the OS trigger is registered again.</summary>
[Cmdlet(VerbsCommon.Set, "ExportSchedule", SupportsShouldProcess = true, DefaultParameterSetName = "Keep", HelpUri = HelpLinks.Online + "Set-ExportSchedule.md")]
[OutputType(typeof(ExportSchedule))]
public sealed class SetExportScheduleCommand : ScheduleCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var schedules = Schedules();
        var existing = Engine(() => schedules.Definition(Task));
        var definition = Engine(() => Definition(existing));
        var trigger = Engine(() => schedules.Trigger(Task, definition, Command()));
        if (!ShouldProcess(Task, $"Set the schedule to '{ScheduleCatalog.Describe(definition)}' with this OS trigger:\n{ISchedulerHost.ForThisSystem().Describe(trigger)}\n")) return;
        var saved = Engine(() => schedules.Update(Task, definition, Command()));
        if (PassThru) WriteObject(saved);
    }
}
