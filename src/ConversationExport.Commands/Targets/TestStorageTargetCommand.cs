using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Targets;

/// <summary>Connects to storage targets, writes and deletes a probe, and reports latency and what failed.</summary>
[Cmdlet(VerbsDiagnostic.Test, "StorageTarget")]
[OutputType(typeof(StorageTargetTest))]
public sealed class TestStorageTargetCommand : CatalogCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        var targets = new StorageTargetCatalog(OpenCatalog(), Caller);
        foreach (var name in Name)
        {
            try
            {
                WriteObject(targets.Test(name));
            }
            catch (ConversationExport.Engine.ConversationExportException error)
            {
                WriteError(ErrorFactory.From(error));
            }
        }
    }
}
