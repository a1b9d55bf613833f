using System.Globalization;
using ConversationExport.Engine.Query;

namespace ConversationExport.EngineTests.Query;

/// <summary>
/// Random valid queries over <see cref="RandomCatalog"/>: any field, any operator the field
/// accepts, values mostly taken from the data (in the many forms a user may type them) plus
/// absent values and wildcard patterns. Built through <see cref="QueryBuilder"/>, so canonical.
/// </summary>
internal sealed class RandomQueries(IReadOnlyList<Conversation> data, DateTime now, int seed)
{
    private readonly Random _r = new(seed);

    private static readonly string[] Patterns =
    [
        "Sa*", "?ales", "*%*", "50`*", "*_*", @"*\*", "*'*", "*``*", "*`?*", "*", "?", "", "%", "_", "s?l*s", "*ü*", "*Ü*",
        "a?b", "a_b", "50%", "*1", "+36*", "*5", "CN=*", "rec??.*", "*`**", "conv-0*", "CONV_*", "*x*", "`", "a`",
    ];

    private static readonly string[] Absent = ["nothing-here", "NOPE", "zz*", "?", "Sales ", " Sales", "%", "_", @"\", "''"];

    private static readonly FieldKind[] KindWeights =
    [
        FieldKind.Text, FieldKind.Text, FieldKind.Text, FieldKind.Party, FieldKind.Enum, FieldKind.Time, FieldKind.Time,
        FieldKind.Number, FieldKind.Duration, FieldKind.Digits, FieldKind.Boolean, FieldKind.Set, FieldKind.Set,
    ];

    public ConversationQuery Next()
    {
        // Mostly one or two criteria: every AND shrinks the selection, and empty selections prove little.
        var count = _r.Next(20) switch { < 9 => 1, < 15 => 2, < 18 => 3, _ => 4 };
        return QueryBuilder.Query(Enumerable.Range(0, count).Select(_ => Criterion()).ToList());
    }

    public QueryCriterion Criterion()
    {
        // Kinds first, then a field of that kind: the one time field gets as many criteria as the twenty text fields.
        var kind = RandomCatalog.Pick(_r, KindWeights);
        var field = RandomCatalog.Pick(_r, QueryField.All.Where(f => f.Kind == kind).ToList());
        var op = RandomCatalog.Pick(_r, field.Operators);
        if (op == QueryOperator.Between)
        {
            object a = Value(field, op), b = Value(field, op);
            try
            {
                return QueryBuilder.Criterion(field, op, [a, b]);
            }
            catch (ConversationExportException error) when (error.Message.Contains("must not be greater", StringComparison.Ordinal))
            {
                return QueryBuilder.Criterion(field, op, [b, a]);
            }
        }
        var single = op is QueryOperator.LessThan or QueryOperator.LessOrEqual or QueryOperator.GreaterThan or QueryOperator.GreaterOrEqual
            or QueryOperator.RecentThan or QueryOperator.OlderThan || field.Kind == FieldKind.Boolean;
        var howMany = single ? 1 : _r.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        return QueryBuilder.Criterion(field, op, Enumerable.Range(0, howMany).Select(_ => Value(field, op)).ToList());
    }

    private Conversation Any() => data[_r.Next(data.Count)];

    private object Value(QueryField field, QueryOperator op)
    {
        if (op is QueryOperator.RecentThan or QueryOperator.OlderThan) return RelativeAge();
        return field.Kind switch
        {
            FieldKind.Text or FieldKind.Party => TextValue(field, like: op is QueryOperator.Like or QueryOperator.NotLike),
            FieldKind.Set => TextValue(field, like: true),
            FieldKind.Enum => RandomCatalog.CaseVariant(_r, RandomCatalog.Pick(_r, Enum.GetNames(field.EnumType!))),
            FieldKind.Time => TimeValue(),
            FieldKind.Number => NumberValue(field),
            FieldKind.Duration => DurationValue(field),
            FieldKind.Digits => DigitsValue(field),
            FieldKind.Boolean => _r.Next(4) switch { 0 => true, 1 => false, 2 => "True", _ => "false" },
            _ => throw new InvalidOperationException(field.Name),
        };
    }

    /// <summary>A value some conversation has (perhaps in another letter case), an absent one, or a wildcard pattern.</summary>
    private string TextValue(QueryField field, bool like)
    {
        var present = Enumerable.Range(0, 20).Select(_ => field.Read(Any()).OfType<string>().ToArray()).FirstOrDefault(v => v.Length > 0);
        var roll = _r.Next(10);
        if (present is null || roll == 0) return RandomCatalog.Pick(_r, Absent);
        var value = RandomCatalog.Pick(_r, present);
        if (!like) return roll < 7 ? value : RandomCatalog.CaseVariant(_r, value);
        return roll switch
        {
            1 or 2 => RandomCatalog.Pick(_r, Patterns),
            3 => Escape(RandomCatalog.CaseVariant(_r, value)),
            4 => value,                                                             // unescaped: its * ? ` act as wildcards
            5 => Escape(value[..(_r.Next(value.Length + 1))]) + "*",
            6 => "*" + Escape(value[_r.Next(value.Length + 1)..]),
            7 when value.Length > 0 => Escape(value[..(value.Length / 2)]) + "?" + Escape(value[(value.Length / 2 + 1)..]),
            8 when value.Length > 0 => "*" + Escape(value[_r.Next(value.Length)].ToString()) + "*",
            _ => Escape(value),
        };
    }

    /// <summary>A value matched literally: PowerShell's backtick before * ? and `.</summary>
    internal static string Escape(string literal) => literal.Replace("`", "``").Replace("*", "`*").Replace("?", "`?");

    private object TimeValue()
    {
        var t = _r.Next(10) < 7 ? Any().StartTimeUtc : now.AddDays(-_r.Next(-5, 70)).AddMilliseconds(_r.Next(0, 86_400_000));
        return _r.Next(5) switch
        {
            0 => t,                                                                  // DateTime, Kind Utc
            1 => t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            2 => new DateTimeOffset(t).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            3 => new DateTimeOffset(t).ToOffset(TimeSpan.FromHours(-5.5)),
            _ => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),                   // unzoned: UTC
        };
    }

