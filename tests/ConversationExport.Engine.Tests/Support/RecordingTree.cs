namespace ConversationExport.EngineTests.Support;

/// <summary>A recording server's folder tree, written file by file by a test.</summary>
internal sealed class RecordingTree
{
    public RecordingTree(string root)
    {
        Root = root;
        Directory.CreateDirectory(root);
    }

    public string Root { get; }

    /// <summary>Writes a sidecar at <paramref name="relativePath"/> (UTF-8, no BOM) and returns its full path.</summary>
    public string WriteSidecar(string relativePath, string xml) => Write(relativePath, path => File.WriteAllText(path, xml));

    /// <summary>Writes a stand-in media file of exactly <paramref name="size"/> bytes and returns its full path.</summary>
    public string WriteMedia(string relativePath, int size) =>
        Write(relativePath, path => File.WriteAllBytes(path, Enumerable.Range(0, size).Select(i => (byte)i).ToArray()));

    private string Write(string relativePath, Action<string> write)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        write(path);
        return path;
    }
}
