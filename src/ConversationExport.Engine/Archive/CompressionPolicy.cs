namespace ConversationExport.Engine.Archive;

/// <summary>
/// Which files are stored rather than deflated. Deflating data that is already compressed costs the
/// full CPU price of deflate and gains nothing (often a few bytes worse), so these go in as they
/// are — still encrypted when the method encrypts. Decided by extension alone: no sniffing, so the
/// decision needs no extra read of the source.
/// </summary>
public static class CompressionPolicy
{
    private static readonly HashSet<string> StoredExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        // audio
        ".mp3", ".m4a", ".aac", ".opus", ".ogg", ".oga", ".wma", ".amr", ".awb", ".flac", ".gsm", ".g729", ".spx", ".mka",
        // video
        ".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".wmv", ".3gp", ".3g2", ".ts", ".mts", ".flv",
        // images
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".avif", ".jp2",
        // archives and compressed streams
        ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".lz4", ".7z", ".rar", ".cab",
        // documents that are ZIP or compressed inside
        ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".pdf", ".epub",
    };

    /// <summary>Uncompressed sampled audio: deflated with the run-length strategy (see <see cref="ChunkDeflater"/>).</summary>
    private static readonly HashSet<string> SampledAudioExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".wav", ".wave", ".au", ".snd", ".aif", ".aiff", ".pcm",
    };

    /// <summary>True when a file of this name is stored (method 0) rather than deflated.</summary>
    public static bool IsStored(string path) => StoredExtensions.Contains(Path.GetExtension(path));

    /// <summary>True when a file of this name is uncompressed sampled audio, where LZ77's match search finds almost nothing.</summary>
    public static bool IsSampledAudio(string path) => SampledAudioExtensions.Contains(Path.GetExtension(path));
}
