using ConversationExport.Engine.Security;

namespace ConversationExport.Engine.Import;

/// <summary>
/// Walks a recording folder tree the way a recording server writes it: one folder at a time,
/// sidecars in name order, so memory stays flat however many conversations the tree holds.
/// </summary>
/// <remarks>
/// Links to folders are never followed: one inside the tree leads to a folder the walk visits by its
/// own path anyway (following it would import everything twice, or forever for a link to a parent),
/// and one leading out of the tree must not bring anything in.
/// </remarks>
public static class RecordingFolder
{
    private static readonly string[] NotMedia = [".xml", ".tmp", ".partial"];

    /// <summary>Every sidecar under <paramref name="root"/>, read; failures come back as results, not exceptions.</summary>
    public static IEnumerable<SidecarReadResult> ReadSidecars(string root, CancellationToken cancellation = default) =>
        Walk(root, null, null, cancellation);

    /// <summary>
    /// Like <see cref="ReadSidecars"/>, and reports files that no sidecar in their folder names
    /// (<paramref name="orphan"/>) and what the walk would not enter (<paramref name="warning"/>).
    /// </summary>
    public static IEnumerable<SidecarReadResult> Walk(string root, Action<string>? orphan, Action<string>? warning, CancellationToken cancellation = default)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new ConversationExportException(ErrorId.ImportPathNotFound, ErrorKind.NotFound,
                $"The recording folder '{root}' does not exist or is not a folder.", root);
        // The root itself may be reached through links; what it contains is judged by real paths.
        var realRoot = ContainedFile.RealFolder(root);
        var folders = new Stack<string>();
        folders.Push(root);
        while (folders.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var folder = folders.Pop();
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sidecar in SortedFiles(folder, "*.xml"))
            {
                // A media file named like its sidecar belongs to it even when the sidecar is broken:
                // one error for that sidecar is the truth, an extra "orphan" warning would not be.
                referenced.Add(Path.ChangeExtension(sidecar, null));
                if (UnreadableName(sidecar, "file") is { } badName)
                {
                    yield return badName;
                    continue;
                }
                var result = SidecarReader.Read(sidecar, realRoot);
                foreach (var file in result.Conversation?.Files ?? []) referenced.Add(file.Location);
                yield return result;
            }
            if (orphan is not null)
            {
                foreach (var file in SortedFiles(folder, "*"))
                    if (!NotMedia.Contains(Path.GetExtension(file).ToLowerInvariant()) && !referenced.Contains(file) && !referenced.Contains(Path.ChangeExtension(file, null)))
                        orphan(file);
            }
            // Depth-first, sorted: deterministic order and only one folder's listing in memory per level.
            foreach (var child in Directory.EnumerateDirectories(folder).OrderByDescending(d => d, StringComparer.Ordinal))
            {
                if (UnreadableName(child, "folder") is { } badName)
                    yield return badName;
                else if (ContainedFile.IsLink(new DirectoryInfo(child)))
                    warning?.Invoke($"'{child}' is a link to a folder; links are not followed (a folder inside the imported folder is imported by its own path).");
                else
                    folders.Push(child);
            }
        }
    }

    /// <summary>
    /// How many sidecars <see cref="Walk"/> will visit: the same folders (links not followed), names
    /// only, no file opened, one folder's listing in memory at a time. The tree may change meanwhile,
    /// so it is an estimate for progress, never a limit.
    /// </summary>
    public static int CountSidecars(string root, CancellationToken cancellation = default)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root)) return 0;
        var count = 0;
        var folders = new Stack<string>();
        folders.Push(root);
        while (folders.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var folder = folders.Pop();
            try
            {
                foreach (var _ in Directory.EnumerateFiles(folder, "*.xml")) count++;
                foreach (var child in Directory.EnumerateDirectories(folder))
                    if (!Path.GetFileName(child).Contains('\uFFFD') && !ContainedFile.IsLink(new DirectoryInfo(child)))
                        folders.Push(child);
            }
            // The walk itself reports a folder it cannot read; counting just goes on.
            catch (Exception error) when (error is IOException or UnauthorizedAccessException) { }
        }
        return count;
    }

    /// <summary>
    /// A name that is not valid UTF-8 reaches .NET with replacement characters and can then be
    /// neither opened nor entered: say so, instead of "could not find" a file that is there.
    /// </summary>
    private static SidecarReadResult? UnreadableName(string path, string kind)
    {
        if (!Path.GetFileName(path).Contains('\uFFFD')) return null;
        return new SidecarReadResult(path, null, new ConversationExportException(ErrorId.SidecarNameNotUtf8, ErrorKind.InvalidData,
            $"The {kind} '{path}' (shown with \uFFFD for the bytes that are not UTF-8) has a name that is not valid UTF-8, so it cannot be read; rename it with a UTF-8 name and import again.",
            path), []);
    }

    private static IEnumerable<string> SortedFiles(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern).Order(StringComparer.Ordinal);
}
