namespace ConversationExport.Engine.Query;

/// <summary>Writes the friendly text of a query: "Direction is Inbound AND Start Time within last 7 days AND Label has any of (VIP)".</summary>
public static class QueryText
{
    public static string Describe(IReadOnlyList<QueryCriterion> criteria) =>
        criteria.Count == 0 ? "All conversations" : string.Join(" AND ", criteria.Select(Describe));

    public static string Describe(QueryCriterion criterion)
    {
        var field = QueryBuilder.Field(criterion.Field);
        var values = criterion.GetValues();
        var name = field.DisplayName;
        return criterion.GetOperator() switch
        {
            QueryOperator.Equals or QueryOperator.In when values.Length == 1 => $"{name} is {Show(field, values[0])}",
            QueryOperator.Equals or QueryOperator.In => $"{name} is any of ({List(values.Select(v => Show(field, v)))})",
            QueryOperator.NotEquals or QueryOperator.NotIn when values.Length == 1 => $"{name} is not {Show(field, values[0])}",
            QueryOperator.NotEquals or QueryOperator.NotIn => $"{name} is none of ({List(values.Select(v => Show(field, v)))})",
            QueryOperator.Like when values.Length == 1 => $"{name} is like {values[0]}",
            QueryOperator.Like => $"{name} is like any of ({List(values)})",
            QueryOperator.NotLike when values.Length == 1 => $"{name} is not like {values[0]}",
            QueryOperator.NotLike => $"{name} is like none of ({List(values)})",
            QueryOperator.LessThan => $"{name} is less than {Show(field, values[0])}",
            QueryOperator.LessOrEqual => $"{name} is at most {Show(field, values[0])}",
            QueryOperator.GreaterThan => $"{name} is greater than {Show(field, values[0])}",
            QueryOperator.GreaterOrEqual => $"{name} is at least {Show(field, values[0])}",
            QueryOperator.Between when field.Kind == FieldKind.Time => $"{name} from {values[0]} to before {values[1]}",
            QueryOperator.Between => $"{name} between {Show(field, values[0])} and {Show(field, values[1])}",
            QueryOperator.RecentThan => $"{name} within last {Human(QueryValues.ParseDuration(values[0]))}",
            QueryOperator.OlderThan => $"{name} older than {Human(QueryValues.ParseDuration(values[0]))}",
            QueryOperator.HasAny => $"{name} has any of ({List(values)})",
            QueryOperator.HasAll => $"{name} has all of ({List(values)})",
            QueryOperator.HasNone => $"{name} has none of ({List(values)})",
            _ => $"{name} {criterion.GetOperator()} {criterion.Value}",
        };
    }

    private static string List(IEnumerable<string> values) => string.Join(", ", values);

    private static string Show(QueryField field, string value) => field.Kind == FieldKind.Duration ? Human(QueryValues.ParseDuration(value)) : value;

    /// <summary>"7 days", "12 hours", "1 day 6 hours", "4.2 seconds".</summary>
    public static string Human(TimeSpan span)
    {
        if (span == TimeSpan.Zero) return "0 seconds";
        var parts = new List<string>();
        void Add(int amount, string unit) { if (amount > 0) parts.Add($"{amount} {unit}{(amount == 1 ? "" : "s")}"); }
        Add(span.Days, "day");
        Add(span.Hours, "hour");
        Add(span.Minutes, "minute");
        var seconds = span.Seconds + span.Milliseconds / 1000.0;
        if (seconds > 0) parts.Add(seconds == 1 ? "1 second" : $"{seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} seconds");
        return string.Join(" ", parts);
    }
}
