using static ConversationExport.Engine.Catalog.DbExtensions;

namespace ConversationExport.Engine.Catalog;

/// <summary>The catalog values argument completion offers: conversation fields, and the names of scheduled tasks.</summary>
public enum CompletableField { Label, Group, Case, User, RecordingServer, ScheduledTask }

/// <summary>
/// Values already in the catalog, for argument completion (-Label VI&lt;Tab&gt;): distinct, in order,
/// starting with what was typed, and never more than asked for. Completion runs while the user
/// types, so it reads only the first rows of the answer rather than the whole column.
/// </summary>
public sealed class CatalogValues
{
    private readonly ConversationCatalog _catalog;

    public CatalogValues(ConversationCatalog catalog) => _catalog = catalog;

    /// <summary>At most <paramref name="limit"/> distinct values of <paramref name="field"/> that start with <paramref name="prefix"/> (case-insensitive).</summary>
    public IReadOnlyList<string> Distinct(CompletableField field, string prefix, int limit) => _catalog.Guard(() =>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var (source, column) = field switch
        {
            CompletableField.Label => ("conversation_label", "label"),
            CompletableField.Group => ("conversation_group", "group_name"),
            CompletableField.Case => ("conversation_case", "case_number"),
            CompletableField.User => ("conversation", "user_name"),
            CompletableField.RecordingServer => ("conversation", "recording_server"),
            CompletableField.ScheduledTask => ("export_task JOIN export_schedule ON export_schedule.task_id = export_task.id", "export_task.name"),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };
        var escaped = prefix.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
        // Portable SQL: no LIMIT/TOP/FETCH (each provider spells it differently); the row limit is the reader's.
        var sql = $"SELECT DISTINCT {column} FROM {source} WHERE {column} IS NOT NULL AND " +
                  $"{_catalog.Dialect.TextLike(column, "@prefix", escaped: true)} ORDER BY {column}";
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, sql);
        command.AddParameter("@prefix", escaped + "%");
        using var reader = command.ExecuteReader();
        var values = new List<string>(limit);
        while (values.Count < limit && reader.Read())
            values.Add(reader.GetString(0));
        return (IReadOnlyList<string>)values;
    });
}
