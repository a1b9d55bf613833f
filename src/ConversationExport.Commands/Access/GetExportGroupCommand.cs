using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;

namespace ConversationExport.Commands.Access;

/// <summary>Lists the catalog's groups with their members, supervisors and permissions.</summary>
[Cmdlet(VerbsCommon.Get, "ExportGroup", HelpUri = HelpLinks.Online + "Get-ExportGroup.md")]
[OutputType(typeof(ExportGroup))]
public sealed class GetExportGroupCommand : AccessCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() =>
        WriteMatches(Engine(() => Access.Groups()), g => g.Name, Name,
            n => new ConversationExportException(ErrorId.ExportGroupNotFound, ErrorKind.NotFound, $"The catalog has no group named '{n}'.", n));
}
