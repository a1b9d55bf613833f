using System.Diagnostics;
using System.Security.Cryptography;
using ConversationExport.Engine.Archive;
using ConversationExport.EngineTests.Support;
using static ConversationExport.EngineTests.Archive.ArchiveTestKit;

namespace ConversationExport.EngineTests.Archive;

/// <summary>Runs only when CE_HUGE_ARCHIVE_TESTS=1: it needs about 10 GB of free disk and a minute or two.</summary>
public sealed class HugeFactAttribute : FactAttribute
{
    public HugeFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CE_HUGE_ARCHIVE_TESTS") != "1")
            Skip = "Writes a 9 GB archive; set CE_HUGE_ARCHIVE_TESTS=1 to run it.";
    }
}

/// <summary>
/// HUGE (opt-in): entries of more than 4 GiB and offsets past 4 GiB, the Zip64 cases that many
/// entries alone do not reach. Sources are generated as they are read.
/// </summary>
[Collection(nameof(LargeEntryMemoryTests))]
[Trait("Category", "Huge")]
public sealed class HugeArchiveTests
{
    private const long Huge = 4_600_000_000; // past 2^32 = 4,294,967,296

    [HugeFact]
    public async Task Entries_and_offsets_past_4_GiB_use_Zip64_and_open_in_7zip_unzip_and_dotnet()
    {
        using var temp = new TempFolder();
        var expectedSha = Convert.ToHexString(SHA256.HashData(new GeneratedRecording(Huge))).ToLowerInvariant();
        await using var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.Zip));
        var first = writer.AddAsync("first.txt", () => new MemoryStream("first"u8.ToArray()), Modified, CancellationToken.None);
        // Stored (by extension): both sizes past 4 GiB.
        var stored = writer.AddAsync("huge.mp4", () => new GeneratedRecording(Huge), Modified, CancellationToken.None);
        // Deflated zeros: the size past 4 GiB, the compressed size far below; written at an offset past 4 GiB.
        var zeros = writer.AddAsync("zeros.wav", () => new ZeroStream(Huge), Modified, CancellationToken.None);
        var last = writer.AddAsync("last.txt", () => new MemoryStream("last"u8.ToArray()), Modified, CancellationToken.None);
        await Task.WhenAll(first, stored, zeros, last);
        var archive = Assert.Single(await writer.CompleteAsync(CancellationToken.None));

        Assert.Equal(expectedSha, stored.Result.Sha256);
        Assert.True(new FileInfo(archive).Length > Huge);
        Assert.True(HasZip64End(archive));
        Assert7zTestPasses(archive, null);
        AssertUnzipTestPasses(archive, null);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(archive))
        {
            Assert.Equal(["first.txt", "huge.mp4", "zeros.wav", "last.txt"], zip.Entries.Select(e => e.FullName));
            Assert.Equal(Huge, zip.GetEntry("huge.mp4")!.Length);
            Assert.Equal(Huge, zip.GetEntry("zeros.wav")!.Length);
            using var reader = new StreamReader(zip.GetEntry("last.txt")!.Open());
            Assert.Equal("last", reader.ReadToEnd());
        }
        using (var zip = new ICSharpCode.SharpZipLib.Zip.ZipFile(archive))
        {
            Assert.Equal(Huge, zip.GetEntry("huge.mp4")!.Size);
            using var reader = new StreamReader(zip.GetInputStream(zip.GetEntry("last.txt")!));
            Assert.Equal("last", reader.ReadToEnd());
        }
        var start = new ProcessStartInfo("7z") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "x", "-so", archive, "huge.mp4" }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var sha = Convert.ToHexString(SHA256.HashData(process.StandardOutput.BaseStream)).ToLowerInvariant();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr.Result);
        Assert.Equal(expectedSha, sha);
    }
}

internal sealed class ZeroStream(long length) : GeneratedStream(length)
{
    protected override void Generate(Span<byte> buffer, long position) => buffer.Clear();
}
