namespace ConversationExport.Engine.Export.Naming;

/// <summary>
/// The task's time zone (seed §4.1 Time zone): event times in metadata, CDR, file names and date
/// subfolders are shown in it.
/// </summary>
public static class ExportTimeZone
{
    public const string DefaultId = "UTC";

    /// <summary>Ids shown to a user whose id was not found: one of each accepted kind.</summary>
    public const string Examples = "an IANA id such as 'Europe/Budapest' or 'America/New_York', a Windows id such as 'W. Europe Standard Time', or 'UTC'";

    /// <summary>
    /// An IANA or Windows id, whichever the computer uses natively; null or blank means UTC. The
    /// same task may be saved on a Windows server and run on a Linux one, so both forms work on both.
    /// </summary>
    /// <exception cref="ConversationExportException">TimeZoneNotFound when no zone has that id.</exception>
    public static TimeZoneInfo Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Utc;
        id = id.Trim();
        if (string.Equals(id, DefaultId, StringComparison.OrdinalIgnoreCase)) return TimeZoneInfo.Utc;

        // On Unix the id becomes a path under /usr/share/zoneinfo: keep anything path-like away from it.
        var plausible = id.Length <= 128 && !id.Contains("..", StringComparison.Ordinal)
            && !id.Contains('\\') && !id.StartsWith('/') && !id.Any(char.IsControl);
        if (plausible)
        {
            if (TryFind(id) is { } zone) return zone;
            if (TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) && TryFind(iana) is { } fromWindows) return fromWindows;
            if (TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out var windows) && TryFind(windows) is { } fromIana) return fromIana;
            // Unix file systems are case-sensitive; people type "europe/budapest" anyway.
            if (TimeZoneInfo.GetSystemTimeZones().FirstOrDefault(z => string.Equals(z.Id, id, StringComparison.OrdinalIgnoreCase)) is { } sameIgnoringCase)
                return sameIgnoringCase;
        }

        throw new ConversationExportException(ErrorId.TimeZoneNotFound, ErrorKind.InvalidArgument,
            $"The time zone '{id}' is not known on this computer. Use {Examples}; Get-TimeZone -ListAvailable lists the ids this computer knows.",
            id);
    }

    private static TimeZoneInfo? TryFind(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or System.Security.SecurityException)
        {
            return null;
        }
    }

    /// <summary>A start time as the task's zone shows it, offset included (so "zzz" formats right).</summary>
    public static DateTimeOffset ToZone(DateTime utc, TimeZoneInfo zone)
    {
        var asUtc = AsUtc(utc);
        return TimeZoneInfo.ConvertTime(new DateTimeOffset(asUtc, TimeSpan.Zero), zone);
    }

    /// <summary>The catalog hands back times with Kind Unspecified; they are UTC all the same.</summary>
    internal static DateTime AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
