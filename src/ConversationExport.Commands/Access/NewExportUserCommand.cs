using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Access;

/// <summary>Adds a user (an OS account) to the catalog, optionally as an administrator and with permissions.</summary>
[Cmdlet(VerbsCommon.New, "ExportUser", SupportsShouldProcess = true, HelpUri = HelpLinks.Online + "New-ExportUser.md")]
[OutputType(typeof(ExportUser))]
public sealed class NewExportUserCommand : AccessCmdlet
{
    /// <summary>The OS account: DOMAIN\user on Windows, user elsewhere.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter]
    public SwitchParameter Administrator { get; set; }

    /// <summary>The recording-system user names whose conversations are this user's own; default: the user's own name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[] RecordingUser { get; set; } = [];

    /// <summary>Database logins of a server catalog that act as this user, whatever OS account connects with them.</summary>
    [Parameter]
    public string[] CatalogLogin { get; set; } = [];

    [Parameter]
    public ExportPermission[] Permission { get; set; } = [];

    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Name, $"Add {(Administrator ? "administrator" : "user")}{(Permission.Length > 0 ? " with " + string.Join(", ", Permission) : "")}")) return;
        WriteObject(Engine(() => Access.AddUser(Name, Administrator, RecordingUser, CatalogLogin, Permission)));
    }
}
