using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Targets;

/// <summary>Creates a named storage target that export tasks write to.</summary>
[Cmdlet(VerbsCommon.New, "StorageTarget", SupportsShouldProcess = true)]
[OutputType(typeof(StorageTarget))]
public sealed class NewStorageTargetCommand : CatalogCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public StorageTargetType Type { get; set; } = StorageTargetType.FileSystem;

    /// <summary>FileSystem: a local folder or UNC share; relative paths are resolved against the PowerShell location.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    protected override void ProcessRecord()
    {
        var path = Path is null ? null : ResolvePath(Path);
        if (!ShouldProcess(Name, $"Create {Type} storage target {path}")) return;
        WriteObject(Engine(() => new TaskCatalog(OpenCatalog(), Caller).AddTarget(Name, Type, path, Description)));
    }
}
