using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Access;

/// <summary>Revokes permissions from a user or a group (administrators only); runs of the user's tasks then fail with the reason.</summary>
[Cmdlet(VerbsSecurity.Revoke, "ExportPermission", SupportsShouldProcess = true, DefaultParameterSetName = GrantExportPermissionCommand.UserSet, HelpUri = HelpLinks.Online + "Revoke-ExportPermission.md")]
[OutputType(typeof(void))]
public sealed class RevokeExportPermissionCommand : AccessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = GrantExportPermissionCommand.UserSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Principal")]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string User { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = GrantExportPermissionCommand.GroupSet)]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Group { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public ExportPermission[] Permission { get; set; } = [];

    protected override void ProcessRecord()
    {
        var (name, kind) = ParameterSetName == GrantExportPermissionCommand.GroupSet ? (Group, PrincipalKind.Group) : (User, PrincipalKind.User);
        if (ShouldProcess($"{kind} {name}", $"Revoke {string.Join(", ", Permission)}")) Try(() => Access.Revoke(name, kind, Permission));
    }
}
