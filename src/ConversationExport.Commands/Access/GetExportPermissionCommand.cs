using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Access;

/// <summary>Lists grants: all, or a user's or a group's (wildcards allowed).</summary>
[Cmdlet(VerbsCommon.Get, "ExportPermission", DefaultParameterSetName = "All", HelpUri = HelpLinks.Online + "Get-ExportPermission.md")]
[OutputType(typeof(ExportPermissionGrant))]
public sealed class GetExportPermissionCommand : AccessCmdlet
{
    [Parameter(Position = 0, ParameterSetName = GrantExportPermissionCommand.UserSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    public string? User { get; set; }

    [Parameter(ParameterSetName = GrantExportPermissionCommand.GroupSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    public string? Group { get; set; }

    protected override void ProcessRecord()
    {
        var grants = ParameterSetName switch
        {
            GrantExportPermissionCommand.UserSet => Engine(() => Access.Grants(User, PrincipalKind.User)),
            GrantExportPermissionCommand.GroupSet => Engine(() => Access.Grants(Group, PrincipalKind.Group)),
            _ => Engine(() => Access.Grants()),
        };
        foreach (var grant in grants) WriteObject(grant);
    }
}
