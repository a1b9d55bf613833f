namespace ConversationExport.Engine.Import;

/// <summary>
/// Walks a recording folder tree the way a recording server writes it: one folder at a time,
/// sidecars in name order, so memory stays flat however many conversations the tree holds.
/// </summary>
public static class RecordingFolder
{
    private static readonly string[] NotMedia = [".xml", ".tmp", ".partial"];

    /// <summary>Every sidecar under <paramref name="root"/>, read; failures come back as results, not exceptions.</summary>
    public static IEnumerable<SidecarReadResult> ReadSidecars(string root, CancellationToken cancellation = default) =>
        Walk(root, null, cancellation);

    /// <summary>Like <see cref="ReadSidecars"/>, and reports files that no sidecar in their folder names.</summary>
    public static IEnumerable<SidecarReadResult> Walk(string root, Action<string>? orphan, CancellationToken cancellation = default)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new ConversationExportException(ErrorId.ImportPathNotFound, ErrorKind.NotFound,
                $"The recording folder '{root}' does not exist or is not a folder.", root);
        foreach (var folder in FoldersUnder(root))
        {
            cancellation.ThrowIfCancellationRequested();
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sidecar in SortedFiles(folder, "*.xml"))
            {
                // A media file named like its sidecar belongs to it even when the sidecar is broken:
                // one error for that sidecar is the truth, an extra "orphan" warning would not be.
                referenced.Add(Path.ChangeExtension(sidecar, null));
                var result = SidecarReader.Read(sidecar, root);
                foreach (var file in result.Conversation?.Files ?? []) referenced.Add(file.Location);
                yield return result;
            }
            if (orphan is null) continue;
            foreach (var file in SortedFiles(folder, "*"))
                if (!NotMedia.Contains(Path.GetExtension(file).ToLowerInvariant()) && !referenced.Contains(file) && !referenced.Contains(Path.ChangeExtension(file, null)))
                    orphan(file);
        }
    }

    private static IEnumerable<string> FoldersUnder(string root)
    {
        // Depth-first, sorted: deterministic order and only one folder's listing in memory per level.
        var stack = new Stack<string>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var folder = stack.Pop();
            yield return folder;
            foreach (var child in Directory.EnumerateDirectories(folder).OrderByDescending(d => d, StringComparer.Ordinal))
                stack.Push(child);
        }
    }

    private static IEnumerable<string> SortedFiles(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern).Order(StringComparer.Ordinal);
}
