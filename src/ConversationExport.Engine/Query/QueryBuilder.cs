using System.Globalization;
using System.Text.Json;

namespace ConversationExport.Engine.Query;

/// <summary>
/// The one way to make criteria and queries: checks field, operator and values, keeps the values
/// in canonical text, and writes the friendly text. Every error names the field and what is accepted.
/// </summary>
public static class QueryBuilder
{
    public static QueryCriterion Criterion(string field, string @operator, IReadOnlyList<object?> values)
    {
        var f = Field(field);
        var name = Enum.GetNames<QueryOperator>().FirstOrDefault(n => n.Equals(@operator.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is null ? throw OperatorError(f, @operator) : Criterion(f, Enum.Parse<QueryOperator>(name), values);
    }

    public static QueryCriterion Criterion(QueryField field, QueryOperator op, IReadOnlyList<object?> values)
    {
        if (!field.Operators.Contains(op)) throw OperatorError(field, op.ToString());
        var expected = op switch
        {
            QueryOperator.Between => (2, 2),
            QueryOperator.LessThan or QueryOperator.LessOrEqual or QueryOperator.GreaterThan or QueryOperator.GreaterOrEqual
                or QueryOperator.RecentThan or QueryOperator.OlderThan => (1, 1),
            _ when field.Kind == FieldKind.Boolean => (1, 1),
            _ => (1, int.MaxValue),
        };
        if (values.Count < expected.Item1 || values.Count > expected.Item2)
            throw ValueError(field, values.Count == 0
                ? $"{field.Name} {op} needs a value"
                : $"{field.Name} {op} takes {(expected.Item1 == expected.Item2 ? expected.Item1.ToString(CultureInfo.InvariantCulture) : "at least " + expected.Item1)} value(s), not {values.Count}");

        var canonical = values.Select(v => Canonical(field, op, v)).ToArray();
        if (op == QueryOperator.Between && Compare(field, canonical[0], canonical[1]) > 0)
            throw ValueError(field, $"{field.Name} Between '{canonical[0]}' and '{canonical[1]}': the first value must not be greater than the second");
        return new QueryCriterion(field.Name, op, canonical);
    }

    public static ConversationQuery Query(IEnumerable<QueryCriterion> criteria)
    {
        // Re-check criteria that did not come from this builder (deserialized, hand-made objects).
        var checkedCriteria = criteria.Select(c => Criterion(c.Field, c.Operator, c.GetValues())).ToList();
        return checkedCriteria.Count == 0 ? ConversationQuery.All : new ConversationQuery(checkedCriteria, QueryText.Describe(checkedCriteria));
    }

    /// <summary>Reads the JSON that ConvertTo-Json (or the manifest) wrote of a query.</summary>
    public static ConversationQuery FromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !TryGetProperty(root, "Criteria", out var criteria))
                throw InputError("it has no Criteria property");
            if (criteria.ValueKind == JsonValueKind.Null) throw NullCriteria();
            var list = criteria.ValueKind == JsonValueKind.Array ? criteria.EnumerateArray().ToList() : [criteria];
            if (list.FirstOrDefault(c => c.ValueKind != JsonValueKind.Object) is { ValueKind: not JsonValueKind.Undefined } odd)
                throw InputError($"a criterion must be an object with Field, Operator and Value, not {odd.GetRawText()}");
            return Query(list.Select(c => FromParts(
                TryGetProperty(c, "Field", out var f) ? f.ToString() : null,
                TryGetProperty(c, "Operator", out var o) ? OperatorText(o) : null,
                TryGetProperty(c, "Value", out var v) ? JsonValues(v) : null)));
        }
        catch (JsonException error)
        {
            throw InputError($"it is not JSON: {error.Message}");
        }
    }

    /// <summary>A criterion from loosely typed parts: hashtables, ConvertFrom-Json objects. A string value is the encoded list of <see cref="QueryValueList"/>.</summary>
    public static QueryCriterion FromParts(string? field, string? @operator, IReadOnlyList<object?>? values)
    {
        if (string.IsNullOrWhiteSpace(field)) throw InputError("a criterion has no Field");
        if (string.IsNullOrWhiteSpace(@operator)) throw InputError($"the criterion on {field} has no Operator");
        if (values is null) throw InputError($"the criterion on {field} has no Value");
        var expanded = values.Count == 1 && values[0] is string encoded
            ? QueryValueList.Parse(encoded)?.Cast<object?>().ToList() ?? throw InputError($"the Value of the criterion on {field} is not a well-formed quoted list: {encoded}")
            : values.ToList();
        return Criterion(field, @operator, expanded);
    }

    public static QueryField Field(string name) =>
        QueryField.TryGet(name.Trim(), out var field)
            ? field
            : throw new ConversationExportException(ErrorId.QueryUnknownField, ErrorKind.InvalidArgument,
                $"'{name}' is not a conversation field. Accepted fields: {string.Join(", ", QueryField.All.Select(f => f.Name))}.", name);

    private static string Canonical(QueryField field, QueryOperator op, object? value)
    {
        if (value is null) throw ValueError(field, $"{field.Name} {op} was given a null value");
        try
        {
            if (op is QueryOperator.RecentThan or QueryOperator.OlderThan) return QueryValues.Duration(value);
            return field.Kind switch
            {
                FieldKind.Text or FieldKind.Party or FieldKind.Set => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!,
                FieldKind.Enum => QueryValues.EnumName(field.EnumType!, value),
                FieldKind.Time => QueryValues.Time(value),
                FieldKind.Duration => QueryValues.Duration(value),
                FieldKind.Number => QueryValues.Number(value),
                FieldKind.Digits => QueryValues.Digits(value),
                FieldKind.Boolean => QueryValues.Boolean(value),
                _ => throw new FormatException("unsupported field"),
            };
        }
        catch (FormatException error)
        {
            throw ValueError(field, $"{field.Name}: {error.Message}");
        }
        catch (Exception error) when (error is OverflowException or ArgumentOutOfRangeException)
        {
            throw ValueError(field, $"{field.Name}: '{value}' is out of range");
        }
    }

    private static int Compare(QueryField field, string a, string b) => field.Kind switch
    {
        FieldKind.Time => QueryValues.ParseTime(a).CompareTo(QueryValues.ParseTime(b)),
        FieldKind.Duration => QueryValues.ParseDuration(a).CompareTo(QueryValues.ParseDuration(b)),
        _ => double.Parse(a, CultureInfo.InvariantCulture).CompareTo(double.Parse(b, CultureInfo.InvariantCulture)),
    };

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) { value = property.Value; return true; }
        value = default;
        return false;
    }

    // ConvertTo-Json writes an enum as its number unless -EnumsAsStrings: accept both.
    private static string OperatorText(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number) && Enum.IsDefined((QueryOperator)number)
            ? ((QueryOperator)number).ToString()
            : element.ToString();

    private static List<object?> JsonValues(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Select(JsonScalar).ToList(),
        _ => [JsonScalar(element)],
    };

    private static object? JsonScalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
        _ => element.ToString(),
    };

    private static ConversationExportException OperatorError(QueryField field, string op) => new(ErrorId.QueryOperatorNotValid, ErrorKind.InvalidArgument,
        $"'{op}' is not an operator for {field.Name}. Accepted operators for {field.Name}: {string.Join(", ", field.Operators)}.", op);

    private static ConversationExportException ValueError(QueryField field, string message)
    {
        var accepted = field.Kind == FieldKind.Enum ? "" : $" ({field.Name} is a {field.Kind.ToString().ToLowerInvariant()} field)";
        return new ConversationExportException(ErrorId.QueryValueNotValid, ErrorKind.InvalidArgument, message + accepted + ".", field.Name);
    }

    /// <summary>
    /// Criteria that are null are refused rather than read as "all conversations": a damaged query
    /// file would otherwise widen a task to every conversation. Only an empty array means all.
    /// </summary>
    public static ConversationExportException NullCriteria() =>
        InputError("its Criteria is null; Criteria must be an array of criteria (Field, Operator, Value), or an empty array [] for all conversations");

    private static ConversationExportException InputError(string why) => new(ErrorId.QueryInputNotValid, ErrorKind.InvalidArgument,
        $"The query input cannot be read: {why}. Give a query object, the JSON of one (ConvertTo-Json), or the object ConvertFrom-Json makes of it.", null);
}
