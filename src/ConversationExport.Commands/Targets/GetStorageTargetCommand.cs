using ConversationExport.Engine;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Targets;

/// <summary>Lists storage targets, all or by name (wildcards allowed).</summary>
[Cmdlet(VerbsCommon.Get, "StorageTarget")]
[OutputType(typeof(StorageTarget))]
public sealed class GetStorageTargetCommand : CatalogCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var targets = Engine(() => new TaskCatalog(OpenCatalog(), Caller).Targets());
        WriteMatches(targets, t => t.Name, Name, pattern => new ConversationExportException(ErrorId.StorageTargetNotFound, ErrorKind.NotFound,
            $"No storage target named '{pattern}'.", pattern));
    }
}
