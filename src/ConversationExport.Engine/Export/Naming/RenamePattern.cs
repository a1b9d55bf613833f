using System.Globalization;
using System.Text;

namespace ConversationExport.Engine.Export.Naming;

/// <summary>
/// The task's Rename Files pattern (seed §4.1), e.g. <c>{StartTime:yyyyMMdd_HHmmss}_{From}_{To}</c>.
/// Literal text is kept; '/' (or '\') in the pattern makes subfolders, while '/' inside a value never
/// does; <c>{{</c> and <c>}}</c> write braces. Parsed once when a task is saved, so a bad pattern
/// is refused then rather than in the middle of a scheduled run.
/// </summary>
public sealed class RenamePattern
{
    /// <summary>Beyond this many folders a pattern could not fit <see cref="ExportPath.MaxRelativePathLength"/>.</summary>
    public const int MaxSegments = 8;

    public const string DefaultStartTimeFormat = "yyyyMMdd_HHmmss";

    private static readonly TokenDefinition[] Definitions =
    [
        new("ConversationId", false, FormatKind.None, (c, _) => c.ConversationId),
        new("NativeId", true, FormatKind.None, (c, _) => c.NativeId),
        new("StartTime", false, FormatKind.DateTime, (c, z) => ExportTimeZone.ToZone(c.StartTimeUtc, z)),
        new("Duration", false, FormatKind.Duration, (c, _) => TimeSpan.FromSeconds(Math.Floor(c.Duration.TotalSeconds))),
        new("From", true, FormatKind.None, (c, _) => c.From),
        new("FromInfo", true, FormatKind.None, (c, _) => c.FromInfo),
        new("To", true, FormatKind.None, (c, _) => c.To),
        new("ToInfo", true, FormatKind.None, (c, _) => c.ToInfo),
        new("User", true, FormatKind.None, (c, _) => c.User),
        new("UserId", true, FormatKind.None, (c, _) => c.UserId),
        new("Extension", true, FormatKind.None, (c, _) => c.Extension),
        new("Direction", false, FormatKind.None, (c, _) => c.Direction.ToString()),
        new("Type", false, FormatKind.None, (c, _) => c.ConversationType.ToString()),
        new("Server", true, FormatKind.None, (c, _) => c.RecordingServer),
        new("OriginalName", false, FormatKind.None, (c, _) => OriginalName(c)),
        new("Counter", false, FormatKind.Number, (_, _) => 0L),
    ];

    /// <summary>The tokens as error messages and help list them.</summary>
    public static IReadOnlyList<string> AcceptedTokens { get; } =
        Definitions.Select(d => d.Format == FormatKind.None ? $"{{{d.Name}}}" : $"{{{d.Name}[:format]}}").ToArray();

    private static readonly string AcceptedText =
        "Accepted tokens: " + string.Join(", ", AcceptedTokens)
        + $". {{StartTime}} takes a .NET date format (default {DefaultStartTimeFormat}) and is shown in the task's time zone;"
        + " {Duration} is whole seconds, or a .NET TimeSpan format such as hhmmss;"
        + " {Counter} is the run's sequence number, or a number format such as 000000."
        + " Literal text is kept, '/' makes a subfolder, '{{' and '}}' write braces.";

    private readonly Part[][] _segments;

