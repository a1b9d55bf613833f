using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using ConversationExport.Engine.Security;

namespace ConversationExport.Engine.Import;

/// <summary>The outcome of reading one sidecar: a record, or the reason there is none, plus warnings either way.</summary>
public sealed record SidecarReadResult(string Path, Conversation? Conversation, ConversationExportException? Error, IReadOnlyList<string> Warnings);

/// <summary>
/// Reads a recording server's XML sidecar (design §2.3, docs/recording-sidecar.md) into a
/// <see cref="Conversation"/>. It never throws for bad content: the importer reports and goes on.
/// </summary>
public static class SidecarReader
{
    public const string Namespace = "urn:conversation-export:recording:1";

    private static readonly HashSet<string> KnownElements =
    [
        "id", "nativeId", "type", "platform", "direction", "start", "end", "endCause", "forwardReason", "from", "to",
        "dialedNumber", "user", "recordingServer", "storageTarget", "dataset", "protected", "cdrOnly", "imported",
        "encryptedWith", "signedWith", "qmScorecard", "analytics", "labels", "cases", "files",
    ];

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    /// <param name="sidecarPath">Full path of the XML file.</param>
    /// <param name="realRoot">The real path of the imported folder (<see cref="ContainedFile.RealFolder"/>): the sidecar
    /// and every file it names must really lie inside it and be regular files, so neither a sidecar nor a link can pull in
    /// arbitrary files.</param>
    public static SidecarReadResult Read(string sidecarPath, string realRoot)
    {
        var warnings = new List<string>();
        try
        {
            XDocument document;
            string realPath;
            var opened = ContainedFile.OpenInside(sidecarPath, realRoot, 1 << 16, out var refusal);
            if (opened is not { } sidecar)
                throw Refused(sidecarPath, "the sidecar", sidecarPath, refusal!.Value, realRoot);
            using (sidecar.Stream)
            using (var reader = XmlReader.Create(sidecar.Stream, Settings))
                document = XDocument.Load(reader);
            realPath = sidecar.RealPath;
            // Recorded by its real path: the export opens exactly this file again, or refuses.
            var conversation = Parse(document.Root!, sidecarPath, realRoot, warnings);
            conversation.SidecarPath = realPath;
            return new SidecarReadResult(sidecarPath, conversation, null, warnings);
        }
        catch (XmlException error)
        {
            return new SidecarReadResult(sidecarPath, null, new ConversationExportException(ErrorId.SidecarInvalidXml, ErrorKind.InvalidData,
                $"'{sidecarPath}' is not well-formed XML (line {error.LineNumber}, position {error.LinePosition}): {error.Message}", sidecarPath, error), warnings);
        }
        catch (ConversationExportException error)
        {
            return new SidecarReadResult(sidecarPath, null, error, warnings);
        }
        catch (IOException error)
        {
            return new SidecarReadResult(sidecarPath, null, new ConversationExportException(ErrorId.SidecarInvalidXml, ErrorKind.ResourceUnavailable,
                $"'{sidecarPath}' could not be read: {error.Message}", sidecarPath, error), warnings);
        }
        catch (UnauthorizedAccessException error)
        {
            return new SidecarReadResult(sidecarPath, null, new ConversationExportException(ErrorId.SidecarInvalidXml, ErrorKind.PermissionDenied,
                $"'{sidecarPath}' could not be read: {error.Message}", sidecarPath, error), warnings);
        }
    }

