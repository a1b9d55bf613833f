using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Import;
using ConversationExport.Engine.Query;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Export;

/// <summary>
/// A run's snapshot fixes every conversation's file name before the first byte is written; names that
/// collide (here all of them, and a name the run itself uses) get counters. Server catalogs send the
/// snapshot in batches, so the collisions span batches and fall inside them.
/// </summary>
[Trait("Catalog", "AnyProvider")]
public sealed class SnapshotNamingTests : IDisposable
{
    private const int Count = 1001; // two full batches and one more
    private readonly TempFolder _temp = new();
    private readonly ConversationCatalog _catalog;

    public SnapshotNamingTests()
    {
        _catalog = TestCatalog.Create(_temp);
        var recordings = new RecordingTree(_temp.Combine("recordings"));
        for (var n = 1; n <= Count; n++)
        {
            recordings.WriteMedia($"r/{n}.wav", 16 + n % 7);
            recordings.WriteSidecar($"r/{n}.xml", Sidecar.Minimal($"{n:00000000}-3333-4333-8333-333333333333", Sidecar.Files(("Media", $"{n}.wav"))));
        }
        var listener = new CollectingListener();
        new ConversationImporter(_catalog, Callers.Alice).Import(recordings.Root, listener);
        Assert.Empty(listener.Failures);
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("call", "call")]
    [InlineData("CDR", "CDR")] // the run's own cdr.* at the export root: never taken by a conversation
    public async Task Every_conversation_gets_its_own_name_when_all_names_collide(string pattern, string stem)
    {
        var tasks = new TaskCatalog(_catalog, Callers.Alice);
        Directory.CreateDirectory(_temp.Combine("vault"));
        tasks.AddTarget("Vault", StorageTargetType.FileSystem, _temp.Combine("vault"), null);
        tasks.AddTask("Same", enabled: true, new ExportSettings
        {
            StorageTarget = "Vault",
            ArchiveMethod = ArchiveMethod.None,
            RenamePattern = pattern,
            NoSubfolders = true,
            MetadataFormat = [],
            CdrFormat = [],
            Query = QueryBuilder.Query([]),
        });
        var runner = new ExportRunner(_catalog, Callers.Alice) { Parallelism = 2 };

        var run = await runner.RunAsync(runner.StartScheduled("Same").RunId, null, CancellationToken.None);

        Assert.Equal((RunState.Completed, (long)Count), (run.State, run.Exported));
        var names = Directory.EnumerateFiles(_temp.Combine("vault"), "*.wav", SearchOption.AllDirectories)
            .Select(path => Path.GetFileNameWithoutExtension(path)!).Order(StringComparer.Ordinal).ToList();
        var firstCounter = pattern == "CDR" ? 1 : 0;
        var expected = Enumerable.Range(firstCounter, Count).Select(n => n == 0 ? stem : $"{stem}_{n}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, names);
    }
}