    private RenamePattern(string text, Part[][] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>No pattern: each conversation keeps its original media name, CDR-only records their ConversationId.</summary>
    public static RenamePattern Default { get; } = new("", [[new Part(null, Token: Definitions.Single(d => d.Name == "OriginalName"), null)]]);

    /// <summary>The pattern as the user wrote it; empty for <see cref="Default"/>.</summary>
    public string Text { get; }

    public bool IsDefault => Text.Length == 0;

    public override string ToString() => Text;

    /// <exception cref="ConversationExportException">RenamePatternInvalid, naming the fault and listing the accepted tokens.</exception>
    public static RenamePattern Parse(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) return Default;

        if (pattern[0] is '/' or '\\')
            throw Invalid(pattern, "it starts with a folder separator, which would make it an absolute path; names are always relative to the export folder.");

        var segments = new List<List<Part>> { new() };
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length == 0) return;
            segments[^1].Add(new Part(literal.ToString(), null, null));
            literal.Clear();
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '{' && i + 1 < pattern.Length && pattern[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < pattern.Length && pattern[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (c == '}')
                throw Invalid(pattern, $"the '}}' at position {i + 1} closes no token; write '}}}}' for a literal brace.");
            if (c == '{')
            {
                var close = pattern.IndexOf('}', i + 1);
                var nextOpen = pattern.IndexOf('{', i + 1);
                if (close < 0 || (nextOpen >= 0 && nextOpen < close))
                    throw Invalid(pattern, $"the '{{' at position {i + 1} is not closed by '}}'; write '{{{{' for a literal brace.");
                Flush();
                segments[^1].Add(ParseToken(pattern, pattern[(i + 1)..close]));
                i = close;
                continue;
            }
            if (c is '/' or '\\')
            {
                Flush();
                segments.Add([]);
                continue;
            }
            if (char.IsControl(c) || c is '<' or '>' or ':' or '"' or '|' or '?' or '*')
                throw Invalid(pattern, $"it contains {Describe(c)}, which Windows does not allow in file names.");
            literal.Append(c);
        }
        Flush();

        if (segments.Count > MaxSegments)
            throw Invalid(pattern, $"it makes {segments.Count - 1} levels of subfolders; at most {MaxSegments - 1} fit in a path.");
        for (var s = 0; s < segments.Count; s++)
        {
            var parts = segments[s];
            var isFileName = s == segments.Count - 1;
            if (parts.Count == 0)
                throw Invalid(pattern, isFileName
                    ? "it ends with a folder separator, leaving the file name empty."
                    : "it has an empty folder name ('//').");
            if (parts.All(p => p.Literal is not null) && string.Concat(parts.Select(p => p.Literal)).Trim().Trim('.').Length == 0)
                throw Invalid(pattern, $"the {(isFileName ? "file" : "folder")} name '{string.Concat(parts.Select(p => p.Literal))}' is empty once Windows drops its dots and blanks; '.' and '..' cannot be used.");
            if (isFileName && parts.All(p => p.Token is { CanBeEmpty: true }))
            {
                var tokens = parts.Select(p => "{" + p.Token!.Name + "}").Distinct().ToArray();
                throw Invalid(pattern, $"the file name could be empty when {string.Join(" and ", tokens)} {(tokens.Length == 1 ? "has" : "have")} no value; add {{ConversationId}} or {{Counter}}.");
            }
        }

        return new RenamePattern(pattern, segments.Select(p => p.ToArray()).ToArray());
    }

