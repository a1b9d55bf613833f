using ConversationExport.Engine.Archive;
using ConversationExport.EngineTests.Support;
using static ConversationExport.EngineTests.Archive.ArchiveTestKit;

namespace ConversationExport.EngineTests.Archive;

/// <summary>ArchiveMethod None: loose files under Folder/BaseName, each appearing whole or not at all.</summary>
public sealed class FolderArchiveWriterTests
{
    [Fact]
    public async Task Loose_files_land_under_the_run_folder_byte_for_byte_with_their_times()
    {
        using var temp = new TempFolder();
        var files = MixedFiles();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.None), files);

        var root = temp.Combine("Task_20261128_093014");
        Assert.Equal([root], written.Containers);
        AssertExtracted(root, files);
        foreach (var file in files)
            Assert.Equal(file.ModifiedUtc, File.GetLastWriteTimeUtc(Path.Combine(root, file.Path)));
        foreach (var file in written.Files)
        {
            var expected = files.Single(f => f.Path == file.Path);
            Assert.Equal(expected.Content.Length, file.Size);
            Assert.Equal(expected.Sha256, file.Sha256);
            Assert.Equal("Task_20261128_093014", file.Container);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Every_task_settles_with_its_own_file_when_the_window_is_full_and_the_committer_waits(int parallelism)
    {
        // A full window holds a file's end back while the committer, idle, places its group: only
        // files that have ended may be placed and settled, each with its own result.
        using var temp = new TempFolder();
        var files = Enumerable.Range(0, 600).Select(i => new TestFile($"{i % 7}/{i:0000}.json", System.Text.Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"), Modified)).ToList();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.None, parallelism: parallelism), files);
        Assert.Equal(files.Select(f => f.Path), written.Files.Select(f => f.Path));
        Assert.Equal(files.Count, written.DeliveredFiles);
        Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), FilesUnder(temp.Combine("Task_20261128_093014")));
    }

    [Fact]
    public void Flushing_folders_works_on_real_folders_and_names_a_missing_one()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("a/b"));
        File.WriteAllText(temp.Combine("a/b/c.txt"), "c");
        Durability.Flush([temp.Combine("a/b/c.txt")]);
        Durability.FlushFolders([temp.Root, temp.Combine("a/b"), temp.Combine("a/b")]);
        if (OperatingSystem.IsWindows()) return; // nothing to flush there: NTFS journals renames
        var missing = temp.Combine("gone");
        var error = Assert.Throws<IOException>(() => Durability.FlushFolders([missing]));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public async Task A_file_task_completes_only_once_the_file_is_in_place()
    {
        // The runner records a file as exported when its task completes: it must be renamed (and
        // durable) by then, even when its group is far from full.
        using var temp = new TempFolder();
        await using var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.None));
        var root = temp.Combine("Task_20261128_093014");
        for (var i = 0; i < 5; i++)
        {
            var file = await writer.AddAsync($"2026/{i}.xml", () => new MemoryStream("<c/>"u8.ToArray()), Modified, CancellationToken.None);
            Assert.True(File.Exists(Path.Combine(root, file.Path)), file.Path);
            Assert.False(File.Exists(Path.Combine(root, file.Path) + ".partial"), file.Path);
        }
        await writer.CompleteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Files_are_placed_a_group_at_a_time_in_call_order_and_every_one_arrives()
    {
        using var temp = new TempFolder();
        // More than two groups of small files (sidecars are the common case), then a large one.
        var files = Enumerable.Range(0, 2 * FolderArchiveWriter.GroupFiles + 17)
            .Select(i => new TestFile($"2026/11/{i % 3:00}/{i:0000}.xml", System.Text.Encoding.UTF8.GetBytes($"<c id='{i}'/>"), Modified)).ToList();
        files.Add(new TestFile("2026/11/29/long.wav", WavLike(3_000_000, 9), Modified));
        var root = temp.Combine("Task_20261128_093014");
        var placedAtDelivery = new List<int>();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.None), files, writer => writer.Delivered += _ =>
            placedAtDelivery.Add(FilesUnder(root).Count(f => !f.EndsWith(".partial", StringComparison.Ordinal))));

        Assert.Equal(files.Count, written.DeliveredFiles);
        // A group is renamed whole before it is told: each delivery sees at least the files told so far in place.
        Assert.All(placedAtDelivery.Select((placed, told) => (placed, told)), d => Assert.True(d.placed >= d.told + 1, $"{d.placed} placed at delivery {d.told + 1}"));
        Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), FilesUnder(root));
        foreach (var file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(root, file.Path)).AsSpan().SequenceEqual(file.Content), file.Path);
    }

    [Fact]
    public async Task Delivered_fires_once_per_file_after_it_is_in_place()
    {
        using var temp = new TempFolder();
        var files = MixedFiles();
        var root = temp.Combine("Task_20261128_093014");
        var inPlace = new List<bool>();
        var delivering = 0;
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.None), files, writer => writer.Delivered += delivered =>
        {
            // Files are placed in call order, so the n-th delivery is the n-th file.
            var path = Path.Combine(root, files[delivering++].Path);
            inPlace.Add(File.Exists(path) && !File.Exists(path + ".partial"));
        });

        Assert.All(written.Deliveries, d => Assert.Equal(new DeliveredContainer("Task_20261128_093014", 1), d));
        Assert.Equal(files.Count, written.DeliveredFiles);
        Assert.All(inPlace, Assert.True);
        Assert.Equal(files.Count, inPlace.Count);
    }

    [Fact]
    public async Task A_resumed_run_rewrites_its_own_files()
    {
        using var temp = new TempFolder();
        var root = temp.Combine("Task_20261128_093014");
        Directory.CreateDirectory(Path.Combine(root, "2026"));
        File.WriteAllText(Path.Combine(root, "2026", "a.wav"), "from the interrupted run, longer than the new content");
        File.WriteAllText(Path.Combine(root, "2026", "a.wav.partial"), "half-written by the killed process");

        var file = new TestFile("2026/a.wav", WavLike(1000, 1), Modified);
        await WriteAll(Options(temp.Root, ArchiveMethod.None), [file]);

        Assert.Equal(file.Content, File.ReadAllBytes(Path.Combine(root, "2026", "a.wav")));
        Assert.Equal(["Task_20261128_093014/2026/a.wav"], FilesUnder(temp.Root));
    }

    [Fact]
    public async Task An_unreadable_source_leaves_no_partial_copy()
    {
        using var temp = new TempFolder();
        await using var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.None));
        var broken = writer.AddAsync("x/broken.wav", () => new FailingStream(WavLike(3_000_000, 2), failAfter: 1_500_000), Modified, CancellationToken.None);
        var good = writer.AddAsync("x/good.wav", () => new MemoryStream(WavLike(3000, 2)), Modified, CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => broken);
        await good;
        await writer.CompleteAsync(CancellationToken.None);
        Assert.Equal(["Task_20261128_093014/x/good.wav"], FilesUnder(temp.Root));
    }

    [Fact]
    public async Task Abort_before_anything_is_delivered_removes_the_folders_it_made()
    {
        using var temp = new TempFolder();
        var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.None));
        var gate = new SemaphoreSlim(0);
        var hanging = writer.AddAsync("a/b/c.wav", () => new BlockingStream(gate, WavLike(100_000, 1)), Modified, CancellationToken.None);
        await Task.Delay(100);
        var abort = writer.AbortAsync();
        gate.Release();
        await abort;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Root));
    }
}
