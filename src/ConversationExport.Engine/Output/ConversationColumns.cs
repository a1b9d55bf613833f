using System.Globalization;
using ConversationExport.Engine.Export.Naming;

namespace ConversationExport.Engine.Output;

/// <summary>
/// The columns of the CSV metadata sidecar, the CDR and the list export (seed §4.4, §4.5): every
/// Conversation Detail Field of design §2.1 by its property name, rendered as text the same way in
/// every output.
/// </summary>
/// <remarks>
/// How values read:
/// <list type="bullet">
/// <item><c>StartTime</c>, <c>EndTime</c>: the task's time zone with its offset,
/// <c>2026-11-28T10:15:02.123+01:00</c> (ISO 8601, always milliseconds); <c>StartTimeUtc</c>,
/// <c>EndTimeUtc</c>: the same instants in UTC, <c>2026-11-28T09:15:02.123Z</c>.</item>
/// <item><c>Duration</c>, <c>LongestSilence</c>: <c>hh:mm:ss.fff</c> with total hours (a 26-hour
/// call reads <c>26:00:00.000</c>), truncated to the millisecond. Spreadsheets read it as a time
/// span and it sorts as text.</item>
/// <item>Multi-valued <c>Group</c>, <c>Labels</c>, <c>Cases</c>, <c>Files</c>: one cell, values in
/// their recorded order joined with <see cref="Separator"/> ("; "). A label under legal hold reads
/// <c>Complaint (legal hold)</c>; <c>LegalHold</c> is <c>true</c> when any label carries it. The
/// JSON sidecar keeps these as arrays, for readers that need them unambiguous.</item>
/// <item><c>Files</c>, <c>MediaFileName</c>: file names only, never the recording storage's paths.</item>
/// <item>Booleans <c>true</c>/<c>false</c> (as the recording sidecar writes them); numbers in
/// invariant culture, shortest text that round-trips; enums by name; an absent value is an empty cell.</item>
/// </list>
/// </remarks>
public static class ConversationColumns
{
    /// <summary>Joins the values of a multi-valued field in one cell.</summary>
    public const string Separator = "; ";

    /// <summary>Follows the name of a label that carries legal hold.</summary>
    public const string LegalHoldSuffix = " (legal hold)";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";
    private const string UtcTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private delegate string Render(Conversation c, TimeZoneInfo zone);

