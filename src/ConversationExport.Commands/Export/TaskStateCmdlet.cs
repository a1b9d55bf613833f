using ConversationExport.Engine;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Export.Download;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Export;

/// <summary>Enable-/Disable-ExportTask: by name or piped task, with -PassThru.</summary>
public abstract class TaskStateCmdlet : CatalogCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = "InputObject", ValueFromPipeline = true)]
    public ExportTask[] InputObject { get; set; } = [];

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected abstract bool Enable { get; }

    protected override void ProcessRecord()
    {
        var tasks = new TaskCatalog(OpenCatalog(), Caller);
        foreach (var name in ParameterSetName == "InputObject" ? InputObject.Select(t => t.Name) : Name)
        {
            try
            {
                var task = tasks.GetTask(name);
                if (!ShouldProcess(task.Task.Name, Action(task.Task))) continue;
                // Enabling starts a run at once: a Download-type task is refused up front while direct download is disabled.
                if (Enable && !task.Task.Enabled) DownloadSettings.Load(new SettingCatalog(OpenCatalog(), Caller)).EnsureRunAllowed(task.Task.Name, task.Settings);
                if (tasks.SetEnabled(task, Enable) && Enable) BackgroundRun.Start(this, task.Task.Name);
                // The task, not the run: the run is created by the detached process (so that it outlives this
                // session) and is in Get-ExportStatus a moment later.
                if (PassThru) WriteObject(tasks.GetTask(task.Task.Name).Task);
            }
            catch (ConversationExportException error)
            {
                WriteError(ErrorFactory.From(error));
            }
        }
    }

    /// <summary>What -WhatIf and -Confirm say: enabling a disabled task also starts a run of it in the background.</summary>
    private string Action(ExportTask task) => (Enable, task.Enabled) switch
    {
        (true, false) => "Enable export task and start a run of it at once in a background process",
        (true, true) => "Enable export task (already enabled: no run is started)",
        (false, true) => "Disable export task (a background or scheduled run in progress stops after its current batch)",
        _ => "Disable export task (already disabled)",
    };
}