    private static Conversation Parse(XElement root, string path, string importRoot, List<string> warnings)
    {
        if (root.Name.LocalName != "conversation" || (root.Name.NamespaceName != Namespace && root.Name.NamespaceName != ""))
            throw Invalid(ErrorId.SidecarNotConversation, path,
                $"'{path}' is not a recording sidecar: its root element is <{root.Name.LocalName}> in namespace '{root.Name.NamespaceName}', expected <conversation xmlns=\"{Namespace}\">.");
        var ns = root.Name.Namespace;

        foreach (var element in root.Elements())
            if (element.Name.Namespace != ns || !KnownElements.Contains(element.Name.LocalName))
                warnings.Add($"'{path}': unknown element <{element.Name.LocalName}> ignored.");

        string? Text(string name) => root.Element(ns + name)?.Value.Trim() is { Length: > 0 } value ? value : null;
        string? Attr(XElement? element, string name) => element?.Attribute(name)?.Value.Trim() is { Length: > 0 } value ? value : null;

        var conversationId = Text("id") ?? throw Missing(path, "id");
        var start = ParseTime(path, "start", Text("start") ?? throw Missing(path, "start"));
        var end = Text("end") is { } endText ? ParseTime(path, "end", endText) : (DateTime?)null;
        if (end < start)
            throw Invalid(ErrorId.SidecarInvalidValue, path, $"'{path}': <end> {end:O} is before <start> {start:O}.");

        var from = root.Element(ns + "from");
        var to = root.Element(ns + "to");
        var user = root.Element(ns + "user");
        var analytics = root.Element(ns + "analytics");
        var folder = Path.GetDirectoryName(path)!;

        var conversation = new Conversation
        {
            ConversationId = conversationId,
            NativeId = Text("nativeId"),
            ConversationType = ParseEnum(path, "type", Text("type"), ConversationType.Voice),
            SourcePlatform = Text("platform"),
            Direction = ParseEnum(path, "direction", Text("direction"), Direction.Unknown),
            StartTimeUtc = start,
            EndTimeUtc = end,
            EndCause = Text("endCause"),
            ForwardReason = Text("forwardReason"),
            From = Attr(from, "number"),
            FromInfo = Attr(from, "info"),
            FromDeviceId = Attr(from, "deviceId"),
            FromIp = Attr(from, "ip"),
            To = Attr(to, "number"),
            ToInfo = Attr(to, "info"),
            ToDeviceId = Attr(to, "deviceId"),
            ToIp = Attr(to, "ip"),
            DialedNumber = Text("dialedNumber"),
            User = Attr(user, "name"),
            UserId = Attr(user, "id"),
            UserLocation = Attr(user, "location"),
            Extension = Attr(user, "extension"),
            Group = user?.Elements(ns + "group").Select(g => g.Value.Trim()).Where(g => g.Length > 0).Distinct().ToArray() ?? [],
            RecordingServer = Text("recordingServer"),
            StorageTarget = Text("storageTarget"),
            Dataset = ParseEnum(path, "dataset", Text("dataset"), Dataset.Online),
            Protected = ParseBool(path, "protected", Text("protected")),
            CdrOnly = ParseBool(path, "cdrOnly", Text("cdrOnly")),
            Imported = ParseBool(path, "imported", Text("imported")),
            EncryptedWithCertificate = Text("encryptedWith"),
            SignedWithCertificate = Text("signedWith"),
            HasQmScorecard = ParseBool(path, "qmScorecard", Text("qmScorecard")),
            SilenceRatio = ParseRatio(path, "analytics/@silenceRatio", Attr(analytics, "silenceRatio")),
            TalkoverRatio = ParseRatio(path, "analytics/@talkoverRatio", Attr(analytics, "talkoverRatio")),
            LongestSilence = Attr(analytics, "longestSilence") is { } silence ? ParseDuration(path, "analytics/@longestSilence", silence) : null,
            Labels = root.Element(ns + "labels")?.Elements(ns + "label")
                .Where(l => l.Value.Trim().Length > 0)
                .Select(l => new ConversationLabel(l.Value.Trim(), ParseBool(path, "label/@legalHold", Attr(l, "legalHold"))))
                .DistinctBy(l => l.Name).ToArray() ?? [],
            Cases = root.Element(ns + "cases")?.Elements(ns + "case").Select(c => c.Value.Trim()).Where(c => c.Length > 0).Distinct().ToArray() ?? [],
        };
        conversation.Files = root.Element(ns + "files")?.Elements(ns + "file")
            .Select(f => ResolveFile(path, folder, importRoot, f)).ToArray() ?? [];
        conversation.MediaFileName = conversation.Files.FirstOrDefault(f => f.Kind == ConversationFileKind.Media) is { } media
            ? Path.GetFileName(media.Location)
            : null;
        return conversation;
    }

