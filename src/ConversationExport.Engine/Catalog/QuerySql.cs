using System.Data.Common;
using System.Globalization;
using System.Text;
using ConversationExport.Engine.Query;

namespace ConversationExport.Engine.Catalog;

/// <summary>
/// Translates a query into a parameterized WHERE condition on the conversation table. Values
/// never enter the SQL text; only column names from the table below and parameter names do.
/// Semantics match <see cref="QueryEvaluator"/>: absent values fail a criterion and pass its negation.
/// </summary>
internal sealed class QuerySql
{
    private static readonly Dictionary<string, string> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ConversationId"] = "conversation_id", ["NativeId"] = "native_id",
        ["From"] = "from_number", ["FromInfo"] = "from_info", ["FromDeviceId"] = "from_device_id", ["FromIp"] = "from_ip",
        ["To"] = "to_number", ["ToInfo"] = "to_info", ["ToDeviceId"] = "to_device_id", ["ToIp"] = "to_ip",
        ["DialedNumber"] = "dialed_number", ["User"] = "user_name", ["UserLocation"] = "user_location",
        ["Extension"] = "extension", ["UserId"] = "user_id", ["RecordingServer"] = "recording_server",
        ["MediaFileName"] = "media_file_name", ["StorageTarget"] = "storage_target",
        ["EncryptedWithCertificate"] = "encrypted_with", ["SignedWithCertificate"] = "signed_with",
        ["Direction"] = "direction", ["EndCause"] = "end_cause", ["ConversationType"] = "conversation_type",
        ["ForwardReason"] = "forward_reason", ["SourcePlatform"] = "source_platform", ["Dataset"] = "dataset",
        ["StartTime"] = "start_time_utc", ["Duration"] = "duration_ms", ["FromDigits"] = "from_digits", ["ToDigits"] = "to_digits",
        ["SilenceRatio"] = "silence_ratio", ["TalkoverRatio"] = "talkover_ratio", ["LongestSilence"] = "longest_silence_ms",
        ["Protected"] = "protected", ["HasQmScorecard"] = "has_qm_scorecard", ["CdrOnly"] = "cdr_only", ["Imported"] = "imported",
        ["Encrypted"] = "encrypted_with", ["Signed"] = "signed_with",
    };

    private static readonly Dictionary<string, string[]> PartyColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BothToOrFrom"] = ["from_number", "to_number"],
        ["BothToOrFromInfo"] = ["from_info", "to_info"],
    };

    private static readonly Dictionary<string, (string Table, string Column)> SetTables = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Group"] = ("conversation_group", "group_name"),
        ["Label"] = ("conversation_label", "label"),
        ["Case"] = ("conversation_case", "case_number"),
    };

    private readonly ICatalogDialect _dialect;
    private readonly DbCommand _command;
    private readonly DateTime _nowUtc;
    private int _next;

    private QuerySql(ICatalogDialect dialect, DbCommand command, DateTime nowUtc)
    {
        _dialect = dialect;
        _command = command;
        _nowUtc = nowUtc;
    }

    /// <summary>The condition for <paramref name="query"/>, its parameters added to <paramref name="command"/>; "1 = 1" for no criteria.</summary>
    public static string Where(ICatalogDialect dialect, DbCommand command, ConversationQuery query, DateTime nowUtc)
    {
        var translator = new QuerySql(dialect, command, nowUtc);
        var parts = query.Criteria.Select(translator.Translate).ToList();
        return parts.Count == 0 ? "1 = 1" : string.Join(" AND ", parts.Select(p => "(" + p + ")"));
    }

    private string Translate(QueryCriterion criterion)
    {
        var field = QueryBuilder.Field(criterion.Field);
        var values = criterion.GetValues();
        return field.Kind switch
        {
            FieldKind.Text or FieldKind.Enum => Text([Columns[field.Name]], criterion.GetOperator(), values),
            FieldKind.Party => Text(PartyColumns[field.Name], criterion.GetOperator(), values),
            FieldKind.Set => Set(SetTables[field.Name], criterion.GetOperator(), values),
            FieldKind.Boolean => Boolean(field, values[0] == "true"),
            _ => Ordered(field, Columns[field.Name], criterion.GetOperator(), values),
        };
    }

    private string Text(string[] columns, QueryOperator op, string[] values)
    {
        var like = op is QueryOperator.Like or QueryOperator.NotLike;
        var positive = string.Join(" OR ", columns.SelectMany(column => values.Select(value =>
            $"({column} IS NOT NULL AND {(like ? Match(column, value) : _dialect.TextEquals(column, Parameter(value)))})")));
        return op is QueryOperator.NotEquals or QueryOperator.NotIn or QueryOperator.NotLike ? $"NOT ({positive})" : positive;
    }

    private string Set((string Table, string Column) set, QueryOperator op, string[] values)
    {
        // IN (subquery) lets the planner start from the child table's index; a correlated EXISTS
        // would visit every conversation. conversation_pk is never NULL, so NOT IN is exact.
        string Members(IEnumerable<string> patterns) =>
            $"SELECT conversation_pk FROM {set.Table} WHERE {string.Join(" OR ", patterns.Select(p => Match(set.Column, p)))}";
        return op switch
        {
            QueryOperator.HasAll => string.Join(" AND ", values.Select(v => $"conversation.id IN ({Members([v])})")),
            QueryOperator.HasNone => $"conversation.id NOT IN ({Members(values)})",
            _ => $"conversation.id IN ({Members(values)})",
        };
    }

    /// <summary>A wildcard match; a pattern without wildcards is an equality, which indexes serve best.</summary>
    private string Match(string column, string pattern)
    {
        if (!TextMatch.HasWildcard(pattern))
            return _dialect.TextEquals(column, Parameter(string.Concat(TextMatch.Tokenize(pattern).Select(t => t.Char))));
        var sql = LikePattern(pattern, _dialect.LikeSpecialCharacters);
        return _dialect.TextLike(column, Parameter(sql), escaped: sql.Contains('\\'));
    }

    private string Boolean(QueryField field, bool wanted) => field.Name switch
    {
        "Encrypted" or "Signed" => $"{Columns[field.Name]} IS {(wanted ? "NOT " : "")}NULL",
        _ => $"{Columns[field.Name]} = {_dialect.BooleanLiteral(wanted)}",
    };

    private string Ordered(QueryField field, string column, QueryOperator op, string[] values)
    {
        if (op is QueryOperator.RecentThan or QueryOperator.OlderThan)
        {
            var edge = QueryValues.Before(_nowUtc, QueryValues.ParseDuration(values[0])).ToUnixMilliseconds();
            return $"{column} {(op == QueryOperator.RecentThan ? ">=" : "<")} {Parameter(edge)}";
        }
        var p = values.Select(v => Parameter(Measure(field, v))).ToArray();
        var positive = op switch
        {
            QueryOperator.Equals => $"{column} = {p[0]}",
            QueryOperator.NotEquals => $"{column} = {p[0]}",
            QueryOperator.LessThan => $"{column} < {p[0]}",
            QueryOperator.LessOrEqual => $"{column} <= {p[0]}",
            QueryOperator.GreaterThan => $"{column} > {p[0]}",
            QueryOperator.GreaterOrEqual => $"{column} >= {p[0]}",
            QueryOperator.Between when field.Kind == FieldKind.Time => $"{column} >= {p[0]} AND {column} < {p[1]}",
            QueryOperator.Between => $"{column} >= {p[0]} AND {column} <= {p[1]}",
            _ => throw new InvalidOperationException($"{op} is not an ordered comparison"),
        };
        // Equals takes several values as alternatives.
        if (op is QueryOperator.Equals or QueryOperator.NotEquals && p.Length > 1)
            positive = string.Join(" OR ", p.Select(x => $"{column} = {x}"));
        positive = $"{column} IS NOT NULL AND ({positive})";
        return op == QueryOperator.NotEquals ? $"NOT ({positive})" : positive;
    }

    private static object Measure(QueryField field, string value) => field.Kind switch
    {
        FieldKind.Time => QueryValues.ParseTime(value).ToUnixMilliseconds(),
        FieldKind.Duration => (long)QueryValues.ParseDuration(value).TotalMilliseconds,
        FieldKind.Digits => long.Parse(value, CultureInfo.InvariantCulture),
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    private string Parameter(object value)
    {
        var name = "@q" + _next++;
        _command.AddParameter(name, value);
        return name;
    }

    /// <summary>PowerShell wildcards to a LIKE pattern with backslash as the escape character; <paramref name="special"/>: the provider's other LIKE wildcards.</summary>
    internal static string LikePattern(string pattern, string special = "")
    {
        var sql = new StringBuilder(pattern.Length + 4);
        foreach (var token in TextMatch.Tokenize(pattern))
        {
            switch (token.Kind)
            {
                case TextMatch.TokenKind.Star: sql.Append('%'); break;
                case TextMatch.TokenKind.One: sql.Append('_'); break;
                default:
                    if (token.Char is '%' or '_' or '\\' || special.Contains(token.Char)) sql.Append('\\');
                    sql.Append(token.Char);
                    break;
            }
        }
        return sql.ToString();
    }
}
