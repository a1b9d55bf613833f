namespace ConversationExport;

/// <summary>
/// A selection of conversations: criteria that all must hold (AND); the values of one criterion
/// are alternatives (OR). Built and checked by New-ConversationQuery; serializes to JSON with
/// ConvertTo-Json at its default depth and comes back with New-ConversationQuery -InputObject.
/// </summary>
public sealed class ConversationQuery
{
    public ConversationQuery(IReadOnlyList<QueryCriterion> criteria, string text)
    {
        Criteria = criteria.ToArray();
        Text = text;
    }

    /// <summary>The friendly form (the seed's read-only Query field).</summary>
    public string Text { get; }

    public QueryCriterion[] Criteria { get; }

    /// <summary>A query with no criteria selects every conversation.</summary>
    public static ConversationQuery All { get; } = new([], "All conversations");

    public override string ToString() => Text;
}

/// <summary>One condition: a field, an operator and one or more values in their canonical text form.</summary>
public sealed class QueryCriterion
{
    private readonly QueryOperator _operator;

    public QueryCriterion(string field, QueryOperator @operator, IReadOnlyList<string> values)
    {
        Field = field;
        _operator = @operator;
        Values = values.ToArray();
    }

    public string Field { get; }

    /// <summary>The operator's name: ConvertTo-Json would write the enum as a number nobody can read.</summary>
    public string Operator => _operator.ToString();

    public QueryOperator GetOperator() => _operator;

    /// <summary>
    /// The values as one string so that ConvertTo-Json keeps them at its default depth: a single
    /// value as it is, several as a quoted list <c>'a', 'b'</c> ('' inside a value stands for ').
    /// </summary>
    public string Value => QueryValueList.Format(Values);

    internal string[] Values { get; }

    /// <summary>The values, one by one.</summary>
    public string[] GetValues() => [.. Values];

    public override string ToString() => $"{Field} {Operator} {Value}";
}

/// <summary>Older JSON may hold operators as numbers: never reorder, only append.</summary>
public enum QueryOperator : long
{
    Equals, NotEquals, Like, NotLike, In, NotIn,
    LessThan, LessOrEqual, GreaterThan, GreaterOrEqual, Between,
    RecentThan, OlderThan,
    HasAny, HasAll, HasNone,
}

/// <summary>The one encoding of a value list inside <see cref="QueryCriterion.Value"/>.</summary>
public static class QueryValueList
{
    public static string Format(IReadOnlyList<string> values) =>
        values.Count == 1 && !values[0].StartsWith('\'')
            ? values[0]
            : string.Join(", ", values.Select(v => "'" + v.Replace("'", "''") + "'"));

    /// <summary>Reads what <see cref="Format"/> wrote; null when a quoted list is malformed.</summary>
    public static string[]? Parse(string text)
    {
        if (!text.StartsWith('\'')) return [text];
        var values = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '\'') return null;
            var value = new System.Text.StringBuilder();
            i++;
            while (true)
            {
                if (i >= text.Length) return null;
                if (text[i] == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'') { value.Append('\''); i += 2; continue; }
                    i++;
                    break;
                }
                value.Append(text[i++]);
            }
            values.Add(value.ToString());
            while (i < text.Length && text[i] == ' ') i++;
            if (i == text.Length) break;
            if (text[i] != ',') return null;
            i++;
            while (i < text.Length && text[i] == ' ') i++;
            if (i == text.Length) return null;
        }
        return [.. values];
    }
}
