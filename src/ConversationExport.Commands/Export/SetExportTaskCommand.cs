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

    /// <summary>An export template whose values overwrite the task's; parameters given on the same call win.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Template { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var name = ParameterSetName == InputObjectSet ? InputObject.Name : Name;
        var tasks = new TaskCatalog(OpenCatalog(), Caller);
        var existing = Engine(() => tasks.GetTask(name));
        // Loading a template overwrites every value it holds; the parameters given on this call then win (SPEC §7).
        var template = Template is null ? null : Engine(() => new TemplateCatalog(OpenCatalog(), Caller).Get(Template));
        var start = template is null ? existing.Settings : TemplateCatalog.Load(existing.Settings, template.Settings);
        var settings = Engine(() => SettingsBinder.Apply(start, MyInvocation.BoundParameters));
        var enabled = MyInvocation.BoundParameters.ContainsKey(nameof(Enabled)) ? Enabled : existing.Task.Enabled;
        Engine(() => { ExportValidator.Validate(settings, tasks); return 0; });
        if (template is not null || MyInvocation.BoundParameters.ContainsKey(nameof(ArchiveMethod))) WarnIfWeak(this, settings);
        if (template is not null || MyInvocation.BoundParameters.ContainsKey(nameof(NotifyEmail))) WarnIfNoSmtp(settings);
        if (!ShouldProcess(existing.Task.Name, "Change export task")) return;
        Engine(() =>
        {
            tasks.UpdateTask(existing.Task.Name, enabled, settings, NewName, template?.Template.Name);
            return 0;
        });
        var updated = Engine(() => tasks.GetTask(NewName ?? existing.Task.Name)).Task;
        // Saving an enabled task starts it (seed §4.1); re-saving one that already runs does not start a second run.
        if (enabled && !existing.Task.Enabled) BackgroundRun.Start(this, updated.Name);
        if (PassThru) WriteObject(updated);
    }
}
