using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConversationExport.Engine.Export.Naming;
using Cronos;

namespace ConversationExport.Engine.Scheduling;

/// <summary>How a schedule repeats (design §6.2).</summary>
public enum ScheduleKind { Once, Every, Daily, Weekly, Monthly, Cron }

/// <summary>
/// When a task runs: a calendar in a time zone, with optional start and end dates and an allowed run
/// window. Occurrences are computed by Cronos in the schedule's zone, so 02:00 stays 02:00 local
/// across daylight-saving changes (a time that does not exist that day runs at the first time after it;
/// a time that happens twice runs once).
/// </summary>
public sealed record ScheduleDefinition
{
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public ScheduleKind Kind { get; init; }
    /// <summary>Once: the moment, in the schedule's zone. Every: the anchor the intervals count from (default: StartDate or registration).</summary>
    public DateTime? OnceAt { get; init; }
    /// <summary>Daily, Weekly, Monthly: the time of day.</summary>
    public TimeSpan? At { get; init; }
    public TimeSpan? Every { get; init; }
    public DayOfWeek[] DaysOfWeek { get; init; } = [];
    public int[] DaysOfMonth { get; init; } = [];
    public string? Cron { get; init; }
    public string TimeZone { get; init; } = "UTC";
    /// <summary>Local dates in the schedule's zone, inclusive.</summary>
    public DateTime? StartDate { get; init; }
    public DateTime? EndDate { get; init; }
    public TimeSpan? WindowStart { get; init; }
    public TimeSpan? WindowEnd { get; init; }
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public OutsideWindow OutsideWindow { get; init; } = OutsideWindow.Wait;
    /// <summary>The account the OS scheduler runs the task as; null: the account that registered it.</summary>
    public string? RunAs { get; init; }
    /// <summary>When the schedule was registered (UTC): Every counts from here without a StartDate; nothing before it is due.</summary>
    public DateTime RegisteredUtc { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static ScheduleDefinition FromJson(string json) => JsonSerializer.Deserialize<ScheduleDefinition>(json)!;

    public TimeZoneInfo Zone => ExportTimeZone.Find(TimeZone);

    /// <summary>The cron expression of a calendar schedule (Daily, Weekly, Monthly, Cron); null for Once and Every.</summary>
    public string? CronExpression => Kind switch
    {
        ScheduleKind.Daily => $"{TimeFields(At!.Value)} * * *",
        ScheduleKind.Weekly => $"{TimeFields(At!.Value)} * * {string.Join(",", DaysOfWeek.Select(d => (int)d).Order())}",
        ScheduleKind.Monthly => $"{TimeFields(At!.Value)} {string.Join(",", DaysOfMonth.Order())} * *",
        ScheduleKind.Cron => Cron,
        _ => null,
    };

    private static string TimeFields(TimeSpan at) => at.Seconds == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{at.Minutes} {at.Hours}")
        : string.Create(CultureInfo.InvariantCulture, $"{at.Seconds} {at.Minutes} {at.Hours}");

    /// <summary>Checks every value; a clear ScheduleInvalid error names the first thing wrong and what is accepted.</summary>
    public ScheduleDefinition Validate()
    {
        _ = Zone; // TimeZoneNotFound names the accepted forms
        switch (Kind)
        {
            case ScheduleKind.Once when OnceAt is null:
                throw Invalid("-Once needs -At with the date and time to run, such as -At '2026-12-24 02:00'.");
            case ScheduleKind.Every when Every is not { } every || every < TimeSpan.FromMinutes(1):
                throw Invalid($"-Every must be at least one minute (the scheduler wakes once a minute), not '{Every}'.");
            case ScheduleKind.Daily or ScheduleKind.Weekly or ScheduleKind.Monthly when At is null:
                throw Invalid($"-{Kind} needs -At with the time of day, such as -At 02:00.");
            case ScheduleKind.Weekly when DaysOfWeek.Length == 0:
                throw Invalid("-Weekly needs -DaysOfWeek, such as -DaysOfWeek Monday, Thursday.");
            case ScheduleKind.Monthly when DaysOfMonth.Length == 0 || DaysOfMonth.Any(d => d is < 1 or > 31):
                throw Invalid($"-Monthly needs -DayOfMonth with days from 1 to 31 (given: {string.Join(", ", DaysOfMonth)}).");
            case ScheduleKind.Cron:
                ParseCron(Cron);
                break;
        }
        if (EndDate is { } end && StartDate is { } start && end < start)
            throw Invalid($"-EndDate {end:yyyy-MM-dd} is before -StartDate {start:yyyy-MM-dd}; the schedule would never run.");
        if ((WindowStart is null) != (WindowEnd is null))
            throw Invalid("-WindowStart and -WindowEnd go together: give both (such as -WindowStart 22:00 -WindowEnd 06:00) or neither.");
        if (WindowStart is { } from && WindowEnd is { } to && from == to)
            throw Invalid($"-WindowStart and -WindowEnd are both {from:hh\\:mm}; the window would be empty (or the whole day: then give neither).");
        if (Kind == ScheduleKind.Once && EndDate is not null)
            throw Invalid("-EndDate does not apply to -Once: a one-time schedule ends after its run.");
        return this;
    }

    /// <summary>The first occurrence strictly after <paramref name="afterUtc"/>, or null when there is none (after EndDate, a Once that passed).</summary>
    public DateTime? NextAfter(DateTime afterUtc)
    {
        var zone = Zone;
        var from = afterUtc < RegisteredUtc ? RegisteredUtc.AddTicks(-1) : afterUtc;
        if (StartDate is { } startDate)
        {
            var startUtc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(startDate.Date, DateTimeKind.Unspecified), zone);
            if (from < startUtc) from = startUtc.AddTicks(-1);
        }
        DateTime? next = Kind switch
        {
            ScheduleKind.Once => OnceUtc(zone) is var once && once > from ? once : null,
            ScheduleKind.Every => NextInterval(from, zone),
            _ => ParseCron(CronExpression).GetNextOccurrence(DateTime.SpecifyKind(from, DateTimeKind.Utc), zone),
        };
        if (next is { } n && EndDate is { } endDate
            && n >= TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(endDate.Date.AddDays(1), DateTimeKind.Unspecified), zone))
            return null;
        return next;
    }

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="afterUtc"/>.</summary>
    public IReadOnlyList<DateTime> Next(DateTime afterUtc, int count)
    {
        var list = new List<DateTime>();
        var at = afterUtc;
        while (list.Count < count && NextAfter(at) is { } next)
        {
            list.Add(next);
            at = next;
        }
        return list;
    }

    /// <summary>True when <paramref name="utc"/> lies inside the allowed run window (always, without one). A window may span midnight.</summary>
    public bool InWindow(DateTime utc)
    {
        if (WindowStart is not { } from || WindowEnd is not { } to) return true;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone).TimeOfDay;
        return from < to ? local >= from && local < to : local >= from || local < to;
    }

    private DateTime OnceUtc(TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(OnceAt!.Value, DateTimeKind.Unspecified), zone);

    private DateTime NextInterval(DateTime from, TimeZoneInfo zone)
    {
        // Intervals are exact durations from an anchor: every 90 minutes stays every 90 minutes across DST.
        var anchor = StartDate is { } start
            ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(start.Date, DateTimeKind.Unspecified), zone)
            : RegisteredUtc;
        var step = Every!.Value.Ticks;
        var steps = from < anchor ? 0 : (from - anchor).Ticks / step + 1;
        return anchor.AddTicks(steps * step);
    }

    private static CronExpression ParseCron(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
            throw Invalid("-Cron needs an expression of five fields (minute hour day-of-month month day-of-week), such as '0 2 * * 1-5', or six with seconds first.");
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return Cronos.CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException error)
        {
            throw Invalid($"-Cron '{expression}' is not a valid cron expression: {error.Message} Give five fields (minute hour day-of-month month day-of-week), such as '0 2 * * 1-5', or six with seconds first.");
        }
    }

    private static ConversationExportException Invalid(string message) => new(ErrorId.ScheduleInvalid, ErrorKind.InvalidArgument, message);
}

