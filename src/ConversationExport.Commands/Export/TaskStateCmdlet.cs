using ConversationExport.Engine;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
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
                if (!ShouldProcess(task.Task.Name, Enable ? "Enable export task" : "Disable export task")) continue;
                if (task.Task.Enabled != Enable)
                {
                    tasks.UpdateTask(task.Task.Name, Enable, task.Settings, action: Enable ? "EnableExportTask" : "DisableExportTask");
                    if (Enable) BackgroundRun.Start(this, task.Task.Name);
                }
                if (PassThru) WriteObject(tasks.GetTask(task.Task.Name).Task);
            }
            catch (ConversationExportException error)
            {
                WriteError(ErrorFactory.From(error));
            }
        }
    }
}