    /// <summary>
    /// The conversation's name inside the export, relative and '/'-separated, without extension and
    /// without the date folder; every segment sanitized (<see cref="ExportPath.Sanitize"/>). A folder
    /// whose tokens have no value becomes "_". <paramref name="counter"/> is the run-wide sequence
    /// number that {Counter} shows.
    /// </summary>
    public string Render(Conversation conversation, TimeZoneInfo zone, long counter)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(zone);
        var segments = new string[_segments.Length];
        var text = new StringBuilder();
        for (var s = 0; s < _segments.Length; s++)
        {
            text.Clear();
            foreach (var part in _segments[s])
                text.Append(part.Literal ?? FormatValue(part, conversation, zone, counter));
            segments[s] = ExportPath.Sanitize(text.ToString());
        }
        return string.Join('/', segments);
    }

    /// <summary>The media file name without its extension, for {OriginalName}; the ConversationId when there is none.</summary>
    public static string OriginalName(Conversation conversation)
    {
        var name = conversation.MediaFileName
            ?? conversation.Files.FirstOrDefault(f => f.Kind == ConversationFileKind.Media)?.Location
            ?? conversation.Files.FirstOrDefault(f => f.Kind == ConversationFileKind.Transcript)?.Location;
        if (string.IsNullOrEmpty(name)) return conversation.ConversationId;
        // Locations may come from a Windows recorder while we run on Linux: cut at either separator.
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot > 0) name = name[..dot];
        return name.Length == 0 ? conversation.ConversationId : name;
    }

    private static string FormatValue(Part part, Conversation conversation, TimeZoneInfo zone, long counter)
    {
        var token = part.Token!;
        if (token.Format == FormatKind.Number) return counter.ToString(part.Format, CultureInfo.InvariantCulture);
        var value = token.Read(conversation, zone);
        return value switch
        {
            null => "",
            string s => s,
            DateTimeOffset time => time.ToString(part.Format ?? DefaultStartTimeFormat, CultureInfo.InvariantCulture),
            TimeSpan duration => part.Format is null
                ? ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)
                : IsNumberFormat(part.Format)
                    ? ((long)duration.TotalSeconds).ToString(part.Format, CultureInfo.InvariantCulture)
                    : duration.ToString(part.Format, CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
    }

    private static Part ParseToken(string pattern, string inner)
    {
        var colon = inner.IndexOf(':');
        var name = colon < 0 ? inner : inner[..colon];
        var format = colon < 0 ? null : inner[(colon + 1)..];
        var definition = Definitions.FirstOrDefault(d => d.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw Invalid(pattern, $"'{{{inner}}}' is not a token.");
        if (format is null) return new Part(null, definition, null);

        if (definition.Format == FormatKind.None)
            throw Invalid(pattern, $"'{{{inner}}}': {{{definition.Name}}} takes no format.");
        if (format.Length == 0)
            throw Invalid(pattern, $"'{{{inner}}}' has an empty format; leave out the ':' for the default.");
        try
        {
            // Formatting a sample is the only complete check .NET offers for custom format strings.
            _ = definition.Format switch
            {
                FormatKind.DateTime => new DateTimeOffset(2026, 11, 28, 23, 30, 15, TimeSpan.FromHours(1)).ToString(format, CultureInfo.InvariantCulture),
                FormatKind.Duration when IsNumberFormat(format) => 3725L.ToString(format, CultureInfo.InvariantCulture),
                FormatKind.Duration => new TimeSpan(1, 2, 3, 4).ToString(format, CultureInfo.InvariantCulture),
                _ => 42L.ToString(format, CultureInfo.InvariantCulture),
            };
        }
        catch (FormatException)
        {
            var hint = definition.Format switch
            {
                FormatKind.DateTime => "a .NET date and time format such as yyyyMMdd_HHmmss or yyyy-MM-dd",
                FormatKind.Duration => @"a .NET TimeSpan format such as hhmmss or hh\_mm\_ss (quote or escape literal characters), or 000000 for whole seconds",
                _ => "a .NET number format such as 000000",
            };
            throw Invalid(pattern, $"'{format}' in '{{{inner}}}' is not a valid format; {{{definition.Name}}} takes {hint}.");
        }
        return new Part(null, definition, format);
    }

    /// <summary>A Duration format of only digit placeholders formats whole seconds as a number.</summary>
    private static bool IsNumberFormat(string format) => format.All(c => c is '0' or '#');

    private static string Describe(char c) => char.IsControl(c) ? $"the control character U+{(int)c:X4}" : $"'{c}'";

    private static ConversationExportException Invalid(string pattern, string reason) =>
        new(ErrorId.RenamePatternInvalid, ErrorKind.InvalidArgument,
            $"The rename pattern '{pattern}' is not valid: {reason} {AcceptedText}",
            pattern);

    private enum FormatKind { None, DateTime, Duration, Number }

    private sealed record TokenDefinition(string Name, bool CanBeEmpty, FormatKind Format, Func<Conversation, TimeZoneInfo, object?> Read);

    /// <summary>Either literal text or a token with its optional format.</summary>
    private sealed record Part(string? Literal, TokenDefinition? Token, string? Format);
}