/// <summary>Reads the times and dates users type for schedules, with errors that say what is accepted.</summary>
public static class ScheduleText
{
    private static readonly string[] TimeFormats = [@"h\:mm", @"hh\:mm", @"h\:mm\:ss", @"hh\:mm\:ss"];

    /// <summary>A time of day such as 02:00 or 22:30:15.</summary>
    public static TimeSpan TimeOfDay(string text, string parameter)
    {
        if (TimeSpan.TryParseExact(text.Trim(), TimeFormats, CultureInfo.InvariantCulture, out var time) && time >= TimeSpan.Zero && time < TimeSpan.FromDays(1))
            return time;
        throw new ConversationExportException(ErrorId.ScheduleInvalid, ErrorKind.InvalidArgument,
            $"-{parameter} '{text}' is not a time of day; give hours and minutes from 00:00 to 23:59 (seconds optional), such as 02:00.", text);
    }

    /// <summary>A date and time in the schedule's zone, such as 2026-12-24 02:00.</summary>
    public static DateTime Moment(string text, string parameter)
    {
        if (DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var moment) && text.Contains(':'))
            return DateTime.SpecifyKind(moment, DateTimeKind.Unspecified);
        throw new ConversationExportException(ErrorId.ScheduleInvalid, ErrorKind.InvalidArgument,
            $"-{parameter} '{text}' is not a date and time; give one such as '2026-12-24 02:00' (read in the schedule's -TimeZone).", text);
    }
}
