using ConversationExport.Engine.Archive;
using ConversationExport.Engine.Tests.Support;
using static ConversationExport.Engine.Tests.Archive.ArchiveTestKit;

namespace ConversationExport.Engine.Tests.Archive;

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