    // design §2.1 order, so a sidecar with every column reads like the field list.
    private static readonly (string Name, Render Render)[] Columns =
    [
        (nameof(Conversation.Id), (c, _) => c.Id.ToString(CultureInfo.InvariantCulture)),
        (nameof(Conversation.ConversationId), (c, _) => c.ConversationId),
        (nameof(Conversation.NativeId), (c, _) => Text(c.NativeId)),
        (nameof(Conversation.From), (c, _) => Text(c.From)),
        (nameof(Conversation.FromInfo), (c, _) => Text(c.FromInfo)),
        (nameof(Conversation.FromDeviceId), (c, _) => Text(c.FromDeviceId)),
        (nameof(Conversation.FromIp), (c, _) => Text(c.FromIp)),
        (nameof(Conversation.To), (c, _) => Text(c.To)),
        (nameof(Conversation.ToInfo), (c, _) => Text(c.ToInfo)),
        (nameof(Conversation.ToDeviceId), (c, _) => Text(c.ToDeviceId)),
        (nameof(Conversation.ToIp), (c, _) => Text(c.ToIp)),
        (nameof(Conversation.DialedNumber), (c, _) => Text(c.DialedNumber)),
        (nameof(Conversation.User), (c, _) => Text(c.User)),
        (nameof(Conversation.UserLocation), (c, _) => Text(c.UserLocation)),
        (nameof(Conversation.Extension), (c, _) => Text(c.Extension)),
        (nameof(Conversation.Group), (c, _) => Join(c.Group)),
        (nameof(Conversation.UserId), (c, _) => Text(c.UserId)),
        ("StartTime", (c, zone) => FormatTime(c.StartTimeUtc, zone)),
        ("EndTime", (c, zone) => c.EndTimeUtc is { } end ? FormatTime(end, zone) : ""),
        (nameof(Conversation.StartTimeUtc), (c, _) => FormatUtc(c.StartTimeUtc)),
        (nameof(Conversation.EndTimeUtc), (c, _) => c.EndTimeUtc is { } end ? FormatUtc(end) : ""),
        (nameof(Conversation.Duration), (c, _) => FormatDuration(c.Duration)),
        (nameof(Conversation.Direction), (c, _) => c.Direction.ToString()),
        (nameof(Conversation.EndCause), (c, _) => Text(c.EndCause)),
        (nameof(Conversation.ConversationType), (c, _) => c.ConversationType.ToString()),
        (nameof(Conversation.ForwardReason), (c, _) => Text(c.ForwardReason)),
        (nameof(Conversation.Protected), (c, _) => Bool(c.Protected)),
        (nameof(Conversation.Labels), (c, _) => Join(c.Labels.Select(LabelText))),
        ("LegalHold", (c, _) => Bool(HasLegalHold(c))),
        (nameof(Conversation.Cases), (c, _) => Join(c.Cases)),
        (nameof(Conversation.EncryptedWithCertificate), (c, _) => Text(c.EncryptedWithCertificate)),
        (nameof(Conversation.SignedWithCertificate), (c, _) => Text(c.SignedWithCertificate)),
        (nameof(Conversation.HasQmScorecard), (c, _) => Bool(c.HasQmScorecard)),
        (nameof(Conversation.SourcePlatform), (c, _) => Text(c.SourcePlatform)),
        (nameof(Conversation.Imported), (c, _) => Bool(c.Imported)),
        (nameof(Conversation.SilenceRatio), (c, _) => Number(c.SilenceRatio)),
        (nameof(Conversation.TalkoverRatio), (c, _) => Number(c.TalkoverRatio)),
        (nameof(Conversation.LongestSilence), (c, _) => c.LongestSilence is { } silence ? FormatDuration(silence) : ""),
        (nameof(Conversation.RecordingServer), (c, _) => Text(c.RecordingServer)),
        (nameof(Conversation.MediaFileName), (c, _) => c.MediaFileName is { } name ? FileName(name) : ""),
        (nameof(Conversation.StorageTarget), (c, _) => Text(c.StorageTarget)),
        (nameof(Conversation.Dataset), (c, _) => c.Dataset.ToString()),
        (nameof(Conversation.CdrOnly), (c, _) => Bool(c.CdrOnly)),
        (nameof(Conversation.Files), (c, _) => Join(c.Files.Select(f => FileName(f.Location)))),
    ];

