namespace ConversationExport.Commands.Infrastructure;

/// <summary>Where Get-Help -Online finds each cmdlet's page: docs/commands/&lt;Verb-Noun&gt;.md in the project (tools/New-CommandDocs.ps1 writes them).</summary>
internal static class HelpLinks
{
    public const string Online = "https://github.com/conversation-export/ConversationExport/blob/main/docs/commands/";
}