    private static ConversationFile ResolveFile(string path, string folder, string importRoot, XElement file)
    {
        var relative = file.Value.Trim();
        var kind = ParseEnum(path, "file/@kind", file.Attribute("kind")?.Value.Trim(), ConversationFileKind.Media);
        if (relative.Length == 0)
            throw Invalid(ErrorId.SidecarInvalidValue, path, $"'{path}': a <file> element is empty; it must name a file relative to the sidecar's folder.");
        var full = Path.GetFullPath(Path.Combine(folder, relative));
        if (Path.IsPathRooted(relative))
            throw Invalid(ErrorId.SidecarFileOutsideRoot, path,
                $"'{path}': <file>{relative}</file> is an absolute path; files must be given relative to the sidecar's folder and lie inside the imported folder '{importRoot}'.");
        var check = ContainedFile.Inspect(full, importRoot);
        if (!check.Accepted)
            throw Refused(path, $"the {kind.ToString().ToLowerInvariant()} file <file>{relative}</file>", full, check.Refusal!.Value, importRoot);
        return new ConversationFile
        {
            Kind = kind,
            Location = check.RealPath!,
            Size = check.Size,
            Extension = Path.GetExtension(full).TrimStart('.').ToLowerInvariant(),
        };
    }

    /// <summary>
    /// Why a file was not taken. Never what a link points to, nor its size: the message may be read
    /// by someone who must not learn about files outside the recordings.
    /// </summary>
    private static ConversationExportException Refused(string sidecarPath, string what, string file, FileRefusal refusal, string importRoot) => refusal switch
    {
        FileRefusal.Missing => Invalid(ErrorId.SidecarFileMissing, sidecarPath,
            $"'{sidecarPath}': {what} ('{file}') does not exist; the conversation was not imported."),
        FileRefusal.OutsideRoot => Invalid(ErrorId.SidecarFileOutsideRoot, sidecarPath,
            $"'{sidecarPath}': {what} ('{file}') leads outside the imported folder '{importRoot}' (through '..' or a link), so it was refused; the conversation was not imported."),
        _ => Invalid(ErrorId.SidecarFileNotRegular, sidecarPath,
            $"'{sidecarPath}': {what} ('{file}') is not a regular file (a folder, FIFO, device or socket), so it was refused; the conversation was not imported."),
    };

    private static DateTime ParseTime(string path, string element, string text)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && text.Contains('T'))
            return TruncateToMilliseconds(time.UtcDateTime);
        throw Invalid(ErrorId.SidecarInvalidValue, path,
            $"'{path}': <{element}> '{text}' is not a valid time; expected an ISO 8601 UTC time such as 2026-11-28T09:15:02.123Z.");
    }

    private static T ParseEnum<T>(string path, string element, string? text, T fallback) where T : struct, Enum
    {
        if (text is null) return fallback;
        // Names only: Enum.TryParse would also take numbers and comma-joined flag combinations.
        if (Enum.GetNames<T>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } name) return Enum.Parse<T>(name);
        throw Invalid(ErrorId.SidecarInvalidValue, path,
            $"'{path}': <{element}> '{text}' is not valid; accepted values are {string.Join(", ", Enum.GetNames<T>())}.");
    }

    private static bool ParseBool(string path, string element, string? text)
    {
        if (text is null) return false;
        try
        {
            return XmlConvert.ToBoolean(text.ToLowerInvariant());
        }
        catch (FormatException)
        {
            throw Invalid(ErrorId.SidecarInvalidValue, path, $"'{path}': <{element}> '{text}' is not a boolean; accepted values are true, false, 1, 0.");
        }
    }

    private static double? ParseRatio(string path, string element, string? text)
    {
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1) return value;
        throw Invalid(ErrorId.SidecarInvalidValue, path, $"'{path}': <{element}> '{text}' is not a ratio; expected a number from 0 to 1 such as 0.12.");
    }

    private static TimeSpan ParseDuration(string path, string element, string text)
    {
        try
        {
            return TruncateToMilliseconds(XmlConvert.ToTimeSpan(text));
        }
        catch (FormatException)
        {
            throw Invalid(ErrorId.SidecarInvalidValue, path, $"'{path}': <{element}> '{text}' is not a duration; expected ISO 8601 such as PT4.2S.");
        }
    }

    // The catalog keeps milliseconds; cutting here makes a record read from its sidecar equal to the one read from the catalog.
    private static DateTime TruncateToMilliseconds(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    private static TimeSpan TruncateToMilliseconds(TimeSpan span) => new(span.Ticks - span.Ticks % TimeSpan.TicksPerMillisecond);

    private static ConversationExportException Missing(string path, string element) => Invalid(ErrorId.SidecarMissingElement, path,
        $"'{path}': the required element <{element}> is missing or empty.");

    private static ConversationExportException Invalid(ErrorId id, string path, string message) => new(id, ErrorKind.InvalidData, message, path);
}
