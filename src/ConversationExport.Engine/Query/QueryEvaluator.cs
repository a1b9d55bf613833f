using System.Globalization;

namespace ConversationExport.Engine.Query;

/// <summary>
/// Evaluates a query over Conversation objects: the file-based source, and the reference the
/// catalog's SQL is tested against. A criterion on an absent value is false; its negation true.
/// </summary>
public static class QueryEvaluator
{
    public static Func<Conversation, bool> Compile(ConversationQuery query, DateTime nowUtc)
    {
        var tests = query.Criteria.Select(c => Compile(c, nowUtc)).ToArray();
        return conversation => tests.All(test => test(conversation));
    }

    private static Func<Conversation, bool> Compile(QueryCriterion criterion, DateTime nowUtc)
    {
        var field = QueryBuilder.Field(criterion.Field);
        var values = criterion.GetValues();
        return criterion.GetOperator() switch
        {
            QueryOperator.Equals or QueryOperator.In => c => AnyEqual(field, c, values),
            QueryOperator.NotEquals or QueryOperator.NotIn => c => !AnyEqual(field, c, values),
            QueryOperator.Like => c => AnyLike(field, c, values),
            QueryOperator.NotLike => c => !AnyLike(field, c, values),
            QueryOperator.HasAny => c => values.Any(v => SetHas(field, c, v)),
            QueryOperator.HasAll => c => values.All(v => SetHas(field, c, v)),
            QueryOperator.HasNone => c => !values.Any(v => SetHas(field, c, v)),
            QueryOperator.RecentThan => c => Scalar(field, c) is DateTime start && start >= QueryValues.Before(nowUtc, QueryValues.ParseDuration(values[0])),
            QueryOperator.OlderThan => c => Scalar(field, c) is DateTime start && start < QueryValues.Before(nowUtc, QueryValues.ParseDuration(values[0])),
            _ => CompileRange(field, criterion.GetOperator(), values),
        };
    }

    private static Func<Conversation, bool> CompileRange(QueryField field, QueryOperator op, string[] values)
    {
        var bounds = values.Select(v => Measure(field, v)).ToArray();
        return c =>
        {
            if (Measure(field, Scalar(field, c)) is not { } x) return false;
            return op switch
            {
                QueryOperator.LessThan => x < bounds[0],
                QueryOperator.LessOrEqual => x <= bounds[0],
                QueryOperator.GreaterThan => x > bounds[0],
                QueryOperator.GreaterOrEqual => x >= bounds[0],
                // Times are half-open (from inclusive, to exclusive) so consecutive ranges never overlap; numbers are closed.
                QueryOperator.Between when field.Kind == FieldKind.Time => x >= bounds[0] && x < bounds[1],
                QueryOperator.Between => x >= bounds[0] && x <= bounds[1],
                _ => false,
            };
        };
    }

    private static bool AnyEqual(QueryField field, Conversation c, string[] values)
    {
        var actual = field.Read(c);
        return field.Kind switch
        {
            FieldKind.Text or FieldKind.Party or FieldKind.Enum => actual.OfType<string>().Any(a => values.Any(v => TextMatch.EqualsIgnoreAsciiCase(a, v))),
            FieldKind.Boolean => actual[0] is bool b && b == (values[0] == "true"),
            _ => Measure(field, actual[0]) is { } x && values.Any(v => Measure(field, v) == x),
        };
    }

    private static bool AnyLike(QueryField field, Conversation c, string[] patterns) =>
        field.Read(c).OfType<string>().Any(a => patterns.Any(p => TextMatch.Like(a, p)));

    private static bool SetHas(QueryField field, Conversation c, string pattern) =>
        field.Read(c).OfType<string>().Any(a => TextMatch.Like(a, pattern));

    private static object? Scalar(QueryField field, Conversation c) => field.Read(c)[0];

    /// <summary>A comparable number for every ordered kind: milliseconds for times and durations.</summary>
    private static double? Measure(QueryField field, object? value) => value switch
    {
        null => null,
        string text => field.Kind switch
        {
            FieldKind.Time => QueryValues.ParseTime(text).Ticks / TimeSpan.TicksPerMillisecond,
            FieldKind.Duration => QueryValues.ParseDuration(text).Ticks / TimeSpan.TicksPerMillisecond,
            _ => double.Parse(text, CultureInfo.InvariantCulture),
        },
        DateTime time => time.Ticks / TimeSpan.TicksPerMillisecond,
        TimeSpan span => span.Ticks / TimeSpan.TicksPerMillisecond,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };
}
