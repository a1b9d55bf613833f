namespace ConversationExport.EngineTests.Support;

/// <summary>A folder of its own for one test, removed afterwards. Catalog pooling is off, so nothing keeps its files open.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Root = Directory.CreateTempSubdirectory("conversation-export-tests-").FullName;

    public string Root { get; }

    public string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
