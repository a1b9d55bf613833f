using System.IO.Compression;
using System.Security.Cryptography;
using ConversationExport.Engine.Archive;
using ConversationExport.EngineTests.Support;
using static ConversationExport.EngineTests.Archive.ArchiveTestKit;

namespace ConversationExport.EngineTests.Archive;

/// <summary>ZIP archives of every method, checked with tools that share no code with the writer.</summary>
public sealed class ZipArchiveWriterTests
{
    public static TheoryData<ArchiveMethod> ZipMethods => [ArchiveMethod.Zip, ArchiveMethod.ZipCrypto, ArchiveMethod.Aes256];

    private static string? PasswordFor(ArchiveMethod method) => method == ArchiveMethod.Zip ? null : Password;

    [Theory]
    [MemberData(nameof(ZipMethods))]
    public async Task Seven_zip_tests_and_extracts_every_file_byte_for_byte(ArchiveMethod method)
    {
        using var temp = new TempFolder();
        var files = MixedFiles();
        var written = await WriteAll(Options(temp.Root, method), files);

        var archive = Assert.Single(written.Containers);
        Assert.Equal(Path.Combine(temp.Root, "Task_20261128_093014.zip"), archive);
        Assert7zTestPasses(archive, PasswordFor(method));
        var extracted = temp.Combine("7z");
        Extract7z(archive, PasswordFor(method), extracted);
        AssertExtracted(extracted, files);
        // What the writer reported is what a reader gets back.
        foreach (var file in written.Files)
        {
            var path = Path.Combine(extracted, file.Path);
            Assert.Equal(new FileInfo(path).Length, file.Size);
            Assert.Equal(Sha256Of(path), file.Sha256);
            Assert.Equal("Task_20261128_093014.zip", file.Container);
        }
    }

    [Theory]
    [MemberData(nameof(ZipMethods))]
    public async Task SharpZipLib_reads_every_entry(ArchiveMethod method)
    {
        using var temp = new TempFolder();
        var files = MixedFiles();
        var written = await WriteAll(Options(temp.Root, method), files);

        var read = ReadWithSharpZipLib(written.Containers[0], PasswordFor(method));
        Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
        foreach (var file in files) Assert.True(file.Content.AsSpan().SequenceEqual(read[file.Path]), file.Path);
    }

    [Theory]
    [InlineData(ArchiveMethod.Zip)]
    [InlineData(ArchiveMethod.ZipCrypto)]
    public async Task Info_zip_unzip_tests_and_extracts_every_file(ArchiveMethod method)
    {
        using var temp = new TempFolder();
        var files = MixedFiles();
        var written = await WriteAll(Options(temp.Root, method), files);

        AssertUnzipTestPasses(written.Containers[0], PasswordFor(method));
        var extracted = temp.Combine("unzip");
        ExtractUnzip(written.Containers[0], PasswordFor(method), extracted);
        AssertExtracted(extracted, files);
    }

