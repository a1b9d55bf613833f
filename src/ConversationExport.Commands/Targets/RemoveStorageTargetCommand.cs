using ConversationExport.Engine;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Targets;

/// <summary>Deletes storage targets that no export task uses.</summary>
[Cmdlet(VerbsCommon.Remove, "StorageTarget", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveStorageTargetCommand : CatalogCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        var targets = new TaskCatalog(OpenCatalog(), Caller);
        foreach (var name in Name)
        {
            if (!ShouldProcess(name, "Remove storage target")) continue;
            try
            {
                targets.RemoveTarget(name);
            }
            catch (ConversationExportException error)
            {
                WriteError(ErrorFactory.From(error));
            }
        }
    }
}
