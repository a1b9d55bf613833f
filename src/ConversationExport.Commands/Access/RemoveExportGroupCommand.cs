using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Access;

/// <summary>Removes groups with their memberships, grants and storage target entries.</summary>
[Cmdlet(VerbsCommon.Remove, "ExportGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Online + "Remove-ExportGroup.md")]
[OutputType(typeof(void))]
public sealed class RemoveExportGroupCommand : RemovePrincipalCmdlet
{
    protected override string Kind => "group";

    protected override void Remove(string name) => Access.RemoveGroup(name);
}