    [Fact]
    public async Task Dotnet_ZipArchive_reads_a_Zip_archive_with_names_times_and_methods()
    {
        using var temp = new TempFolder();
        var files = MixedFiles();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.Zip), files);

        using var zip = ZipFile.OpenRead(written.Containers[0]);
        Assert.Equal(files.Count, zip.Entries.Count);
        foreach (var file in files)
        {
            var entry = zip.GetEntry(file.Path) ?? throw new Xunit.Sdk.XunitException($"{file.Path} missing");
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.True(file.Content.AsSpan().SequenceEqual(copy.ToArray()), file.Path);
            Assert.Equal(file.ModifiedUtc, entry.LastWriteTime.UtcDateTime);
        }
        // Media by extension are stored, the rest deflated; an empty file is stored.
        Assert.Equal(zip.GetEntry("2026/11/28/call-0002.mp4")!.Length, zip.GetEntry("2026/11/28/call-0002.mp4")!.CompressedLength);
        Assert.True(zip.GetEntry("2026/11/28/call-0001.wav")!.CompressedLength < zip.GetEntry("2026/11/28/call-0001.wav")!.Length * 9 / 10);
    }

    [Theory]
    [MemberData(nameof(ZipMethods))]
    public async Task Media_are_stored_and_the_rest_deflated_as_7zip_reports(ArchiveMethod method)
    {
        using var temp = new TempFolder();
        var written = await WriteAll(Options(temp.Root, method), MixedFiles());

        var listing = Run("7z", ["l", "-slt", .. PasswordArgs7z(PasswordFor(method)), written.Containers[0]]).Output;
        var methods = listing.Split("\n\n").Where(b => b.Contains("Path = ") && b.Contains("Method = ")).ToDictionary(
            b => b.Split('\n').First(l => l.StartsWith("Path = ")).Trim()["Path = ".Length..],
            b => b.Split('\n').First(l => l.StartsWith("Method = ")).Trim()["Method = ".Length..]);
        var prefix = method switch { ArchiveMethod.Aes256 => "AES-256 ", ArchiveMethod.ZipCrypto => "ZipCrypto ", _ => "" };
        Assert.Equal(prefix + "Store", methods["2026/11/28/call-0002.mp4"]);
        Assert.Equal(prefix + "Store", methods["2026/11/28/empty.json"]);
        Assert.Equal(prefix + "Deflate", methods["2026/11/28/call-0001.wav"]);
        Assert.Equal(prefix + "Deflate", methods["2026/11/28/call-0002.bin"]);
        Assert.Equal(prefix + "Deflate", methods["Zsófia/ügy.wav"]);
    }

    [Theory]
    [InlineData(ArchiveMethod.ZipCrypto)]
    [InlineData(ArchiveMethod.Aes256)]
    public async Task A_wrong_password_fails_in_7zip(ArchiveMethod method)
    {
        using var temp = new TempFolder();
        var written = await WriteAll(Options(temp.Root, method), MixedFiles());

        var result = Run("7z", ["t", "-pNot-The-Password", written.Containers[0]]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("Everything is Ok", result.Output);
    }

    [Fact]
    public async Task A_wrong_password_fails_in_unzip_for_ZipCrypto()
    {
        using var temp = new TempFolder();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.ZipCrypto), MixedFiles());

        var result = Run("unzip", ["-P", "Not-The-Password", "-tq", written.Containers[0]]);
        Assert.NotEqual(0, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(ZipMethods))]
    public async Task Delivered_names_every_file_exactly_once_after_the_archive_is_in_place(ArchiveMethod method)
    {
        using var temp = new TempFolder();
        var files = MixedFiles();
        var visibleWhenDelivered = new List<bool>();
        var written = await WriteAll(Options(temp.Root, method), files, writer => writer.Delivered += _ =>
            visibleWhenDelivered.Add(File.Exists(temp.Combine("Task_20261128_093014.zip"))));

        Assert.Equal([new DeliveredContainer("Task_20261128_093014.zip", files.Count)], written.Deliveries);
        Assert.Equal([true], visibleWhenDelivered);
        Assert.All(written.Files, f => Assert.Equal("Task_20261128_093014.zip", f.Container));
        Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), ReadWithSharpZipLib(temp.Combine("Task_20261128_093014.zip"), method == ArchiveMethod.Zip ? null : Password).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Task_20261128_093014.zip"], FilesUnder(temp.Root)); // no spool, no .partial left behind
    }

    [Fact]
    public async Task Entries_are_stored_in_call_order_whatever_finishes_first()
    {
        using var temp = new TempFolder();
        // Big first, tiny after: with 4 workers the tiny ones are ready long before the first.
        var files = new List<TestFile> { new("first.wav", WavLike(6_000_000, 9), Modified) };
        files.AddRange(Enumerable.Range(0, 20).Select(i => new TestFile($"small/{i:00}.txt", [(byte)i], Modified)));
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.Zip, parallelism: 4), files);

        using var zip = new ICSharpCode.SharpZipLib.Zip.ZipFile(written.Containers[0]);
        Assert.Equal(files.Select(f => f.Path), zip.Cast<ICSharpCode.SharpZipLib.Zip.ZipEntry>().Select(e => e.Name));
    }

    [Fact]
    public async Task A_small_archive_stays_plain_zip_without_zip64_records()
    {
        using var temp = new TempFolder();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.Zip), MixedFiles());

        Assert.False(HasZip64End(written.Containers[0]));
        var bytes = File.ReadAllBytes(written.Containers[0]);
        // No Zip64 extra field (id 0x0001, then a size of 8, 16 or 24) after any central header's name.
        using var zip = new ICSharpCode.SharpZipLib.Zip.ZipFile(written.Containers[0]);
        foreach (ICSharpCode.SharpZipLib.Zip.ZipEntry entry in zip)
            Assert.False(new ICSharpCode.SharpZipLib.Zip.ZipExtraData(entry.ExtraData).Find(1), $"{entry.Name} has a Zip64 field");
        Assert.NotEmpty(bytes);
    }

    [Fact]
    public async Task Utf8_names_are_flagged_and_ascii_names_are_not()
    {
        using var temp = new TempFolder();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.Zip), MixedFiles());

        using var zip = new ICSharpCode.SharpZipLib.Zip.ZipFile(written.Containers[0]);
        Assert.True(zip.GetEntry("Zsófia/ügy.wav")!.IsUnicodeText);
        Assert.False(zip.GetEntry("cdr.csv")!.IsUnicodeText);
    }

    [Fact]
    public async Task An_unreadable_source_fails_only_its_own_file()
    {
        using var temp = new TempFolder();
        await using var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.Aes256));
        var delivered = new List<DeliveredContainer>();
        writer.Delivered += delivered.Add;
        var good1 = writer.AddAsync("a.wav", () => new MemoryStream(WavLike(50_000, 1)), Modified, CancellationToken.None);
        var missing = writer.AddAsync("b.wav", () => throw new FileNotFoundException("gone", "/recordings/b.wav"), Modified, CancellationToken.None);
        var broken = writer.AddAsync("c.wav", () => new FailingStream(WavLike(3_000_000, 2), failAfter: 1_500_000), Modified, CancellationToken.None);
        var good2 = writer.AddAsync("d.wav", () => new MemoryStream(WavLike(50_000, 3)), Modified, CancellationToken.None);

        await good1;
        await Assert.ThrowsAsync<FileNotFoundException>(() => missing);
        var error = await Assert.ThrowsAsync<IOException>(() => broken);
        Assert.Equal("the recording server went away", error.Message);
        await good2;
        var archive = Assert.Single(await writer.CompleteAsync(CancellationToken.None));

        Assert.Equal([new DeliveredContainer("Task_20261128_093014.zip", 2)], delivered);
        Assert7zTestPasses(archive, Password);
        Assert.Equal(["a.wav", "d.wav"], ReadWithSharpZipLib(archive, Password).Keys.Order());
        Assert.Equal(["Task_20261128_093014.zip"], FilesUnder(temp.Root));
    }

    [Fact]
    public async Task Cancelling_one_file_leaves_it_out_and_the_rest_in()
    {
        using var temp = new TempFolder();
        await using var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.Zip));
        using var cancel = new CancellationTokenSource();
        var gate = new SemaphoreSlim(0);
        var kept = writer.AddAsync("kept.txt", () => new MemoryStream("kept"u8.ToArray()), Modified, CancellationToken.None);
        var dropped = writer.AddAsync("dropped.wav", () => new BlockingStream(gate, WavLike(100_000, 1)), Modified, cancel.Token);
        var after = writer.AddAsync("after.txt", () => new MemoryStream("after"u8.ToArray()), Modified, CancellationToken.None);
        await kept;
        cancel.Cancel();
        gate.Release(100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropped);
        await after;
        var archive = Assert.Single(await writer.CompleteAsync(CancellationToken.None));
        Assert.Equal(["after.txt", "kept.txt"], ReadWithSharpZipLib(archive, null).Keys.Order());
    }

    [Fact]
    public async Task The_same_name_twice_is_refused_even_in_another_case()
    {
        using var temp = new TempFolder();
        await using var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.Zip));
        await writer.AddAsync("a/Call.wav", () => new MemoryStream([1]), Modified, CancellationToken.None);
        // Refused at the call, before anything is queued.
        var error = Assert.Throws<ConversationExportException>(void () =>
            _ = writer.AddAsync("a/call.WAV", () => new MemoryStream([2]), Modified, CancellationToken.None));
        Assert.Equal(ErrorId.InvalidArgument, error.Id);
    }

    [Fact]
    public async Task A_writer_given_no_file_leaves_one_empty_valid_archive()
    {
        using var temp = new TempFolder();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.Aes256), []);
        var archive = Assert.Single(written.Containers);
        Assert.Equal(22, new FileInfo(archive).Length);
        Assert.Empty(ReadWithSharpZipLib(archive, Password));
        Assert.Equal(0, written.Deliveries.Single().Files);
    }

    [Fact]
    public async Task AES_entries_carry_the_AE2_extra_field_and_no_CRC()
    {
        using var temp = new TempFolder();
        var written = await WriteAll(Options(temp.Root, ArchiveMethod.Aes256), MixedFiles());

        using var zip = new ICSharpCode.SharpZipLib.Zip.ZipFile(written.Containers[0]);
        foreach (ICSharpCode.SharpZipLib.Zip.ZipEntry entry in zip)
        {
            var extra = new ICSharpCode.SharpZipLib.Zip.ZipExtraData(entry.ExtraData);
            Assert.True(extra.Find(0x9901), entry.Name);
            var data = new byte[7];
            extra.GetStreamForTag(0x9901)!.ReadExactly(data);
            Assert.Equal(new byte[] { 2, 0, (byte)'A', (byte)'E', 3 }, data[..5]);
            Assert.Equal(entry.Name.EndsWith(".mp4") || entry.Size == 0 ? 0 : 8, BitConverter.ToUInt16(data, 5));
            Assert.Equal(0, entry.Crc);
            Assert.Equal(256, entry.AESKeySize);
        }
    }

    [Fact]
    public async Task Times_are_kept_as_the_same_instant_whatever_the_DateTime_kind()
    {
        using var temp = new TempFolder();
        var instant = new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc);
        await using var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.Zip));
        await writer.AddAsync("utc.txt", () => new MemoryStream([1]), instant, CancellationToken.None);
        await writer.AddAsync("unspecified.txt", () => new MemoryStream([1]), DateTime.SpecifyKind(instant, DateTimeKind.Unspecified), CancellationToken.None);
        await writer.AddAsync("local.txt", () => new MemoryStream([1]), instant.ToLocalTime(), CancellationToken.None);
        var archive = Assert.Single(await writer.CompleteAsync(CancellationToken.None));

        using var zip = new ICSharpCode.SharpZipLib.Zip.ZipFile(archive);
        foreach (ICSharpCode.SharpZipLib.Zip.ZipEntry entry in zip)
        {
            var extra = new ICSharpCode.SharpZipLib.Zip.ZipExtraData(entry.ExtraData);
            var stamp = extra.GetData<ICSharpCode.SharpZipLib.Zip.ExtendedUnixData>();
            Assert.NotNull(stamp);
            Assert.Equal(instant, stamp.ModificationTime.ToUniversalTime());
        }
    }

    [Fact]
    public async Task A_failing_Delivered_handler_fails_the_writer_and_what_it_was_told_stays_delivered()
    {
        using var temp = new TempFolder();
        var writer = ArchiveWriters.Create(Options(temp.Root, ArchiveMethod.Zip, maxPartSize: 100_000));
        writer.Delivered += _ => throw new InvalidOperationException("catalog is locked");
        var first = writer.AddAsync("1.mp4", () => new MemoryStream(RandomBytes(80_000, 1)), Modified, CancellationToken.None);
        var second = writer.AddAsync("2.mp4", () => new MemoryStream(RandomBytes(80_000, 2)), Modified, CancellationToken.None);
        await first;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        Assert.Equal("catalog is locked", error.Message);
        Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync(CancellationToken.None)));
        await writer.DisposeAsync();
        Assert.Equal(["Task_20261128_093014_part1.zip"], FilesUnder(temp.Root));
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_before_anything_is_written()
    {
        using var temp = new TempFolder();
        ErrorId Refused(ArchiveOptions o) => Assert.Throws<ConversationExportException>(() => ArchiveWriters.Create(o)).Id;

        Assert.Equal(ErrorId.InvalidArgument, Refused(Options(temp.Root, ArchiveMethod.Aes256) with { Password = null }));
        Assert.Equal(ErrorId.InvalidArgument, Refused(Options(temp.Root, ArchiveMethod.ZipCrypto) with { Password = "" }));
        Assert.Equal(ErrorId.InvalidArgument, Refused(Options(temp.Root, ArchiveMethod.Zip) with { Password = "x" }));
        Assert.Equal(ErrorId.InvalidArgument, Refused(Options(temp.Root, ArchiveMethod.None, maxPartSize: 10_000_000)));
        Assert.Equal(ErrorId.InvalidArgument, Refused(Options(temp.Root, ArchiveMethod.Zip, maxPartSize: 1000)));
        Assert.Equal(ErrorId.InvalidArgument, Refused(Options(temp.Root, ArchiveMethod.Zip, parallelism: 0)));
        Assert.Equal(ErrorId.InvalidArgument, Refused(Options(temp.Root, ArchiveMethod.Zip, firstPart: 0)));
        Assert.Equal(ErrorId.InvalidArgument, Refused(Options(temp.Root, ArchiveMethod.Zip) with { BaseName = "../escape" }));
        Assert.Equal(ErrorId.DestinationNotWritable, Refused(Options(temp.Combine("missing"), ArchiveMethod.Zip)));
        Assert.Empty(FilesUnder(temp.Root));
    }

    [Fact]
    public void The_platform_AES_CTR_matches_an_independent_single_block_implementation()
    {
        // Decrypt what WinZipAesStream wrote with a block-at-a-time CTR built here from the AE-2
        // description (counter: little-endian, starting at 1), and check the verifier and the HMAC.
        var plain = RandomBytes(100_000, 7);
        using var output = new MemoryStream();
        using (var aes = new WinZipAesStream(output, Password))
        {
            aes.Write(plain.AsSpan(0, 12_345));
            aes.Write(plain.AsSpan(12_345));
            aes.Finish();
        }
        var bytes = output.ToArray();
        Assert.Equal(plain.Length + WinZipAesStream.Overhead, bytes.Length);
        var salt = bytes[..16];
        var keys = Rfc2898DeriveBytes.Pbkdf2(System.Text.Encoding.UTF8.GetBytes(Password), salt, 1000, HashAlgorithmName.SHA1, 66);
        Assert.Equal(keys[64..66], bytes[16..18]);
        var cipher = bytes[18..^10];
        Assert.Equal(HMACSHA1.HashData(keys[32..64], cipher)[..10], bytes[^10..]);
        using var block = Aes.Create();
        block.Key = keys[..32];
        var decrypted = new byte[cipher.Length];
        var counter = new byte[16];
        for (var i = 0; i < cipher.Length; i += 16)
        {
            BitConverter.TryWriteBytes(counter, (ulong)(i / 16 + 1));
            var keystream = block.EncryptEcb(counter, PaddingMode.None);
            for (var j = 0; j < 16 && i + j < cipher.Length; j++) decrypted[i + j] = (byte)(cipher[i + j] ^ keystream[j]);
        }
        Assert.Equal(plain, decrypted);
    }
}

/// <summary>A source that throws an I/O error part-way, like a share that drops mid-read.</summary>
internal sealed class FailingStream(byte[] content, int failAfter) : MemoryStream(content, writable: false)
{
    public override int Read(byte[] buffer, int offset, int count)
    {
        if (Position >= failAfter) throw new IOException("the recording server went away");
        return base.Read(buffer, offset, (int)Math.Min(count, failAfter - Position));
    }

    public override int Read(Span<byte> buffer)
    {
        if (Position >= failAfter) throw new IOException("the recording server went away");
        return base.Read(buffer[..(int)Math.Min(buffer.Length, failAfter - Position)]);
    }
}

/// <summary>A source that holds its first read until the test releases it.</summary>
internal sealed class BlockingStream(SemaphoreSlim gate, byte[] content) : MemoryStream(content, writable: false)
{
    private bool _released;

    public override int Read(byte[] buffer, int offset, int count)
    {
        Wait();
        return base.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        Wait();
        return base.Read(buffer);
    }

    private void Wait()
    {
        if (_released) return;
        gate.Wait(TimeSpan.FromSeconds(30));
        _released = true;
    }
}
