using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Access;

/// <summary>Removes groups with their memberships, grants and storage target entries.</summary>
[Cmdlet(VerbsCommon.Remove, "ExportGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Online + "Remove-ExportGroup.md")]
[OutputType(typeof(void))]
public sealed class RemoveExportGroupCommand : AccessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
            if (ShouldProcess(name, "Remove group")) Try(() => Access.RemoveGroup(name));
    }
}
