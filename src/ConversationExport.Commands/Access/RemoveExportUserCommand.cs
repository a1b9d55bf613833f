using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Access;

/// <summary>Removes users from the catalog with their grants and group memberships; the tasks they own stop running.</summary>
[Cmdlet(VerbsCommon.Remove, "ExportUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Online + "Remove-ExportUser.md")]
[OutputType(typeof(void))]
public sealed class RemoveExportUserCommand : AccessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
            if (ShouldProcess(name, "Remove user")) Try(() => Access.RemoveUser(name));
    }
}
