using ConversationExport.Engine;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Export;

/// <summary>Lists export tasks, all or by name (wildcards allowed).</summary>
[Cmdlet(VerbsCommon.Get, "ExportTask", HelpUri = HelpLinks.Online + "Get-ExportTask.md")]
[OutputType(typeof(ExportTask))]
public sealed class GetExportTaskCommand : CatalogCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var catalog = new TaskCatalog(OpenCatalog(), Caller);
        var tasks = Engine(catalog.VisibleTasks).Select(t => t.Task).ToList();
        WriteMatches(tasks, t => t.Name, Name, pattern => Engine(() => catalog.TaskNotFound(pattern)));
    }
}
