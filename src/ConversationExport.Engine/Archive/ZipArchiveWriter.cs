using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// ArchiveMethod Zip, ZipCrypto, Aes256: ZIP parts in Folder. Entries are deflated with the
/// platform's zlib (DeflateStream) and encrypted with the platform's AES, on worker threads, into
/// spools; the committer appends each spool to the open part in call order, with its local header
/// (written once the sizes and CRC are known, so no seeking back). A part is written as
/// "&lt;name&gt;.zip.partial", flushed to disk and renamed when complete; only then are its entries delivered.
/// </summary>
internal sealed class ZipArchiveWriter : PipelinedArchiveWriter<ZipArchiveWriter.PreparedEntry>
{
    private const int PartBuffer = 1024 * 1024;

    private readonly string _folder;
    private readonly TemporaryFiles _temporaries = new();
    private readonly List<string> _containers = [];
    private int _nextPart;
    private int _spills;

    // The open part; touched only by the committer (and by Finish/DeleteUndelivered, which never run beside it).
    private Stream? _part;
    private string _partName = "";
    private string _partPath = "";
    private string _partialPath = "";
    private long _offset;
    private Spool? _central;
    private long _centralCount;
    private DeliveryList _partFiles = new("");

    public ZipArchiveWriter(ArchiveOptions options) : base(options)
    {
        _folder = Path.GetFullPath(options.Folder);
        _nextPart = options.FirstPart;
    }

