using System.Globalization;
using System.Text;

namespace ConversationExport.Engine.Export.Naming;

/// <summary>
/// Relative paths inside an export (a ZIP or a target folder): '/'-separated, every segment valid
/// on Windows and on Unix at once, because an archive written on Linux is opened on Windows and the
/// other way round. Names come from recorded data (caller ids, display names), so every rule here
/// assumes hostile input.
/// </summary>
public static class ExportPath
{
    /// <summary>Longest segment in UTF-16 chars, before a collision counter is added.</summary>
    public const int MaxSegmentLength = 120;

    /// <summary>Longest relative path, collision counters included; leaves room for the export root under Windows' 260.</summary>
    public const int MaxRelativePathLength = 240;

    /// <summary>Room <see cref="Combine"/> leaves for collision counters ("_12345678") and a second file's "_2".</summary>
    internal const int SuffixReserve = 12;

    /// <summary>Shortening a long path cuts no segment below this before cutting harder.</summary>
    private const int MinShortenedSegment = 16;

    private const int MaxExtensionLength = 16;

    /// <summary>The default layout's "yyyy/MM/dd" of the day the conversation started in the task's zone.</summary>
    public static string DateFolder(DateTime startUtc, TimeZoneInfo zone) =>
        ExportTimeZone.ToZone(startUtc, zone).ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// One folder or file name, safe on Windows and Unix: characters Windows forbids (<c>&lt; &gt; : " / \ | ? *</c>),
    /// control and bidi-override characters and broken surrogates become '_'; no leading or trailing
    /// blanks, no trailing dots, no leading dot (hidden files); "", "." and ".." become "_"; device names (CON, NUL, COM1, LPT¹,
    /// "aux.wav" …) get a '_' prefix; at most <see cref="MaxSegmentLength"/> chars, keeping a short
    /// extension. Applying it twice changes nothing.
    /// </summary>
    public static string Sanitize(string? segment)
    {
        if (string.IsNullOrEmpty(segment)) return "_";

        var text = ReplaceForbidden(segment);
        // NFC so that "é" typed on Windows and "é" read back from macOS (NFD) are one name.
        text = text.Normalize(NormalizationForm.FormC);
        text = TrimEnds(text);
        // A leading dot hides a file on Unix and in most file managers: evidence must not be invisible.
        if (IsReservedDeviceName(text) || text.StartsWith('.')) text = "_" + text;
        if (text.Length > MaxSegmentLength) text = TrimEnds(Truncate(text, MaxSegmentLength));
        return text.Length == 0 ? "_" : text;
    }

    /// <summary>
    /// The final relative path: the date folder (null when the task says Do Not Create Subfolders),
    /// the rendered name (its '/' make subfolders) and the extension ("wav" or ".wav"; empty for none).
    /// Every segment is sanitized again, and the whole is shortened to fit
    /// <see cref="MaxRelativePathLength"/> with room for a collision counter.
    /// </summary>
    public static string Combine(string? dateFolder, string renderedBase, string? extension)
    {
        var folder = SplitSanitized(dateFolder);
        var name = SplitSanitized(renderedBase);
        if (name.Count == 0) name.Add("_");
        var ext = SanitizeExtension(extension);

        var budget = MaxRelativePathLength - SuffixReserve;
        var length = folder.Sum(s => s.Length + 1) + name.Sum(s => s.Length) + (name.Count - 1) + (ext.Length == 0 ? 0 : ext.Length + 1);
        foreach (var floor in new[] { MinShortenedSegment, 1 })
        {
            while (length > budget)
            {
                // Longest first, the file name on a tie: folders made by the pattern are usually shared.
                var index = -1;
                for (var i = 0; i < name.Count; i++)
                    if (name[i].Length > floor && (index < 0 || name[i].Length >= name[index].Length)) index = i;
                if (index < 0) break;
                var target = Math.Max(floor, name[index].Length - (length - budget));
                var shortened = Sanitize(Truncate(name[index], target));
                if (shortened.Length >= name[index].Length) break;
                length -= name[index].Length - shortened.Length;
                name[index] = shortened;
            }
        }
        if (length > budget)
            throw new ArgumentException($"The path '{string.Join('/', folder.Concat(name))}' has too many folders to fit {MaxRelativePathLength} characters.", nameof(renderedBase));

        var path = string.Join('/', folder.Concat(name));
        return ext.Length == 0 ? path : path + "." + ext;
    }

