using System.Text.RegularExpressions;

namespace ConversationExport.Engine.Targets;

/// <summary>
/// The one place that names what a run delivers: its archive (BaseName.zip), its parts
/// (BaseName_partN.zip), its loose-file folder (BaseName) and the temporary name of anything not yet
/// committed (".partial" appended).
/// </summary>
public static partial class PartNames
{
    /// <summary>Appended to every name while it is being written; a reader never takes it for a delivered file.</summary>
    public const string TemporarySuffix = ".partial";

    /// <summary>
    /// Part <paramref name="number"/> of a run's archive. Unsplit, the archive is BaseName.zip; a resumed
    /// unsplit run (number &gt; 1) continues as _partN so it never replaces what was already delivered.
    /// </summary>
    public static string Archive(string baseName, int number, bool split) =>
        !split && number == 1 ? $"{baseName}.zip" : $"{baseName}_part{number}.zip";

    /// <summary>The part number of <paramref name="name"/> when it is an archive of <paramref name="baseName"/>: 1 for BaseName.zip, N for BaseName_partN.zip; null otherwise.</summary>
    public static int? PartNumber(string name, string baseName)
    {
        var match = Pattern().Match(name);
        if (!match.Success || !string.Equals(match.Groups["stem"].Value, baseName, StringComparison.Ordinal)) return null;
        return match.Groups["part"].Value is { Length: > 0 } n && int.TryParse(n, out var number) ? number : 1;
    }

    /// <summary>The base name an archive file belongs to (BaseName of BaseName.zip or BaseName_partN.zip), or null when it is not a ZIP.</summary>
    public static string? Stem(string name) => Pattern().Match(name) is { Success: true } match ? match.Groups["stem"].Value : null;

    /// <summary>Sort key of a part within its set: BaseName.zip first, then by part number.</summary>
    public static int Order(string name) => Pattern().Match(name) is { Success: true } match && match.Groups["part"].Value is { Length: > 0 } n && int.TryParse(n, out var number) ? number : 0;

    public static string Temporary(string name) => name + TemporarySuffix;

    [GeneratedRegex(@"^(?<stem>.+?)(_part(?<part>\d+))?\.zip$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
