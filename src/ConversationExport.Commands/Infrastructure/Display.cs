using System.Globalization;

namespace ConversationExport.Commands.Infrastructure;

/// <summary>
/// How the module's table views write sizes and durations (ConversationExport.format.ps1xml calls
/// these). The objects keep the raw numbers (bytes, seconds); only the views round them for people.
/// </summary>
public static class Display
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB", "PB"];

    /// <summary>"0 B", "812 B", "1.5 KB", "2.3 GB": binary units, one decimal from KB on.</summary>
    public static string Size(long bytes)
    {
        if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>"0:00:05", "1:02:03", "27:00:00": hours, minutes, seconds, never wrapping at a day.</summary>
    public static string Duration(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0) seconds = 0;
        var whole = (long)Math.Round(seconds, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{whole / 3600}:{whole / 60 % 60:00}:{whole % 60:00}");
    }

    /// <summary>A UTC time as local time to the minute, the way Get-ChildItem shows LastWriteTime.</summary>
    public static string LocalTime(DateTime? utc) =>
        utc is { } value ? DateTime.SpecifyKind(value, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
}
