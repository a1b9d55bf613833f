using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Access;

/// <summary>Makes users members (or, with -Supervisor, supervisors) of a group; the group is created on first use.</summary>
[Cmdlet(VerbsCommon.Add, "ExportGroupMember", SupportsShouldProcess = true, HelpUri = HelpLinks.Online + "Add-ExportGroupMember.md")]
[OutputType(typeof(ExportGroup))]
public sealed class AddExportGroupMemberCommand : GroupMemberCmdlet
{
    /// <summary>Supervisors see the group's conversations; plain members only hold its permissions.</summary>
    [Parameter]
    public SwitchParameter Supervisor { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Group, $"Add {(Supervisor ? "supervisor" : "member")}(s) {string.Join(", ", Member)}")) return;
        Try(() =>
        {
            var group = Access.AddMembers(Group, Member, Supervisor);
            if (PassThru) WriteObject(group);
        });
    }
}
