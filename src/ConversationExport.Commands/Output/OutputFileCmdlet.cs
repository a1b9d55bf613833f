using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;
using ConversationExport.Engine.Output;

namespace ConversationExport.Commands.Output;

/// <summary>
/// Base of the cmdlets that write files under names the user chose (Save-Conversation, Export-ConversationList):
/// -NoClobber refuses to touch a file of the same name, -Force replaces it even when read-only, and without
/// either each cmdlet does what its kind of command usually does.
/// </summary>
public abstract class OutputFileCmdlet : CatalogCmdlet
{
    /// <summary>Refuse (OutputFileExists) when a file of the same name exists.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Replace a file of the same name, even a read-only one.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        if (NoClobber && Force)
            ThrowTerminatingError(ErrorFactory.InvalidArgument(ErrorId.InvalidArgument, "-NoClobber and -Force cannot be used together: one refuses to replace an existing file, the other replaces it.", null));
    }

    /// <summary>What to do with a file of the same name: as -NoClobber or -Force say, else <paramref name="byDefault"/>.</summary>
    protected ExistingFile OnExistingFile(ExistingFile byDefault) =>
        NoClobber ? ExistingFile.Refuse : Force ? ExistingFile.ReplaceReadOnly : byDefault;
}
