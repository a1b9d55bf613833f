using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Access;

/// <summary>Grants permissions to a user or a group (administrators only).</summary>
[Cmdlet(VerbsSecurity.Grant, "ExportPermission", SupportsShouldProcess = true, DefaultParameterSetName = UserSet, HelpUri = HelpLinks.Online + "Grant-ExportPermission.md")]
[OutputType(typeof(ExportPermissionGrant))]
public sealed class GrantExportPermissionCommand : AccessCmdlet
{
    internal const string UserSet = "User";
    internal const string GroupSet = "Group";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UserSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string User { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = GroupSet)]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Group { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1)]
    public ExportPermission[] Permission { get; set; } = [];

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var (name, kind) = ParameterSetName == GroupSet ? (Group, PrincipalKind.Group) : (User, PrincipalKind.User);
        if (!ShouldProcess($"{kind} {name}", $"Grant {string.Join(", ", Permission)}")) return;
        Try(() =>
        {
            var grants = Access.Grant(name, kind, Permission);
            if (PassThru) foreach (var grant in grants) WriteObject(grant);
        });
    }
}
