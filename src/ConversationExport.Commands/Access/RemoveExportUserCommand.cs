using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Access;

/// <summary>Removes users from the catalog with their grants and group memberships; the tasks they own stop running.</summary>
[Cmdlet(VerbsCommon.Remove, "ExportUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Online + "Remove-ExportUser.md")]
[OutputType(typeof(void))]
public sealed class RemoveExportUserCommand : RemovePrincipalCmdlet
{
    protected override string Kind => "user";

    protected override void Remove(string name) => Access.RemoveUser(name);
}
