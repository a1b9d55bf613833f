using System.Diagnostics;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Query;
using Microsoft.Data.Sqlite;

namespace ConversationExport.Bench;

/// <summary>
/// Five typical searches, each timed through the engine (translation, paging, records with their
/// child rows) beside the same rows read by hand-written SQL over ADO.NET: the ratio is our overhead.
/// </summary>
internal static class QueryBench
{
    public sealed record Case(string Name, ConversationQuery Query, string Sql, bool CountOnly);

    // The baseline reads the same information the engine returns: each record with its groups,
    // labels, cases and files, as an expert would write it in one statement.
    private const string Select = """
        SELECT c.*,
          (SELECT group_concat(group_name) FROM conversation_group g WHERE g.conversation_pk = c.id),
          (SELECT group_concat(label) FROM conversation_label l WHERE l.conversation_pk = c.id),
          (SELECT group_concat(case_number) FROM conversation_case k WHERE k.conversation_pk = c.id),
          (SELECT group_concat(location) FROM conversation_file f WHERE f.conversation_pk = c.id)
        FROM conversation c
        """;

    public static IReadOnlyList<Case> Cases { get; } =
    [
        new("time range + user", QueryBuilder.Query([
                QueryBuilder.Criterion("StartTime", "Between", [new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 8, 0, 0, 0, DateTimeKind.Utc)]),
                QueryBuilder.Criterion("User", "Like", ["jsmith"])]),
            $"{Select} WHERE start_time_utc >= {Ms(2026, 3, 1)} AND start_time_utc < {Ms(2026, 3, 8)} AND user_name = 'jsmith' COLLATE NOCASE", false),
        new("label has any", QueryBuilder.Query([QueryBuilder.Criterion("Label", "HasAny", ["VIP"])]),
            Select + " WHERE c.id IN (SELECT conversation_pk FROM conversation_label WHERE label = 'VIP')", false),
        new("wildcard From", QueryBuilder.Query([QueryBuilder.Criterion("From", "Like", ["+3612*"])]),
            Select + " WHERE from_number LIKE '+3612%'", false),
        new("From digits", QueryBuilder.Query([QueryBuilder.Criterion("FromDigits", "Equals", [10])]),
            Select + " WHERE from_digits = 10", false),
        new("count everything", ConversationQuery.All, "SELECT COUNT(*) FROM conversation", true),
    ];

    public static (double Ours, double Direct, long Rows) Run(ConversationCatalog catalog, Case benchCase)
    {
        var store = new ConversationStore(catalog);
        var selection = new ConversationSelection(benchCase.Query);
        long rows = 0;
        var ours = Stopwatch.StartNew();
        if (benchCase.CountOnly) rows = store.Count(selection);
        else foreach (var _ in store.Enumerate(selection)) rows++;
        ours.Stop();

        long directRows = 0;
        var direct = Stopwatch.StartNew();
        using (var connection = new SqliteConnection($"Data Source={catalog.Info.Path};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = benchCase.Sql;
            using var reader = command.ExecuteReader();
            var values = new object[reader.FieldCount];
            while (reader.Read())
            {
                reader.GetValues(values);
                directRows = benchCase.CountOnly ? reader.GetInt64(0) : directRows + 1;
            }
        }
        direct.Stop();
        if (directRows != rows) throw new InvalidOperationException($"{benchCase.Name}: the engine found {rows} rows, direct SQL {directRows}; the benchmark compares different work.");
        return (ours.Elapsed.TotalSeconds, direct.Elapsed.TotalSeconds, rows);
    }

    private static long Ms(int y, int m, int d) => new DateTimeOffset(y, m, d, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
}
