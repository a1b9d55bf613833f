namespace ConversationExport.Engine.Demo;

/// <summary>
/// Writes a recording folder tree as recording servers would (design §2.2, §2.3):
/// <c>&lt;server&gt;/&lt;yyyy-MM-dd&gt;/&lt;media&gt;</c> with one XML sidecar per conversation.
/// The same (count, seed, maxSeconds) always gives byte-identical files.
/// </summary>
public static class DemoCorpus
{
    /// <summary>Keeps a 200-conversation corpus near 25 MB.</summary>
    public const int DefaultMaxSeconds = 20;

    public static DemoRecordingSummary Write(string folder, int count, int seed, CancellationToken cancellation = default) =>
        Write(folder, count, seed, DefaultMaxSeconds, cancellation);

    /// <param name="maxSeconds">Longest audio call; video stand-ins run up to three times that.</param>
    public static DemoRecordingSummary Write(string folder, int count, int seed, int maxSeconds, CancellationToken cancellation = default)
    {
        if (count < 1)
            throw new ConversationExportException(ErrorId.DemoPathInvalid, ErrorKind.InvalidArgument,
                $"A demo corpus needs at least one conversation; {count} was asked for.", folder);
        if (maxSeconds < 1)
            throw new ConversationExportException(ErrorId.InvalidArgument, ErrorKind.InvalidArgument,
                $"The longest demo call must be at least 1 second; {maxSeconds} was asked for.", maxSeconds);
        var root = CreateRoot(folder);

        var generator = new DemoGenerator(count, seed, maxSeconds);
        var names = new UniqueNames();
        int mediaFiles = 0, cdrOnly = 0;
        long bytes = 0;
        for (var i = 0; i < count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var item = generator.Next(i);
            var conversation = item.Conversation;
            var day = Path.Combine(root, item.ServerFolder, conversation.StartTimeUtc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(day);
            var baseName = names.Claim(conversation.StartTimeUtc, Path.Combine(day, item.BaseName));

            conversation.Files = WriteContent(baseName, item.Content).ToArray();
            mediaFiles += conversation.Files.Length;
            bytes += conversation.Files.Sum(f => f.Size);
            cdrOnly += conversation.CdrOnly ? 1 : 0;
            // The sidecar comes last, as on a recording server: a sidecar means its files are complete.
            bytes += DemoSidecarWriter.Write(baseName + ".xml", conversation);
        }
        return new DemoRecordingSummary(root, count, mediaFiles, count, cdrOnly, bytes);
    }

    private static string CreateRoot(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
            throw new ConversationExportException(ErrorId.DemoPathInvalid, ErrorKind.InvalidArgument, "The demo corpus folder is empty.", folder);
        try
        {
            var root = Path.GetFullPath(folder);
            if (File.Exists(root))
                throw new ConversationExportException(ErrorId.DemoPathInvalid, ErrorKind.InvalidArgument,
                    $"The demo corpus folder '{root}' is an existing file.", folder);
            Directory.CreateDirectory(root);
            return root;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConversationExportException(ErrorId.DemoPathInvalid, ErrorKind.InvalidArgument,
                $"The demo corpus folder '{folder}' cannot be created: {error.Message}", folder, error);
        }
    }

    private static IEnumerable<ConversationFile> WriteContent(string baseName, DemoContent content)
    {
        if (content.Audio is not null)
            yield return Written(ConversationFileKind.Media, baseName + ".wav", path => DemoMedia.WriteWav(path, content.Audio));
        if (content.VideoBytes > 0)
            yield return Written(ConversationFileKind.Media, baseName + ".mp4", path => DemoMedia.WriteMp4(path, content.VideoBytes, content.Seed));
        if (content.DocumentBytes > 0)
            yield return Written(ConversationFileKind.Media, baseName + ".pdf", path => DemoMedia.WritePdf(path, content.DocumentBytes, content.Seed));
        if (content.Transcript is not null)
            yield return Written(ConversationFileKind.Transcript, baseName + ".im", path => DemoMedia.WriteTranscript(path, content.Transcript));
    }

    private static ConversationFile Written(ConversationFileKind kind, string path, Func<string, long> write) => new()
    {
        Kind = kind,
        Size = write(path),
        Location = path,
        Extension = Path.GetExtension(path).TrimStart('.'),
    };

    /// <summary>
    /// Media names carry the start second and both numbers, which can repeat. Starts come in
    /// order, so only names claimed within the current second need remembering: memory stays flat.
    /// </summary>
    private sealed class UniqueNames
    {
        private readonly HashSet<string> _claimed = new(StringComparer.OrdinalIgnoreCase);
        private long _second = -1;

        /// <returns>The path, or the path with _2, _3 … if it was already taken in this second.</returns>
        public string Claim(DateTime start, string path)
        {
            var second = start.Ticks / TimeSpan.TicksPerSecond;
            if (second != _second)
            {
                _claimed.Clear();
                _second = second;
            }
            var candidate = path;
            for (var n = 2; !_claimed.Add(candidate); n++)
                candidate = FormattableString.Invariant($"{path}_{n}");
            return candidate;
        }
    }
}
