using ConversationExport.Engine.Archive;
using ConversationExport.EngineTests.Support;
using static ConversationExport.EngineTests.Archive.ArchiveTestKit;

namespace ConversationExport.EngineTests.Archive;

/// <summary>Splitting into parts, Zip64, and what stays on disk when things go wrong.</summary>
public sealed class ArchivePartTests
{
    private const long PartSize = 1_000_000;

    private static List<TestFile> PartFiles()
    {
        var files = Enumerable.Range(1, 10).Select(i => new TestFile($"2026/11/28/call-{i:00}.mp4", RandomBytes(300_000, i), Modified)).ToList();
        files.Insert(4, new TestFile("2026/11/28/long.mp4", RandomBytes(1_500_000, 99), Modified)); // larger than a part
        files.Add(new TestFile("manifest.json", "{}"u8.ToArray(), Modified));
        return files;
    }

    [Theory]
    [InlineData(ArchiveMethod.Zip)]
    [InlineData(ArchiveMethod.ZipCrypto)]
    [InlineData(ArchiveMethod.Aes256)]
    public async Task Parts_split_at_the_size_limit_each_open_alone_and_together_hold_every_file_once(ArchiveMethod method)
    {
        using var temp = new TempFolder();
        var files = PartFiles();
        var password = method == ArchiveMethod.Zip ? null : Password;
        var written = await WriteAll(Options(temp.Root, method, maxPartSize: PartSize, firstPart: 3), files);

        Assert.True(written.Containers.Count >= 5, $"{written.Containers.Count} parts");
        Assert.Equal(written.Containers.Select((_, i) => temp.Combine($"Task_20261128_093014_part{i + 3}.zip")), written.Containers);
        Assert.Equal(written.Containers.Select(Path.GetFileName).Order(StringComparer.Ordinal), FilesUnder(temp.Root));
        var union = new List<string>();
        for (var i = 0; i < written.Containers.Count; i++)
        {
            var part = written.Containers[i];
            Assert7zTestPasses(part, password);
            if (method != ArchiveMethod.Aes256) AssertUnzipTestPasses(part, password);
            var read = ReadWithSharpZipLib(part, password);
            // Over the limit only when the part is one entry too large for any part.
            Assert.True(new FileInfo(part).Length <= PartSize || read.Count == 1, $"{part}: {new FileInfo(part).Length} bytes, {read.Count} entries");
            foreach (var (name, content) in read)
                Assert.True(files.Single(f => f.Path == name).Content.AsSpan().SequenceEqual(content), name);
            // Delivered told this part with its number of entries, once the part was complete.
            Assert.Equal(new DeliveredContainer(Path.GetFileName(part)!, read.Count), written.Deliveries[i]);
            Assert.All(written.Files.Where(f => read.ContainsKey(f.Path)), f => Assert.Equal(Path.GetFileName(part), f.Container));
            if (read.ContainsKey("2026/11/28/long.mp4")) Assert.Single(read);
            union.AddRange(read.Keys);
        }
        Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), union.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_part_fills_up_to_the_limit_before_the_next_begins()
    {
        using var temp = new TempFolder();
        // 0.3 MB entries under a 1 MB limit: three fit (with headers and directory), a fourth does not.
        var files = Enumerable.Range(1, 9).Select(i => new TestFile($"{i}.mp4", RandomBytes(300_000, i), Modified)).ToList();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.Zip, maxPartSize: PartSize), files);
        Assert.Equal([3, 3, 3], written.Deliveries.Select(d => d.Files));
    }

    [Fact]
    public async Task An_unsplit_resumed_writer_continues_the_numbering_instead_of_replacing_the_archive()
    {
        using var temp = new TempFolder();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.Zip, firstPart: 2), PartFiles().Take(2));
        Assert.Equal([temp.Combine("Task_20261128_093014_part2.zip")], written.Containers);
    }

    [Fact]
    public async Task More_than_65535_entries_make_a_Zip64_archive_that_7zip_unzip_and_dotnet_open()
    {
        using var temp = new TempFolder();
        const int count = 70_000;
        var files = Enumerable.Range(0, count).Select(i => new TestFile($"{i / 1000:000}/{i:00000}.txt", System.Text.Encoding.ASCII.GetBytes($"{i}"), Modified)).ToList();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.Zip), files);

        var archive = Assert.Single(written.Containers);
        Assert.True(HasZip64End(archive));
        Assert.Equal(count, written.DeliveredFiles);
        Assert7zTestPasses(archive, null);
        AssertUnzipTestPasses(archive, null);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(archive))
        {
            Assert.Equal(count, zip.Entries.Count);
            using var reader = new StreamReader(zip.GetEntry("069/69999.txt")!.Open());
            Assert.Equal("69999", reader.ReadToEnd());
        }
        using (var zip = new ICSharpCode.SharpZipLib.Zip.ZipFile(archive))
            Assert.Equal(count, zip.Count);
    }

    [Theory]
    [InlineData(ArchiveMethod.Zip)]
    [InlineData(ArchiveMethod.Aes256)]
    [InlineData(ArchiveMethod.None)]
    public async Task Abort_leaves_nothing_behind(ArchiveMethod method)
    {
        using var temp = new TempFolder();
        var writer = ArchiveWriters.Create(Options(temp.Root, method));
        var delivered = 0;
        writer.Delivered += part => delivered += part.Files;
        var gate = new SemaphoreSlim(0);
        // Enough written for a part (and a spilled spool) to exist, then a source that hangs.
        var first = writer.AddAsync("a.wav", () => new MemoryStream(WavLike(6_000_000, 1)), Modified, CancellationToken.None);
        var second = writer.AddAsync("b/c.wav", () => new MemoryStream(WavLike(100_000, 2)), Modified, CancellationToken.None);
        var hanging = writer.AddAsync("d/e.wav", () => new BlockingStream(gate, WavLike(6_000_000, 3)), Modified, CancellationToken.None);
        var queued = writer.AddAsync("f.wav", () => new MemoryStream(WavLike(6_000_000, 4)), Modified, CancellationToken.None);
        await first;
        await second;

        var abort = writer.AbortAsync();
        gate.Release(10);
        await abort;
        await writer.AbortAsync(); // twice is fine
        await writer.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        if (method == ArchiveMethod.None)
        {
            // Loose files are delivered one by one: those stay, nothing half-written does.
            Assert.Equal(delivered, FilesUnder(temp.Root).Count);
            Assert.DoesNotContain(FilesUnder(temp.Root), f => f.EndsWith(".partial"));
        }
        else
        {
            Assert.Equal(0, delivered);
            Assert.Empty(FilesUnder(temp.Root));
        }
    }

    [Fact]
    public async Task Abort_keeps_delivered_parts_and_removes_the_open_one()
    {
        using var temp = new TempFolder();
        var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.Aes256, maxPartSize: PartSize));
        var files = PartFiles().Take(5).ToList();
        var tasks = files.Select(f => writer.AddAsync(f.Path, () => new MemoryStream(f.Content), Modified, CancellationToken.None)).ToList();
        await Task.WhenAll(tasks);
        await writer.AbortAsync();

        // call-01..03 filled part 1; call-04 began part 2, which was delivered when long.mp4 did not
        // fit beside it; long.mp4 was alone in the open part 3 when the writer was aborted.
        Assert.Equal(["Task_20261128_093014_part1.zip", "Task_20261128_093014_part2.zip"], FilesUnder(temp.Root));
        Assert7zTestPasses(temp.Combine("Task_20261128_093014_part1.zip"), Password);
    }

    [Fact]
    public async Task A_full_disk_fails_the_writer_with_a_clear_error_and_removes_every_temporary()
    {
        using var temp = new TempFolder();
        var writer = (ZipArchiveWriter)ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.Zip));
        writer.CreatePartStream = path => new FullDiskStream(path, room: 2_000_000);
        var tasks = Enumerable.Range(0, 8).Select(i =>
            writer.AddAsync($"{i}.mp4", () => new MemoryStream(RandomBytes(600_000, i)), Modified, CancellationToken.None)).ToList();

        var error = await Assert.ThrowsAsync<ConversationExportException>(() => writer.CompleteAsync(CancellationToken.None));
        Assert.Equal(ErrorId.ArchiveDiskFull, error.Id);
        Assert.Contains(temp.Root, error.Message);
        Assert.Contains("full", error.Message);
        foreach (var task in tasks.Skip(4))
            Assert.Same(error, await Assert.ThrowsAsync<ConversationExportException>(() => task));
        Assert.Same(error, await Assert.ThrowsAsync<ConversationExportException>(() =>
            writer.AddAsync("late.mp4", () => new MemoryStream([1]), Modified, CancellationToken.None)));
        await writer.DisposeAsync();
        Assert.Empty(FilesUnder(temp.Root));
    }

    [Theory]
    [InlineData(ArchiveMethod.Zip)]
    [InlineData(ArchiveMethod.None)]
    public async Task A_really_full_filesystem_is_reported_as_disk_full(ArchiveMethod method)
    {
        // Needs a small tmpfs, which root can mount (CI runs as root); elsewhere the injected
        // failure above covers the same path.
        using var temp = new TempFolder();
        var mount = temp.Combine("small-disk");
        Directory.CreateDirectory(mount);
        if (Environment.UserName != "root" || Run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount).ExitCode != 0) return;
        try
        {
            var writer = ArchiveWriters.Create(Options(mount, method));
            var tasks = Enumerable.Range(0, 6).Select(i =>
                writer.AddAsync($"{i}.mp4", () => new MemoryStream(RandomBytes(1_000_000, i)), Modified, CancellationToken.None)).ToList();
            var error = await Assert.ThrowsAsync<ConversationExportException>(async () =>
            {
                await Task.WhenAll(tasks);
                await writer.CompleteAsync(CancellationToken.None);
            });
            Assert.Equal(ErrorId.ArchiveDiskFull, error.Id);
            await writer.DisposeAsync();
            var left = FilesUnder(mount);
            if (method == ArchiveMethod.None) Assert.DoesNotContain(left, f => f.EndsWith(".partial"));
            else Assert.Empty(left);
        }
        finally
        {
            Run("umount", mount);
        }
    }

    [Fact]
    public async Task DiscardUndelivered_removes_a_killed_writers_leftovers_and_keeps_delivered_parts()
    {
        using var temp = new TempFolder();
        await WriteAll(Options(temp.Root, ArchiveMethod.Zip, maxPartSize: PartSize), PartFiles().Take(3));
        foreach (var leftover in new[] { "Task_20261128_093014_part2.zip.partial", "Task_20261128_093014.spool7.partial",
                     "Task_20261128_093014_part2.zip.central.partial", "Other_20261128_093014.zip.partial" })
            File.WriteAllText(temp.Combine(leftover), "half");
        Directory.CreateDirectory(temp.Combine("Task_20261128_093014", "2026"));
        File.WriteAllText(temp.Combine("Task_20261128_093014", "2026", "a.wav.partial"), "half");

        Assert.Equal(4, ArchiveWriters.DiscardUndelivered(temp.Root, "Task_20261128_093014"));
        Assert.Equal(["Other_20261128_093014.zip.partial", "Task_20261128_093014_part1.zip"], FilesUnder(temp.Root));
    }
}

/// <summary>A part file that runs out of space after <c>room</c> bytes, as a full disk does (ENOSPC).</summary>
internal sealed class FullDiskStream(string path, long room) : Stream
{
    private readonly FileStream _file = new(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096);
    private long _written;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_written + buffer.Length > room) throw new IOException("No space left on device", 28);
        _written += buffer.Length;
        _file.Write(buffer);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written;
    public override long Position { get => _written; set => throw new NotSupportedException(); }
    public override void Flush() => _file.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    // The writer cuts a failed file off again; the room counts from the new end.
    public override void SetLength(long value)
    {
        _file.SetLength(value);
        _file.Seek(value, SeekOrigin.Begin);
        _written = value;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _file.Dispose();
        base.Dispose(disposing);
    }
}
