using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace ConversationExport.Engine.Query;

/// <summary>
/// Parses user values into the canonical text a criterion keeps, and back into typed values.
/// Times and durations are cut to whole milliseconds: the catalog stores milliseconds, and a
/// query must select the same records from the catalog as from the sidecars.
/// </summary>
public static partial class QueryValues
{
    public static string Time(object value) => value switch
    {
        DateTime time => Format(ToUtc(time)),
        DateTimeOffset time => Format(time.UtcDateTime),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) => Format(time.UtcDateTime),
        _ => throw new FormatException($"'{value}' is not a time; give a UTC time such as 2026-11-28T09:15:00Z, or a time with an offset such as 2026-11-28T10:15:00+01:00"),
    };

    public static DateTime ParseTime(string canonical) =>
        DateTime.ParseExact(canonical, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>A duration: a TimeSpan, seconds as a number (or its text), '7d' / '12h' / '30m' / '45s' / '250ms', ISO 8601 'PT4.2S', or 'd.hh:mm:ss'.</summary>
    public static string Duration(object value)
    {
        var span = value switch
        {
            TimeSpan t => t,
            int or long or double or decimal => Seconds(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
            string text => ParseDurationText(text.Trim()),
            _ => null,
        } ?? throw new FormatException($"'{value}' is not a duration; give a TimeSpan, '7d', '12h', '30m', '45s', '250ms', 'PT4.2S' or '00:05:00'");
        if (span < TimeSpan.Zero) throw new FormatException($"'{value}' is a negative duration; durations must be zero or more");
        return new TimeSpan(span.Ticks - span.Ticks % TimeSpan.TicksPerMillisecond).ToString("c", CultureInfo.InvariantCulture);
    }

    public static TimeSpan ParseDuration(string canonical) => TimeSpan.ParseExact(canonical, "c", CultureInfo.InvariantCulture);

    public static string Number(object value) => value switch
    {
        int or long or double or decimal or float when double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)) =>
            Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) => number.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new FormatException($"'{value}' is not a number; give a number such as 0.25"),
    };

    public static string Digits(object value) => value switch
    {
        int or long when Convert.ToInt64(value, CultureInfo.InvariantCulture) is >= 0 and <= 64 => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 64 => count.ToString(CultureInfo.InvariantCulture),
        _ => throw new FormatException($"'{value}' is not a digit count; give a whole number from 0 to 64, or a range such as '7..10'"),
    };

    public static string Boolean(object value) => value switch
    {
        bool b => b ? "true" : "false",
        string text when bool.TryParse(text, out var b) => b ? "true" : "false",
        _ => throw new FormatException($"'{value}' is not a boolean; accepted values are true and false"),
    };

    public static string EnumName(Type enumType, object value)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "";
        var name = Enum.GetNames(enumType).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return name ?? throw new FormatException($"'{value}' is not valid; accepted values are {string.Join(", ", Enum.GetNames(enumType))}");
    }

    // Decimal, not double: 1.001 s must stay 1.001 s when cut to milliseconds.
    private static TimeSpan Seconds(decimal seconds) =>
        seconds * TimeSpan.TicksPerSecond is var ticks && ticks <= TimeSpan.MaxValue.Ticks && ticks >= TimeSpan.MinValue.Ticks
            ? new TimeSpan((long)ticks)
            : throw new FormatException($"{seconds} seconds is longer than a duration can be");

    /// <summary>
    /// The instant a relative time (RecentThan/OlderThan) counts back to, in whole milliseconds like
    /// the catalog; a span reaching before year 1 is the start of time. Catalog and memory both use it.
    /// </summary>
    public static DateTime Before(DateTime nowUtc, TimeSpan span)
    {
        var now = nowUtc.Ticks - nowUtc.Ticks % TimeSpan.TicksPerMillisecond;
        return new DateTime(Math.Max(0, now - span.Ticks), DateTimeKind.Utc);
    }

    private static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        // An unzoned time in a query is UTC, as the seed's Start Time (UTC) field is.
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    private static string Format(DateTime utc) =>
        new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static TimeSpan? ParseDurationText(string text)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return Seconds(seconds);
        var match = ShortDuration().Match(text);
        if (match.Success)
        {
            var amount = decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return Seconds(amount * match.Groups[2].Value.ToLowerInvariant() switch
            {
                "d" => 86_400m,
                "h" => 3_600m,
                "m" => 60m,
                "s" => 1m,
                _ => 0.001m,
            });
        }
        if (text.StartsWith('P') || text.StartsWith('-'))
        {
            try { return XmlConvert.ToTimeSpan(text); }
            catch (FormatException) { return null; }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && text.Contains(':') ? span : null;
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(d|h|m|s|ms)$", RegexOptions.IgnoreCase)]
    private static partial Regex ShortDuration();
}
