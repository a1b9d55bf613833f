using ConversationExport.Engine.Catalog;

namespace ConversationExport.EngineTests.Support;

internal static class Store
{
    /// <summary>Upserts <paramref name="conversations"/> in one transaction, as the importer does.</summary>
    public static List<UpsertOutcome> Upsert(ConversationCatalog catalog, params Conversation[] conversations)
    {
        var store = new ConversationStore(catalog, AccessScope.Everything);
        using var connection = catalog.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var outcomes = conversations.Select(c => store.Upsert(connection, transaction, c)).ToList();
        transaction.Commit();
        return outcomes;
    }

    public static List<Conversation> All(ConversationCatalog catalog) => new ConversationStore(catalog, AccessScope.Everything).Enumerate(new ConversationSelection()).ToList();

    /// <summary>A voice call known only from its CDR: no files, only what a record needs.</summary>
    public static Conversation Call(string conversationId, string group = "Sales") => new()
    {
        ConversationId = conversationId,
        From = "+3612345678",
        To = "1234",
        User = "jsmith",
        Group = [group],
        StartTimeUtc = new DateTime(2026, 11, 28, 9, 15, 2, 123, DateTimeKind.Utc),
        EndTimeUtc = new DateTime(2026, 11, 28, 9, 18, 2, 123, DateTimeKind.Utc),
        Direction = Direction.Inbound,
        ConversationType = ConversationType.Voice,
        CdrOnly = true,
    };
}
