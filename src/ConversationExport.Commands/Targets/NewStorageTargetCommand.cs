using System.Management.Automation;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Targets;

/// <summary>Creates a named storage target that export tasks write to: a folder, an SFTP server, an Azure Blob container or an S3 bucket.</summary>
[Cmdlet(VerbsCommon.New, "StorageTarget", SupportsShouldProcess = true)]
[OutputType(typeof(StorageTarget))]
public sealed class NewStorageTargetCommand : TargetParametersCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public StorageTargetType Type { get; set; } = StorageTargetType.FileSystem;

    protected override void ProcessRecord()
    {
        var change = BuildChange(Type);
        if (!ShouldProcess(Name, $"Create {Type} storage target {change.Path ?? change.Host ?? change.Bucket ?? change.Container ?? change.ContainerUri?.Split('?')[0]}")) return;
        WriteObject(Engine(() => new StorageTargetCatalog(OpenCatalog(), Caller).Add(Name, Type, change)));
    }
}
