using System.Diagnostics;
using System.Security.Cryptography;
using ConversationExport.Engine.Archive;
using ConversationExport.EngineTests.Support;
using Xunit.Abstractions;
using static ConversationExport.EngineTests.Archive.ArchiveTestKit;

namespace ConversationExport.EngineTests.Archive;

[CollectionDefinition(nameof(LargeEntryMemoryTests), DisableParallelization = true)]
public sealed class LargeEntryCollection;

/// <summary>
/// LARGE ENTRY (about 20 s): a 300 MB recording, generated as it is read and never on disk as a
/// source, goes through the AES-256 writer while memory is sampled. Runs alone (no other test in
/// parallel) so the samples are this writer's.
/// </summary>
[Collection(nameof(LargeEntryMemoryTests))]
[Trait("Category", "LargeEntry")]
public sealed class LargeEntryMemoryTests(ITestOutputHelper output)
{
    private const long EntrySize = 300L * 1024 * 1024;

    [Fact]
    public async Task A_300_MB_entry_streams_through_with_memory_far_below_its_size()
    {
        using var temp = new TempFolder();
        var expectedSha = Convert.ToHexString(SHA256.HashData(new GeneratedRecording(EntrySize))).ToLowerInvariant();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseManaged = GC.GetTotalMemory(forceFullCollection: false);
        var baseWorkingSet = process.WorkingSet64;
        long peakManaged = 0, peakWorkingSet = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false) - baseManaged);
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64 - baseWorkingSet);
                try { await Task.Delay(20, sampling.Token); } catch (OperationCanceledException) { }
            }
        });

        ArchivedFile file;
        IReadOnlyList<string> containers;
        await using (var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.Aes256)))
        {
            var small = writer.AddAsync("before.xml", () => new MemoryStream("<a/>"u8.ToArray()), Modified, CancellationToken.None);
            file = await writer.AddAsync("2026/11/28/long-call.wav", () => new GeneratedRecording(EntrySize), Modified, CancellationToken.None);
            await small;
            containers = await writer.CompleteAsync(CancellationToken.None);
        }
        sampling.Cancel();
        await sampler;

        output.WriteLine($"peak growth while writing {EntrySize / 1048576} MB: managed heap {peakManaged / 1048576} MB, working set {peakWorkingSet / 1048576} MB");
        Assert.Equal(EntrySize, file.Size);
        Assert.Equal(expectedSha, file.Sha256);
        Assert.True(peakManaged < 64L * 1024 * 1024, $"managed heap grew by {peakManaged / 1048576} MB for a {EntrySize / 1048576} MB entry");
        Assert.True(peakWorkingSet < 150L * 1024 * 1024, $"working set grew by {peakWorkingSet / 1048576} MB for a {EntrySize / 1048576} MB entry");

        var archive = Assert.Single(containers);
        Assert.Equal(["Task_20261128_093014.zip"], FilesUnder(temp.Root));
        Assert7zTestPasses(archive, Password);
        // 7-Zip decrypts and inflates to its standard output; hashed as it streams, never extracted to disk.
        Assert.Equal(expectedSha, Sha256Of7zOutput(archive, "2026/11/28/long-call.wav"));
    }

    private static string Sha256Of7zOutput(string archive, string entry)
    {
        var start = new ProcessStartInfo("7z") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "x", "-so", $"-p{Password}", archive, entry }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var hash = SHA256.HashData(process.StandardOutput.BaseStream);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr.Result);
        return Convert.ToHexString(hash).ToLowerInvariant();
    }
}

/// <summary>
/// A WAV-like recording of any length, made as it is read: a 4 MiB tone-and-noise block repeated
/// with every copy altered, so deflate sees realistic, non-repeating audio. Deterministic.
/// </summary>
internal sealed class GeneratedRecording(long length) : GeneratedStream(length)
{
    private static readonly byte[] Block = WavLike(4 * 1024 * 1024, 11);

    protected override void Generate(Span<byte> buffer, long position)
    {
        for (var done = 0; done < buffer.Length;)
        {
            var at = (int)(position % Block.Length);
            var take = Math.Min(buffer.Length - done, Block.Length - at);
            var target = buffer.Slice(done, take);
            Block.AsSpan(at, take).CopyTo(target);
            var copy = (byte)(position / Block.Length);
            for (var i = (4096 - at % 4096) % 4096; i < take; i += 4096) target[i] ^= copy; // one byte per 4 KiB differs per copy
            position += take;
            done += take;
        }
    }
}
