using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Access;

/// <summary>Takes users out of a group (members and supervisors alike).</summary>
[Cmdlet(VerbsCommon.Remove, "ExportGroupMember", SupportsShouldProcess = true, HelpUri = HelpLinks.Online + "Remove-ExportGroupMember.md")]
[OutputType(typeof(void))]
public sealed class RemoveExportGroupMemberCommand : GroupMemberCmdlet
{
    protected override void ProcessRecord()
    {
        if (ShouldProcess(Group, $"Remove member(s) {string.Join(", ", Member)}")) Try(() => Access.RemoveMembers(Group, Member));
    }
}
