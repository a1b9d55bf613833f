using System.IO.Compression;
using ConversationExport.Engine.Archive;
using ConversationExport.EngineTests.Support;
using static ConversationExport.EngineTests.Archive.ArchiveTestKit;

namespace ConversationExport.EngineTests.Archive;

/// <summary>Entries streamed in chunks: chunk boundaries, audio deflated run-length, sources of unknown length.</summary>
public sealed class StreamedEntryTests
{
    [Fact]
    public void Audio_is_deflated_run_length_on_this_runtime()
    {
        // The tests run on .NET 10: were the lookup to break, audio would silently get the slow level 6.
        Assert.True(ChunkDeflater.RunLengthAvailable);
        Assert.True(CompressionPolicy.IsSampledAudio("2026/11/28/call.WAV"));
        Assert.False(CompressionPolicy.IsSampledAudio("call.xml"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sync_flushed_chunks_appended_and_closed_with_a_final_block_inflate_to_the_original(bool sampledAudio)
    {
        var original = WavLike(3 * ZipArchiveWriter.ChunkSize + 12_345, 7);
        var stream = new MemoryStream();
        for (var offset = 0; offset < original.Length; offset += ZipArchiveWriter.ChunkSize)
        {
            var chunk = new MemoryStream();
            int flushed;
            using (var deflate = ChunkDeflater.Create(chunk, sampledAudio))
            {
                deflate.Write(original, offset, Math.Min(ZipArchiveWriter.ChunkSize, original.Length - offset));
                deflate.Flush();
                flushed = (int)chunk.Length;
            }
            stream.Write(chunk.GetBuffer(), 0, flushed);
        }
        stream.Write([0x03, 0x00]);
        stream.Position = 0;

        using var inflate = new DeflateStream(stream, CompressionMode.Decompress);
        var restored = new MemoryStream();
        inflate.CopyTo(restored);
        Assert.True(original.AsSpan().SequenceEqual(restored.ToArray()));
        Assert.True(stream.Length < original.Length, $"{stream.Length} of {original.Length}");
    }

    [Fact]
    public void Digital_silence_in_audio_still_shrinks_to_almost_nothing()
    {
        var silence = new byte[ZipArchiveWriter.ChunkSize];
        var chunk = new MemoryStream();
        using (var deflate = ChunkDeflater.Create(chunk, sampledAudio: true))
        {
            deflate.Write(silence);
            deflate.Flush();
        }
        Assert.True(chunk.Length < silence.Length / 100, $"{chunk.Length} bytes for {silence.Length} of silence");
    }

    [Theory]
    [InlineData(ArchiveMethod.Zip)]
    [InlineData(ArchiveMethod.ZipCrypto)]
    [InlineData(ArchiveMethod.Aes256)]
    public async Task Files_of_several_chunks_and_of_unknown_length_open_in_7zip_unzip_dotnet_and_SharpZipLib(ArchiveMethod method)
    {
        using var temp = new TempFolder();
        var password = method == ArchiveMethod.Zip ? null : Password;
        var wav = WavLike(2 * ZipArchiveWriter.ChunkSize + 1, 1);   // three chunks, the last of one byte
        var exact = WavLike(ZipArchiveWriter.ChunkSize, 2);         // exactly one chunk
        var unknown = WavLike(ZipArchiveWriter.ChunkSize + 500, 3); // a stream that cannot tell its length: Zip64 sizes
        var video = RandomBytes(ZipArchiveWriter.ChunkSize + 77, 4); // stored, two chunks
        await using var writer = ArchiveWriters.Create(Options(temp.Root, method));
        var tasks = new[]
        {
            writer.AddAsync("a.wav", () => new MemoryStream(wav), Modified, CancellationToken.None),
            writer.AddAsync("b.wav", () => new MemoryStream(exact), Modified, CancellationToken.None),
            writer.AddAsync("c.wav", () => new UnknownLengthStream(unknown), Modified, CancellationToken.None),
            writer.AddAsync("d.mp4", () => new MemoryStream(video), Modified, CancellationToken.None),
            writer.AddAsync("e.txt", () => new MemoryStream([]), Modified, CancellationToken.None),
        };
        var written = await Task.WhenAll(tasks);
        var archive = Assert.Single(await writer.CompleteAsync(CancellationToken.None));

        Assert.Equal([wav.Length, exact.Length, unknown.Length, video.Length, 0], written.Select(f => f.Size));
        Assert.Equal(Sha256Hex(unknown), written[2].Sha256);
        Assert7zTestPasses(archive, password);
        if (method != ArchiveMethod.Aes256) AssertUnzipTestPasses(archive, password); // Info-ZIP has no AES
        var read = ReadWithSharpZipLib(archive, password);
        Assert.True(read["a.wav"].AsSpan().SequenceEqual(wav));
        Assert.True(read["b.wav"].AsSpan().SequenceEqual(exact));
        Assert.True(read["c.wav"].AsSpan().SequenceEqual(unknown));
        Assert.True(read["d.mp4"].AsSpan().SequenceEqual(video));
        Assert.Empty(read["e.txt"]);
        if (method == ArchiveMethod.Zip)
        {
            using var zip = ZipFile.OpenRead(archive);
            using var entry = zip.GetEntry("c.wav")!.Open();
            var copy = new MemoryStream();
            entry.CopyTo(copy);
            Assert.True(copy.ToArray().AsSpan().SequenceEqual(unknown));
        }
    }

    [Fact]
    public async Task A_source_longer_than_it_said_fails_alone_and_leaves_the_archive_whole()
    {
        using var temp = new TempFolder();
        await using var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.Zip));
        var good = writer.AddAsync("a.wav", () => new MemoryStream(WavLike(10_000, 1)), Modified, CancellationToken.None);
        var lying = writer.AddAsync("b.wav", () => new LyingLengthStream(WavLike(2 * ZipArchiveWriter.ChunkSize, 2), claimed: 1000), Modified, CancellationToken.None);
        var after = writer.AddAsync("c.wav", () => new MemoryStream(WavLike(10_000, 3)), Modified, CancellationToken.None);
        await good;
        await Assert.ThrowsAsync<IOException>(() => lying);
        await after;
        var archive = Assert.Single(await writer.CompleteAsync(CancellationToken.None));
        Assert7zTestPasses(archive, null);
        Assert.Equal(["a.wav", "c.wav"], ReadWithSharpZipLib(archive, null).Keys.Order());
    }

    [Fact]
    public async Task A_part_begun_for_a_file_that_then_fails_is_not_delivered_empty()
    {
        using var temp = new TempFolder();
        await using var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.Zip, maxPartSize: 1_000_000));
        var fits = Enumerable.Range(1, 3).Select(i => writer.AddAsync($"{i}.mp4", () => new MemoryStream(RandomBytes(300_000, i)), Modified, CancellationToken.None)).ToList();
        // Too large for what is left of part 1, so it begins part 2, then its source fails.
        var failing = writer.AddAsync("4.mp4", () => new FailingStream(RandomBytes(2 * ZipArchiveWriter.ChunkSize, 4), failAfter: ZipArchiveWriter.ChunkSize + 10), Modified, CancellationToken.None);
        await Task.WhenAll(fits);
        await Assert.ThrowsAsync<IOException>(() => failing);
        var parts = await writer.CompleteAsync(CancellationToken.None);
        Assert.Equal([temp.Combine("Task_20261128_093014_part1.zip")], parts);
        Assert.Equal(["Task_20261128_093014_part1.zip"], FilesUnder(temp.Root));
    }

    /// <summary>A source that says it is shorter than it is (a file that grew after it was measured).</summary>
    private sealed class LyingLengthStream(byte[] content, long claimed) : MemoryStream(content, writable: false)
    {
        public override bool CanSeek => false;
        public override long Length => claimed;
    }

    private static string Sha256Hex(byte[] data) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)).ToLowerInvariant();

    /// <summary>A source like a network stream: readable, but it cannot say how long it is.</summary>
    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
