using ConversationExport.Engine.Catalog;

namespace ConversationExport.EngineTests.Support;

/// <summary>
/// A catalog as a module at schema version 1 left it. The store always writes today's columns,
/// so the conversation is written in plain SQL with version 1's columns only.
/// </summary>
internal static class SchemaVersion1
{
    public const string ConversationId = "0d1f4c2a-7e3b-4a59-9c1d-2b8e6f0a1c3d";

    public static void Create(string path)
    {
        ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(path), Callers.Alice, upToVersion: 1);
        InsertConversation(path);
    }

    public static void InsertConversation(string path)
    {
        using var connection = Db.Open(path);
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            UPDATE change_sequence SET value = value + 1;
            INSERT INTO conversation (conversation_id, from_number, to_number, user_name, start_time_utc, end_time_utc, duration_ms,
              direction, end_cause, conversation_type, protected, has_qm_scorecard, imported, dataset, cdr_only, fingerprint, change_seq)
            VALUES ('{ConversationId}', '+3612345678', '1234', 'jsmith', 1795857302123, 1795857500500, 198377,
              'Inbound', 'Normal', 'Voice', 0, 0, 0, 'Online', 1, 'written-by-v1', (SELECT value FROM change_sequence));
            INSERT INTO conversation_group (conversation_pk, group_name) VALUES (last_insert_rowid(), 'Sales');
            """;
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