    /// <summary>
    /// The last guard before a file is written: true only when <paramref name="relative"/> is a
    /// plain relative path (see <see cref="IsSafeRelative"/>) whose full path lies inside
    /// <paramref name="root"/> (compared ignoring case on Windows and macOS).
    /// Symbolic links already inside the root are not resolved.
    /// </summary>
    public static bool IsInside(string root, string relative)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!IsSafeRelative(relative)) return false;
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        string full;
        try
        {
            full = Path.GetFullPath(Path.Combine(rootFull, relative));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return full.Length > rootFull.Length && full.StartsWith(rootFull, comparison);
    }

    /// <summary>
    /// True when <paramref name="relative"/> is safe as a ZIP entry name or a path under a target
    /// folder on any OS: not rooted, '/'-separated with no '\' or ':', and every segment already
    /// what <see cref="Sanitize"/> would make of it (so no "..", no device name, no empty segment).
    /// </summary>
    public static bool IsSafeRelative(string? relative)
    {
        if (string.IsNullOrEmpty(relative) || relative.Length > MaxRelativePathLength) return false;
        if (relative.Contains('\\') || relative.Contains(':') || relative.StartsWith('/') || Path.IsPathRooted(relative)) return false;
        foreach (var segment in relative.Split('/'))
        {
            if (segment.Length == 0) return false;
            // A counter suffix may take a segment past MaxSegmentLength: judge the rest of it.
            if (segment.Length > MaxSegmentLength + SuffixReserve) return false;
            if (ReplaceForbidden(segment) != segment || TrimEnds(segment) != segment || segment.Trim('.').Length == 0) return false;
            if (IsReservedDeviceName(segment)) return false;
        }
        return true;
    }

    /// <summary>Windows opens a device, not a file, for these names, with or without an extension.</summary>
    public static bool IsReservedDeviceName(string segment)
    {
        var dot = segment.IndexOf('.');
        var stem = (dot >= 0 ? segment[..dot] : segment).TrimEnd(' ');
        if (stem.Equals("CONIN$", StringComparison.OrdinalIgnoreCase) || stem.Equals("CONOUT$", StringComparison.OrdinalIgnoreCase)) return true;
        if (stem.Length == 3)
            return stem.Equals("CON", StringComparison.OrdinalIgnoreCase) || stem.Equals("PRN", StringComparison.OrdinalIgnoreCase)
                || stem.Equals("AUX", StringComparison.OrdinalIgnoreCase) || stem.Equals("NUL", StringComparison.OrdinalIgnoreCase);
        if (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.OrdinalIgnoreCase) || stem.StartsWith("LPT", StringComparison.OrdinalIgnoreCase)))
            return char.IsAsciiDigit(stem[3]) || stem[3] is '¹' or '²' or '³';
        return false;
    }

    internal static string SanitizeExtension(string? extension)
    {
        if (string.IsNullOrWhiteSpace(extension)) return "";
        var text = TrimEnds(ReplaceForbidden(extension.Trim().TrimStart('.')).Normalize(NormalizationForm.FormC));
        if (text.Length > MaxExtensionLength) text = TrimEnds(Truncate(text, MaxExtensionLength));
        return text;
    }

    private static List<string> SplitSanitized(string? path) =>
        string.IsNullOrEmpty(path)
            ? []
            : path.Split('/', '\\').Where(s => s.Length > 0).Select(Sanitize).ToList();

    private static string ReplaceForbidden(string text)
    {
        StringBuilder? result = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            var bad = char.IsSurrogate(c) || char.IsControl(c) || IsBidiControl(c)
                || c is '<' or '>' or ':' or '"' or '/' or '\\' or '|' or '?' or '*';
            if (bad && result is null) result = new StringBuilder(text.Length).Append(text, 0, i);
            result?.Append(bad ? '_' : c);
        }
        return result?.ToString() ?? text;
    }

    // Right-to-left overrides make "gnp.exe" look like "exe.png" in a file manager.
    private static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    // Windows drops trailing dots and spaces, so "x." and "x" would be one file there and two here.
    private static string TrimEnds(string text)
    {
        string before;
        do
        {
            before = text;
            text = text.Trim().TrimEnd('.');
        }
        while (text.Length != before.Length);
        return text;
    }

    /// <summary>Cut to <paramref name="max"/> chars keeping a short extension and never halving a surrogate pair.</summary>
    private static string Truncate(string text, int max)
    {
        if (text.Length <= max) return text;
        var dot = text.LastIndexOf('.');
        var tail = dot > 0 && text.Length - dot <= MaxExtensionLength + 1 && text.Length - dot < max / 2 ? text[dot..] : "";
        var headLength = max - tail.Length;
        if (headLength > 0 && char.IsHighSurrogate(text[headLength - 1])) headLength--;
        return text[..headLength].TrimEnd('.', ' ') + tail;
    }
}
