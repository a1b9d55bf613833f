using System.Management.Automation;
using ConversationExport.Engine.Export;

namespace ConversationExport.Commands.Export;

/// <summary>Creates an export task with every configuration item of seed §4.1; an enabled task starts running at once in the background.</summary>
[Cmdlet(VerbsCommon.New, "ExportTask", SupportsShouldProcess = true)]
[OutputType(typeof(ExportTask))]
public sealed class NewExportTaskCommand : TaskSettingsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Run automatically: saving an enabled task starts a run at once, and schedules fire only for enabled tasks.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public SwitchParameter Enabled { get; set; }

    protected override void ProcessRecord()
    {
        var settings = SettingsBinder.Apply(new ExportSettings(), MyInvocation.BoundParameters);
        if (!ShouldProcess(Name, "Create export task")) return;
        var task = Engine(() => new TaskCatalog(OpenCatalog(), Caller).AddTask(Name, Enabled, settings));
        if (task.Enabled) BackgroundRun.Start(this, task.Name);
        WriteObject(task);
    }
}