    /// <summary>Test seam: opens a part's temporary file for writing.</summary>
    internal Func<string, Stream> CreatePartStream { get; set; } = path =>
        new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, PartBuffer);

    /// <summary>One entry's data as it will stand in the part, with its headers' facts.</summary>
    internal sealed class PreparedEntry(Spool data, ZipEntryHeader header, string sha256) : IDisposable
    {
        public Spool Data { get; } = data;
        public ZipEntryHeader Header { get; } = header;
        public string Sha256 { get; } = sha256;
        public void Dispose() => Data.Dispose();
    }

    private string NameSpill() =>
        Path.Combine(_folder, $"{Options.BaseName}.spool{Interlocked.Increment(ref _spills)}.partial");

    protected override PreparedEntry Prepare(EntryRequest request, CancellationToken cancellation)
    {
        var method = Options.Method;
        var dosTime = ZipFormat.DosTime(request.ModifiedUtc);
        var spool = new Spool(_temporaries, NameSpill);
        Stream? encryption = null;
        DeflateStream? deflate = null;
        var buffer = ArrayPool<byte>.Shared.Rent(Source.BufferSize);
        try
        {
            var source = Source.Open(request);
            var crc = new Crc32();
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var compression = ZipFormat.Stored;
            long size = 0;
            try
            {
                encryption = method switch
                {
                    ArchiveMethod.Aes256 => new WinZipAesStream(spool, Options.Password!),
                    ArchiveMethod.ZipCrypto => new ZipCryptoStream(spool, Options.Password!, (byte)(dosTime >> 8)),
                    _ => null,
                };
                var sink = encryption ?? spool;
                int n;
                // One read of the source feeds the CRC, the SHA-256 and the compressor.
                while ((n = Source.Read(source, buffer)) > 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (size == 0 && !CompressionPolicy.IsStored(request.Path))
                    {
                        // Decided at the first byte: an empty file stays stored (deflate would add 2 bytes).
                        deflate = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true);
                        compression = ZipFormat.Deflated;
                    }
                    var data = buffer.AsSpan(0, n);
                    crc.Append(data);
                    sha.AppendData(data);
                    if (deflate is not null) deflate.Write(data);
                    else sink.Write(data);
                    size += n;
                }
            }
            finally
            {
                Source.Close(source);
            }
            cancellation.ThrowIfCancellationRequested();
            deflate?.Dispose(); // ends the deflate stream: its last block goes to the sink
            deflate = null;
            (encryption as WinZipAesStream)?.Finish();
            var header = ZipEntryHeader.Create(request.Path, compression, method, dosTime, request.ModifiedUtc,
                crc.GetCurrentHashAsUInt32(), size, spool.Length);
            return new PreparedEntry(spool, header, Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant());
        }
        catch
        {
            try
            {
                deflate?.Dispose();
            }
            catch (Exception)
            {
                // Flushing into a spool that already failed; the first error is the one that counts.
            }
            spool.Dispose();
            throw;
        }
        finally
        {
            encryption?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override ArchivedFile Commit(EntryRequest request, PreparedEntry prepared, CancellationToken cancellation)
    {
        var header = prepared.Header;
        if (prepared.Data.Length != header.CompressedSize)
            throw new InvalidOperationException($"Spool of '{request.Path}' holds {prepared.Data.Length} bytes, its header says {header.CompressedSize}.");
        if (_part is null) OpenPart();
        // A new part when this entry would push the current one over the limit; an entry larger than
        // the limit then gets a part of its own (it is the first, so it is never moved on again).
        if (Options.MaxPartSize is { } max && _partFiles.Count > 0
            && _offset + header.TotalLength(_offset) + _central!.Length + ZipFormat.EndReserve > max)
        {
            FinishPart(cancellation);
            OpenPart();
        }

        var part = _part!;
        var local = header.LocalHeader(_offset);
        part.Write(local);
        prepared.Data.CopyTo(part, cancellation);
        var descriptor = header.HasDataDescriptor ? header.DataDescriptor() : [];
        part.Write(descriptor);
        _central!.Write(header.CentralHeader(_offset));
        _centralCount++;
        _offset += local.Length + header.CompressedSize + descriptor.Length;

        var file = new ArchivedFile(request.Path, header.Size, prepared.Sha256, _partName);
        _partFiles.Add(file);
        return file;
    }

    protected override IReadOnlyList<string> Finish(CancellationToken cancellation)
    {
        // A writer given no file still leaves an archive: an empty, valid ZIP says "nothing" unambiguously.
        if (_part is null && _containers.Count == 0) OpenPart();
        if (_part is not null) FinishPart(cancellation);
        return [.. _containers];
    }

    private void OpenPart()
    {
        var number = _nextPart++;
        // Unsplit, the archive is BaseName.zip; a resumed unsplit run (FirstPart > 1) continues as _partN
        // so it never replaces what the interrupted run already delivered.
        _partName = Options.MaxPartSize is null && number == 1 ? $"{Options.BaseName}.zip" : $"{Options.BaseName}_part{number}.zip";
        _partPath = Path.Combine(_folder, _partName);
        _partialPath = _partPath + ".partial";
        _temporaries.Add(_partialPath);
        _part = CreatePartStream(_partialPath);
        _offset = 0;
        _central = new Spool(_temporaries, () => Path.Combine(_folder, $"{_partName}.central.partial"));
        _centralCount = 0;
        _partFiles = new DeliveryList(_partName);
    }

    private void FinishPart(CancellationToken cancellation)
    {
        var part = _part!;
        var central = _central!;
        var centralOffset = _offset;
        central.CopyTo(part, cancellation);
        part.Write(ZipEnd.Build(_centralCount, centralOffset, central.Length));
        // On disk before the rename: after a power cut the final name never shows a torn archive.
        if (part is FileStream file) file.Flush(flushToDisk: true);
        else part.Flush();
        part.Dispose();
        _part = null;
        central.Dispose();
        _central = null;
        // Never over a delivered part: a name clash is a bug to report, not evidence to lose.
        File.Move(_partialPath, _partPath, overwrite: false);
        _temporaries.Forget(_partialPath);
        _containers.Add(_partPath);
        var delivered = _partFiles;
        _partFiles = new DeliveryList(_partName);
        OnDelivered(delivered);
    }

    protected override void DeleteUndelivered()
    {
        try
        {
            _part?.Dispose();
        }
        catch (IOException)
        {
            // Flushing the rest of a part that is being thrown away (disk full): irrelevant.
        }
        _part = null;
        _central?.Dispose();
        _central = null;
        _temporaries.DeleteAll();
    }
}
