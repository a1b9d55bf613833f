using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;

namespace ConversationExport.Commands.Access;

/// <summary>Lists the catalog's users with their groups and the permissions they hold.</summary>
[Cmdlet(VerbsCommon.Get, "ExportUser", HelpUri = HelpLinks.Online + "Get-ExportUser.md")]
[OutputType(typeof(ExportUser))]
public sealed class GetExportUserCommand : AccessCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() =>
        WriteMatches(Engine(() => Access.Users()), u => u.Name, Name,
            n => new ConversationExportException(ErrorId.ExportUserNotFound, ErrorKind.NotFound, $"The catalog has no user named '{n}'.", n));
}
