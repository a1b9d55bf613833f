using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Export;

/// <summary>Changes an export task: only the parameters given change. Enabling a task starts a run at once.</summary>
[Cmdlet(VerbsCommon.Set, "ExportTask", SupportsShouldProcess = true, DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Online + "Set-ExportTask.md")]
[OutputType(typeof(ExportTask))]
public sealed class SetExportTaskCommand : TaskSettingsCmdlet
{
    private const string NameSet = "Name";
    private const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ArgumentCompleter(typeof(Infrastructure.CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public ExportTask InputObject { get; set; } = null!;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    [Parameter]
    public bool Enabled { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var name = ParameterSetName == InputObjectSet ? InputObject.Name : Name;
        var tasks = new TaskCatalog(OpenCatalog(), Caller);
        var existing = Engine(() => tasks.GetTask(name));
        var settings = Engine(() => SettingsBinder.Apply(existing.Settings, MyInvocation.BoundParameters));
        var enabled = MyInvocation.BoundParameters.ContainsKey(nameof(Enabled)) ? Enabled : existing.Task.Enabled;
        Engine(() => { ExportValidator.Validate(settings, tasks); return 0; });
        if (MyInvocation.BoundParameters.ContainsKey(nameof(ArchiveMethod))) WarnIfWeak(this, settings);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(NotifyEmail))) WarnIfNoSmtp(settings);
        if (!ShouldProcess(existing.Task.Name, "Change export task")) return;
        Engine(() =>
        {
            tasks.UpdateTask(existing.Task.Name, enabled, settings, NewName);
            return 0;
        });
        var updated = Engine(() => tasks.GetTask(NewName ?? existing.Task.Name)).Task;
        // Saving an enabled task starts it (seed §4.1); re-saving one that already runs does not start a second run.
        if (enabled && !existing.Task.Enabled) BackgroundRun.Start(this, updated.Name);
        if (PassThru) WriteObject(updated);
    }
}