    private static readonly Dictionary<string, int> IndexByName =
        Columns.Select((column, index) => (column.Name, index)).ToDictionary(x => x.Name, x => x.index, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every column, in design §2.1 order.</summary>
    public static IReadOnlyList<string> All { get; } = Array.AsReadOnly(Columns.Select(c => c.Name).ToArray());

    /// <summary>The CDR's columns when <c>-CdrColumns</c> is not given: who, when, how long, what about.</summary>
    public static IReadOnlyList<string> DefaultCdr { get; } = Array.AsReadOnly(new[]
    {
        nameof(Conversation.ConversationId), "StartTime", "EndTime", nameof(Conversation.Duration),
        nameof(Conversation.Direction), nameof(Conversation.ConversationType),
        nameof(Conversation.From), nameof(Conversation.FromInfo), nameof(Conversation.To), nameof(Conversation.ToInfo),
        nameof(Conversation.User), nameof(Conversation.Extension), nameof(Conversation.Labels), nameof(Conversation.Cases),
    });

    /// <summary>The CSV sidecar's columns when <c>-MetadataColumns</c> is not given: all of them.</summary>
    public static IReadOnlyList<string> DefaultMetadata => All;

    /// <summary>
    /// The columns a user asked for, by their catalog names, in the user's order. Names ignore
    /// case and surrounding blanks; an entry may list several names separated by commas (as a
    /// scheduled task's command line or a config file passes them); a name given twice is kept
    /// once, where it first appears (a duplicate header breaks Import-Csv and most readers).
    /// </summary>
    /// <param name="requested">Null, or no names at all: <paramref name="defaults"/>.</param>
    /// <exception cref="ConversationExportException">ColumnUnknown (InvalidArgument) naming the
    /// unknown column and listing every accepted one.</exception>
    public static IReadOnlyList<string> Resolve(IEnumerable<string>? requested, IReadOnlyList<string> defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var names = (requested ?? [])
            .Where(entry => entry is not null)
            .SelectMany(entry => entry.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        if (names.Count == 0) return defaults;

        var resolved = new List<string>(names.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var canonical = Canonical(name);
            if (seen.Add(canonical)) resolved.Add(canonical);
        }
        return resolved.AsReadOnly();
    }

    /// <summary>One cell: the value of <paramref name="column"/> (any case) as text, in invariant culture.</summary>
    /// <exception cref="ConversationExportException">ColumnUnknown when there is no such column.</exception>
    public static string Value(Conversation c, string column, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(zone);
        return Columns[Index(column)].Render(c, zone);
    }

    /// <summary>The canonical spelling of a column name.</summary>
    /// <exception cref="ConversationExportException">ColumnUnknown when there is no such column.</exception>
    public static string Canonical(string column) => Columns[Index(column)].Name;

    /// <summary>An event time in the task's zone: <c>2026-11-28T10:15:02.123+01:00</c>.</summary>
    public static string FormatTime(DateTime utc, TimeZoneInfo zone) =>
        ExportTimeZone.ToZone(utc, zone).ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>An event time in UTC: <c>2026-11-28T09:15:02.123Z</c>.</summary>
    public static string FormatUtc(DateTime utc) =>
        ExportTimeZone.AsUtc(utc).ToString(UtcTimeFormat, CultureInfo.InvariantCulture);

    /// <summary><c>hh:mm:ss.fff</c> with total hours (<c>26:00:00.000</c>), truncated to the millisecond.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var ms = duration.Ticks / TimeSpan.TicksPerMillisecond;
        var sign = ms < 0 ? "-" : "";
        ms = Math.Abs(ms);
        var hours = ms / 3_600_000;
        var minutes = ms / 60_000 % 60;
        var seconds = ms / 1000 % 60;
        var millis = ms % 1000;
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{hours:00}:{minutes:00}:{seconds:00}.{millis:000}");
    }

    /// <summary>A label's cell text: its name, followed by <see cref="LegalHoldSuffix"/> when it carries legal hold.</summary>
    public static string LabelText(ConversationLabel label) => label.LegalHold ? label.Name + LegalHoldSuffix : label.Name;

    internal static bool HasLegalHold(Conversation c) => c.Labels.Any(l => l.LegalHold);

    /// <summary>
    /// The name of a file on recording storage without its folders. Recording servers may be
    /// Windows or Unix, so both separators count wherever the export runs.
    /// </summary>
    internal static string FileName(string location) => location[(location.LastIndexOfAny(['/', '\\']) + 1)..];

    /// <summary>Renders every column of <paramref name="columns"/>, resolved once, for writers that render many rows.</summary>
    internal static Func<Conversation, TimeZoneInfo, string>[] Renderers(IReadOnlyList<string> columns) =>
        columns.Select(column => (Func<Conversation, TimeZoneInfo, string>)Columns[Index(column)].Render.Invoke).ToArray();

    private static int Index(string column)
    {
        if (column is not null && IndexByName.TryGetValue(column.Trim(), out var index)) return index;
        throw new ConversationExportException(ErrorId.ColumnUnknown, ErrorKind.InvalidArgument,
            $"The column '{column}' is not known. Accepted columns: {string.Join(", ", All)}.", column);
    }

    private static string Text(string? value) => value ?? "";

    private static string Bool(bool value) => value ? "true" : "false";

    // NaN or infinity is no measurement: empty, as the JSON sidecar writes null.
    private static string Number(double? value) =>
        value is { } number && double.IsFinite(number) ? number.ToString(CultureInfo.InvariantCulture) : "";

    private static string Join(IEnumerable<string> values) => string.Join(Separator, values);
}
