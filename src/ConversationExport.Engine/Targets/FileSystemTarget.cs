using ConversationExport.Engine.Archive;

namespace ConversationExport.Engine.Targets;

/// <summary>
/// A local folder or UNC share. Temporaries are written beside their final names, flushed to disk and
/// renamed into place (and the rename made durable), so a reader sees either nothing or the whole file.
/// </summary>
public sealed class FileSystemTarget : IStorageTarget
{
    public FileSystemTarget(string folder)
    {
        Folder = Path.GetFullPath(folder);
    }

    public string Folder { get; }
    public string Location => Folder;
    public string StagingFolder => Folder;
    public bool DurableStaging => true;

    public void Probe()
    {
        if (!Directory.Exists(Folder))
            throw new ConversationExportException(ErrorId.DestinationNotWritable, ErrorKind.ResourceUnavailable,
                $"The destination folder '{Folder}' does not exist. Create it, or choose an existing folder.", Folder);
        var probe = Path.Combine(Folder, $".ce-probe-{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConversationExportException(ErrorId.DestinationNotWritable, ErrorKind.PermissionDenied,
                $"Cannot write to the destination folder '{Folder}': {error.Message}", Folder, error);
        }
    }

    public bool IsTaken(string stem) => Directory.Exists(Folder) && Directory.EnumerateFileSystemEntries(Folder, stem + "*").Any();

    public string TemporaryPath(string name) => PartNames.Temporary(Full(name));

    public string PathOf(string name) => Full(name);

    public void Commit(IReadOnlyList<StagedFile> files, bool replace, CancellationToken cancellation)
    {
        if (files.Count == 0) return;
        Durability.Flush(files.Where(f => !f.Durable).Select(f => TemporaryPath(f.Name)).ToList());
        foreach (var file in files)
            // Parts never replace a delivered file: a name clash is a bug to report, not evidence to lose.
            File.Move(TemporaryPath(file.Name), Full(file.Name), overwrite: replace);
        Durability.FlushFolders(files.Select(f => Path.GetDirectoryName(Full(f.Name))!));
    }

    public void CreateFolder(string name) => Directory.CreateDirectory(Full(name));

    public IReadOnlyList<string> List(string prefix)
    {
        if (!Directory.Exists(Folder)) return [];
        var found = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(Folder, prefix + "*"))
        {
            if (File.Exists(entry)) found.Add(Path.GetFileName(entry));
            else
                found.AddRange(Directory.EnumerateFiles(entry, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/')));
        }
        return found.Where(n => !n.EndsWith(PartNames.TemporarySuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    public void Delete(string name)
    {
        var path = Full(name);
        if (File.Exists(path)) File.Delete(path);
    }

    public int DeleteUndelivered(string baseName)
    {
        if (!Directory.Exists(Folder)) return 0;
        var removed = 0;
        var patterns = new[] { $"{baseName}.zip.partial", $"{baseName}_part*.zip.partial", $"{baseName}_part*.zip.central.partial",
            $"{baseName}.zip.central.partial", $"{baseName}.spool*.partial" };
        var files = patterns.SelectMany(pattern => Directory.EnumerateFiles(Folder, pattern)).Distinct().ToList();
        var looseRoot = Path.Combine(Folder, baseName);
        if (Directory.Exists(looseRoot))
            files.AddRange(Directory.EnumerateFiles(looseRoot, "*" + PartNames.TemporarySuffix, SearchOption.AllDirectories));
        foreach (var file in files)
        {
            File.Delete(file);
            removed++;
        }
        return removed;
    }

    public Stream OpenRead(string name) => new FileStream(Full(name), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    private string Full(string name) => Path.Combine(Folder, name.Replace('/', Path.DirectorySeparatorChar));

    public void Dispose() { }
}
