using System.Diagnostics;
using System.Security.Cryptography;
using ConversationExport.Engine.Archive;

namespace ConversationExport.EngineTests.Archive;

/// <summary>One file to archive, held in memory by the test (the writer still reads it as a stream).</summary>
internal sealed record TestFile(string Path, byte[] Content, DateTime ModifiedUtc)
{
    public string Sha256 => Convert.ToHexString(SHA256.HashData(Content)).ToLowerInvariant();
}

/// <summary>Content, writers and the independent tools (7-Zip, Info-ZIP unzip) the archive tests check with.</summary>
internal static class ArchiveTestKit
{
    public const string Password = "Correct-Horse-42";
    public static readonly DateTime Modified = new(2026, 11, 28, 9, 30, 14, DateTimeKind.Utc);

    /// <summary>Incompressible bytes, like encoded media.</summary>
    public static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A 44-byte WAV header and 8 kHz mono 16-bit PCM: a tone with some noise, compressible like speech recordings.</summary>
    public static byte[] WavLike(int size, int seed)
    {
        var bytes = new byte[Math.Max(size, 44)];
        var random = new Random(seed);
        "RIFF"u8.CopyTo(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), bytes.Length - 8);
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        BitConverter.TryWriteBytes(bytes.AsSpan(16), 16);
        BitConverter.TryWriteBytes(bytes.AsSpan(20), (short)1);
        BitConverter.TryWriteBytes(bytes.AsSpan(22), (short)1);
        BitConverter.TryWriteBytes(bytes.AsSpan(24), 8000);
        BitConverter.TryWriteBytes(bytes.AsSpan(28), 16000);
        BitConverter.TryWriteBytes(bytes.AsSpan(32), (short)2);
        BitConverter.TryWriteBytes(bytes.AsSpan(34), (short)16);
        "data"u8.CopyTo(bytes.AsSpan(36));
        BitConverter.TryWriteBytes(bytes.AsSpan(40), bytes.Length - 44);
        for (var i = 44; i + 1 < bytes.Length; i += 2)
        {
            var t = (i - 44) / 2;
            var sample = (short)(3000 * Math.Sin(t * 2 * Math.PI * 440 / 8000) + random.Next(-40, 40));
            BitConverter.TryWriteBytes(bytes.AsSpan(i), sample);
        }
        return bytes;
    }

    /// <summary>
    /// What every method is checked with: incompressible media (stored by extension, and one deflated
    /// anyway), compressible WAV (one larger than a spool's memory, so it spills to disk), an empty
    /// file, a UTF-8 name, nested folders, and small text sidecars.
    /// </summary>
    public static List<TestFile> MixedFiles() =>
    [
        new("2026/11/28/call-0001.wav", WavLike(900_000, 1), Modified),
        new("2026/11/28/call-0001.xml", "<conversation id=\"1\"/>"u8.ToArray(), Modified),
        new("2026/11/28/call-0002.mp4", RandomBytes(1_300_000, 2), Modified.AddMinutes(-5)),
        new("2026/11/28/call-0002.bin", RandomBytes(200_000, 3), Modified),
        new("2026/11/29/deep/er/still/long-call.wav", WavLike(Spool.MemoryCap + 1_500_000, 4), Modified.AddDays(1)),
        new("Zsófia/ügy.wav", WavLike(120_000, 5), Modified),
        new("2026/11/28/empty.json", [], Modified),
        new("cdr.csv", "Id,Start\n1,2026-11-28\n"u8.ToArray(), Modified),
        new("manifest.json", "{\"files\":[]}"u8.ToArray(), Modified),
    ];

    public static ArchiveOptions Options(string folder, ArchiveMethod method, long? maxPartSize = null, int firstPart = 1, int parallelism = 2) =>
        new(folder, "Task_20261128_093014", method,
            method is ArchiveMethod.ZipCrypto or ArchiveMethod.Aes256 ? Password : null, maxPartSize, firstPart, parallelism);

    /// <summary>The result of writing a set of files: what the tasks returned, what Delivered said (in order), the containers.</summary>
    public sealed record Written(IReadOnlyList<ArchivedFile> Files, IReadOnlyList<DeliveredContainer> Deliveries, IReadOnlyList<string> Containers)
    {
        /// <summary>Files counted over every delivery.</summary>
        public int DeliveredFiles => Deliveries.Sum(d => d.Files);
    }

    /// <summary>Adds every file without awaiting in between (so several are in flight), then completes.</summary>
    public static async Task<Written> WriteAll(ArchiveOptions options, IEnumerable<TestFile> files, Action<IArchiveWriter>? configure = null)
    {
        await using var writer = ArchiveWriters.Create(options);
        configure?.Invoke(writer);
        var deliveries = new List<DeliveredContainer>();
        writer.Delivered += delivered =>
        {
            lock (deliveries) deliveries.Add(delivered);
        };
        var tasks = files.Select(f => writer.AddAsync(f.Path, () => new MemoryStream(f.Content, writable: false), f.ModifiedUtc, CancellationToken.None)).ToList();
        var written = await Task.WhenAll(tasks);
        var containers = await writer.CompleteAsync(CancellationToken.None);
        return new Written(written, deliveries, containers);
    }

    /// <summary>Every file under a folder, as '/'-separated relative paths.</summary>
    public static List<string> FilesUnder(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal).ToList()
            : [];

    public static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    /// <summary>Checks that every expected file was extracted under <paramref name="folder"/> byte for byte, and nothing else.</summary>
    public static void AssertExtracted(string folder, IReadOnlyList<TestFile> expected)
    {
        Assert.Equal(expected.Select(f => f.Path).Order(StringComparer.Ordinal), FilesUnder(folder));
        foreach (var file in expected)
            Assert.True(file.Content.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, file.Path))), $"{file.Path} differs after extraction");
    }

    public sealed record ToolResult(int ExitCode, string Output);

    /// <summary>Runs an independent tool in a UTF-8 locale (so UTF-8 entry names come out as such).</summary>
    public static ToolResult Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment["LANG"] = "C.UTF-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} ran over 5 minutes");
        }
        return new ToolResult(process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>7-Zip's integrity test: every entry decrypted (HMAC for AES) and its CRC or length checked.</summary>
    public static void Assert7zTestPasses(string archive, string? password)
    {
        var result = Run("7z", ["t", .. PasswordArgs7z(password), archive]);
        Assert.True(result.ExitCode == 0 && result.Output.Contains("Everything is Ok"), $"7z t failed on {archive}:\n{Tail(result.Output)}");
    }

    public static string[] PasswordArgs7z(string? password) => password is null ? [] : [$"-p{password}"];

    public static void Extract7z(string archive, string? password, string into)
    {
        var result = Run("7z", ["x", .. PasswordArgs7z(password), $"-o{into}", "-y", archive]);
        Assert.True(result.ExitCode == 0, $"7z x failed on {archive}:\n{Tail(result.Output)}");
    }

    public static void AssertUnzipTestPasses(string archive, string? password)
    {
        var result = Run("unzip", [.. password is null ? Array.Empty<string>() : ["-P", password], "-tq", archive]);
        Assert.True(result.ExitCode == 0 && result.Output.Contains("No errors detected"), $"unzip -t failed on {archive}:\n{Tail(result.Output)}");
    }

    public static void ExtractUnzip(string archive, string? password, string into)
    {
        var result = Run("unzip", [.. password is null ? Array.Empty<string>() : ["-P", password], "-q", "-o", archive, "-d", into]);
        Assert.True(result.ExitCode == 0, $"unzip failed on {archive}:\n{Tail(result.Output)}");
    }

    public static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];

    /// <summary>Reads an archive with SharpZipLib's ZipFile: entry name → content.</summary>
    public static Dictionary<string, byte[]> ReadWithSharpZipLib(string archive, string? password)
    {
        using var zip = new ICSharpCode.SharpZipLib.Zip.ZipFile(archive);
        if (password is not null) zip.Password = password;
        Assert.True(zip.TestArchive(testData: true), $"SharpZipLib's TestArchive failed on {archive}");
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (ICSharpCode.SharpZipLib.Zip.ZipEntry entry in zip)
        {
            using var stream = zip.GetInputStream(entry);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            result.Add(entry.Name, copy.ToArray());
        }
        return result;
    }

    /// <summary>True when the file's last 64 KiB hold a Zip64 end-of-central-directory locator.</summary>
    public static bool HasZip64End(string archive)
    {
        using var stream = File.OpenRead(archive);
        var tail = new byte[Math.Min(stream.Length, 65_536)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        stream.ReadExactly(tail);
        return tail.AsSpan().IndexOf("PK\u0006\u0007"u8) >= 0;
    }
}

/// <summary>
/// A read-only, forward-only stream of <paramref name="length"/> bytes made up as they are read, so a test can
/// archive gigabytes without holding them; a subclass says what the bytes are.
/// </summary>
internal abstract class GeneratedStream(long length) : Stream
{
    private long _position;

    /// <summary>Fills <paramref name="buffer"/> with the stream's bytes from <paramref name="position"/> on.</summary>
    protected abstract void Generate(Span<byte> buffer, long position);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        Generate(buffer[..n], _position);
        _position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