    private object RelativeAge()
    {
        // Exactly a conversation's age half of the time, so the inclusive edge of RecentThan is hit.
        var age = now - Any().StartTimeUtc;
        return _r.Next(8) switch
        {
            0 or 1 => age,
            2 => ((long)age.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms",
            3 => age.ToString("c", CultureInfo.InvariantCulture),
            4 => _r.Next(0, 70).ToString(CultureInfo.InvariantCulture) + "d",
            5 => _r.Next(0, 1500).ToString(CultureInfo.InvariantCulture) + "h",
            6 => "PT" + _r.Next(0, 1500).ToString(CultureInfo.InvariantCulture) + "H",
            _ => TimeSpan.FromDays(_r.Next(0, 70)),
        };
    }

    private object NumberValue(QueryField field)
    {
        var present = field.Read(Any())[0] as double?;
        if (present is { } x && _r.Next(3) > 0) return _r.Next(2) == 0 ? x : x.ToString("R", CultureInfo.InvariantCulture);
        return _r.Next(5) switch
        {
            0 => RandomCatalog.Pick(_r, [0.0, 1.0, 0.5, 0.25, 0.1, -1.0, 2.0]),
            1 => "0.5",
            2 => 1,
            3 => Math.Round(_r.NextDouble(), 2).ToString(CultureInfo.InvariantCulture),
            _ => _r.NextDouble(),
        };
    }

    private object DurationValue(QueryField field)
    {
        var present = field.Read(Any())[0] as TimeSpan?;
        if (present is { } d && _r.Next(3) > 0)
        {
            return _r.Next(4) switch
            {
                0 => d,
                1 => d.ToString("c", CultureInfo.InvariantCulture),
                2 => "PT" + (d.Ticks / (decimal)TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) + "S",
                _ => ((long)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms",
            };
        }
        return RandomCatalog.Pick(_r, new object[] { "5m", "00:05:00", "30s", "1h", "250ms", "PT4.2S", "0s", 90, TimeSpan.FromMinutes(2), "2h", "7d" });
    }

    private object DigitsValue(QueryField field)
    {
        var n = field.Read(Any())[0] is int present && _r.Next(3) > 0 ? present : _r.Next(0, 17);
        return _r.Next(3) switch { 0 => n, 1 => (long)n, _ => n.ToString(CultureInfo.InvariantCulture) };
    }
}
