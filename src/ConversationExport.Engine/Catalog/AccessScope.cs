using System.Data.Common;

namespace ConversationExport.Engine.Catalog;

/// <summary>
/// Which conversations a principal may see (SPEC §12), as a condition of the selection SQL itself, so no
/// path that reads conversations can leave it out: everything (an administrator), or the Online
/// conversations whose user is one of the principal's recording-system names, or that belong to a group
/// the principal supervises. Archived conversations are an administrator's only (seed §4.1 Source Dataset).
/// </summary>
internal sealed record AccessScope(bool All, IReadOnlyList<string> RecordingUsers, IReadOnlyList<string> SupervisedGroups)
{
    public static readonly AccessScope Everything = new(true, [], []);

    /// <summary>The condition on the conversation table, its parameters added to <paramref name="command"/>; null when nothing is hidden.</summary>
    public string? Condition(ICatalogDialect dialect, DbCommand command)
    {
        if (All) return null;
        var alternatives = new List<string>();
        var i = 0;
        string Parameter(string value)
        {
            var name = "@scope" + i++;
            command.AddParameter(name, value);
            return name;
        }
        if (RecordingUsers.Count > 0)
            alternatives.Add($"user_name IS NOT NULL AND ({string.Join(" OR ", RecordingUsers.Select(u => dialect.TextEquals("user_name", Parameter(u))))})");
        if (SupervisedGroups.Count > 0)
            alternatives.Add($"conversation.id IN (SELECT conversation_pk FROM conversation_group WHERE {string.Join(" OR ", SupervisedGroups.Select(g => dialect.TextEquals("group_name", Parameter(g))))})");
        if (alternatives.Count == 0) return "1 = 0";
        command.AddParameter("@scope_dataset", nameof(Dataset.Online));
        return $"dataset = @scope_dataset AND ({string.Join(" OR ", alternatives.Select(a => "(" + a + ")"))})";
    }

    /// <summary>The same decision in memory, for tests and for conversations that did not come from SQL.</summary>
    public bool Allows(Conversation conversation) => All || (conversation.Dataset == Dataset.Online && (
        (conversation.User is { } user && RecordingUsers.Any(u => string.Equals(u, user, StringComparison.OrdinalIgnoreCase)))
        || conversation.Group.Any(g => SupervisedGroups.Any(s => string.Equals(s, g, StringComparison.OrdinalIgnoreCase)))));
}
