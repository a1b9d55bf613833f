using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Targets;

/// <summary>Changes a storage target: only the parameters given; credentials are replaced, never shown.</summary>
[Cmdlet(VerbsCommon.Set, "StorageTarget", SupportsShouldProcess = true)]
[OutputType(typeof(StorageTarget))]
public sealed class SetStorageTargetCommand : TargetParametersCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var targets = new StorageTargetCatalog(OpenCatalog(), Caller);
        var existing = Engine(() => targets.Get(Name));
        var change = BuildChange(existing.Type);
        if (!ShouldProcess(existing.Name, "Change storage target")) return;
        var changed = Engine(() => targets.Update(existing.Name, change, NewName));
        if (PassThru) WriteObject(changed);
    }
}
