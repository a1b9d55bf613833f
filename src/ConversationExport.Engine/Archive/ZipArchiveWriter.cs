using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;
using ConversationExport.Engine.Targets;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// ArchiveMethod Zip, ZipCrypto, Aes256: ZIP parts in Folder. Each file is read once, in chunks of
/// <see cref="ChunkSize"/> (CRC-32 and SHA-256 on the way); the chunks are deflated with the platform's zlib
/// (DeflateStream; see <see cref="ChunkDeflater"/> for audio) on the workers, each ending in a sync flush so that, appended in order, they form
/// one deflate stream; the committer encrypts them with the platform's AES (or ZipCrypto) and
/// streams them straight into the open part after a bit-3 local header, then writes the data
/// descriptor. Nothing of a file is held beyond the window of chunks, and nothing is written twice.
/// A part is written as "&lt;name&gt;.zip.partial", flushed to disk and renamed when complete; only
/// then is it delivered.
/// </summary>
internal sealed class ZipArchiveWriter : PipelinedArchiveWriter<ZipArchiveWriter.Piece>
{
    /// <summary>A chunk of a file: what one worker deflates at a time (large enough that restarting deflate costs nothing measurable).</summary>
    public const int ChunkSize = 512 * 1024;

    private const int PartBuffer = 1024 * 1024;

    /// <summary>A final, empty deflate block (fixed Huffman, end-of-block only): closes the stream of sync-flushed chunks.</summary>
    private static readonly byte[] FinalBlock = [0x03, 0x00];

    private readonly IStorageTarget _target;
    private readonly TemporaryFiles _temporaries = new();
    private readonly List<string> _containers = [];
    // The writer's own pool of chunk buffers, sized to its window: the shared pool would keep a
    // megabyte buffer per thread that ever touched one, and keep them after the run.
    private readonly ArrayPool<byte> _buffers;
    private int _nextPart;

    // The open part and the file being written into it; touched only by the committer (and by
    // Finish/DeleteUndelivered, which never run beside it).
    private CountingStream? _part;
    private string _partName = "";
    private string _partialPath = "";
    private Spool? _central;
    private long _centralCount;
    private int _partFiles;
    private OpenEntry? _entry;

    public ZipArchiveWriter(ArchiveOptions options) : base(options)
    {
        _target = options.ResolveTarget();
        _nextPart = options.FirstPart;
        _buffers = ArrayPool<byte>.Create(2 * ChunkSize, 2 * options.Parallelism + 6);
    }

    /// <summary>Test seam: opens a part's temporary file for writing. The stream must support SetLength (a failed file is cut off again).</summary>
    internal Func<string, Stream> CreatePartStream { get; set; } = path =>
        new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, PartBuffer);

    /// <summary>
    /// One chunk of a file, deflated or as read. The first also says how the file is stored (and
    /// carries its AES keys), the last what the file was; a file of one chunk is one piece.
    /// </summary>
    internal sealed class Piece(RentedChunk data, EntryStart? start, EntryEnd? end) : IDisposable
    {
        public EntryStart? Start { get; } = start;
        public EntryEnd? End { get; } = end;
        public ReadOnlySpan<byte> Data => data.Span;

        /// <summary>Gives the (rented) buffer back to the pool.</summary>
        public void Dispose() => data.Dispose();
    }

    /// <summary>How a file is stored: decided before its first byte is written. AES keys are derived by the worker, not the committer.</summary>
    internal sealed record EntryStart(ushort Method, long? SizeHint, WinZipAesKeys? AesKeys);

    /// <summary>What a file turned out to be, known once its last byte was read.</summary>
    internal sealed record EntryEnd(uint Crc, long Size, string Sha256);

    /// <summary>The file being streamed into the part.</summary>
    private sealed class OpenEntry(ZipEntryHeader header, long offset, long dataStart, Stream sink, WinZipAesStream? aes)
    {
        public ZipEntryHeader Header { get; } = header;
        public long Offset { get; } = offset;
        public long DataStart { get; } = dataStart;
        /// <summary>Where the data goes: the encryption stream, or the part itself.</summary>
        public Stream Sink { get; } = sink;
        public WinZipAesStream? Aes { get; } = aes;
        public EntryEnd? End { get; set; }
    }

    // ---- reading (dispatcher) and compressing (workers) ------------------------------------------

    protected override IEnumerable<Func<Piece>> Pieces(EntryRequest request, CancellationToken cancellation)
    {
        var source = Source.Open(request);
        var closed = false;
        try
        {
            var sizeHint = LengthOf(source);
            var crc = new Crc32();
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ReadChunk(source);
            // Decided at the first chunk: an empty file stays stored (deflate would add bytes).
            var compress = buffer.Length > 0 && !CompressionPolicy.IsStored(request.Path);
            var sampledAudio = CompressionPolicy.IsSampledAudio(request.Path);
            var password = Options.Method == ArchiveMethod.Aes256 ? Options.Password : null;
            var method = compress ? ZipFormat.Deflated : ZipFormat.Stored;
            long size = 0;
            var first = true;
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                var chunk = buffer;
                crc.Append(chunk.Span);
                sha.AppendData(chunk.Span);
                size += chunk.Length;
                // The part's room and the Zip64 choice were made from the stated length: a source that
                // grows past it fails as a source, not the archive.
                if (size > sizeHint)
                    throw new SourceFailureException(new IOException($"The source of '{request.Path}' gave more than the {sizeHint} bytes it said it had."));
                // One chunk ahead, so the last piece knows it is the last: a small file is then one piece.
                var next = chunk.Length == ChunkSize ? ReadChunk(source) : new RentedChunk(_buffers, null, 0);
                EntryEnd? end = null;
                if (next.Length == 0)
                {
                    next.Dispose();
                    closed = true;
                    Source.Close(source);
                    end = new EntryEnd(crc.GetCurrentHashAsUInt32(), size, Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant());
                }
                var isFirst = first;
                yield return () =>
                {
                    var start = isFirst ? new EntryStart(method, sizeHint, password is null ? null : WinZipAesKeys.Derive(password)) : null;
                    return compress ? Deflate(chunk, start, end, sampledAudio) : new Piece(chunk, start, end);
                };
                if (end is not null) break;
                buffer = next;
                first = false;
            }
        }
        finally
        {
            if (!closed) Source.Close(source);
        }
    }

    /// <summary>Reads up to a chunk into a rented buffer; a short chunk only at the source's end.</summary>
    private RentedChunk ReadChunk(Stream source)
    {
        var buffer = _buffers.Rent(ChunkSize);
        try
        {
            return new RentedChunk(_buffers, buffer, Source.Fill(source, buffer, ChunkSize));
        }
        catch
        {
            _buffers.Return(buffer);
            throw;
        }
    }

    /// <summary>Bytes in a buffer rented from the writer's pool (a chunk as read, or as deflated); disposing returns it.</summary>
    internal sealed class RentedChunk(ArrayPool<byte> pool, byte[]? buffer, int length) : IDisposable
    {
        private byte[]? _buffer = buffer;

        public int Length { get; } = length;
        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

        public void Dispose()
        {
            var buffer = Interlocked.Exchange(ref _buffer, null);
            if (buffer is not null) pool.Return(buffer);
        }
    }

    /// <summary>The source's length when it knows it (files, memory); null for a stream that cannot tell.</summary>
    private static long? LengthOf(Stream source)
    {
        try
        {
            return source.CanSeek ? source.Length - source.Position : source.Length;
        }
        catch (NotSupportedException)
        {
            return null;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new SourceFailureException(error);
        }
    }

    /// <summary>
    /// Deflates one chunk on its own and ends it with a sync flush (byte-aligned, not final), so the
    /// chunks of a file, appended in order and closed with <see cref="FinalBlock"/>, are one valid
    /// deflate stream — the way pigz compresses in parallel. The chunk's buffer is given back.
    /// </summary>
    private Piece Deflate(RentedChunk chunk, EntryStart? start, EntryEnd? end, bool sampledAudio)
    {
        // Sized for the usual case (deflate shrinks, or nearly keeps, the chunk): a chunk-sized pool bucket, not the double one.
        var output = new PooledBufferStream(_buffers, chunk.Length);
        try
        {
            int flushed;
            using (var deflate = ChunkDeflater.Create(output, sampledAudio))
            {
                deflate.Write(chunk.Span);
                deflate.Flush(); // Z_SYNC_FLUSH: everything so far, then an empty stored block
                flushed = (int)output.Length;
            } // disposing appends a final block, which is cut off: the file's last chunk is not the stream's end
            return new Piece(new RentedChunk(_buffers, output.Detach(), flushed), start, end);
        }
        catch
        {
            output.Dispose();
            throw;
        }
        finally
        {
            chunk.Dispose();
        }
    }

    /// <summary>The most a file's data can take in the part: deflate's worst case per chunk, plus encryption.</summary>
    private long DataBound(ushort method, long size)
    {
        var chunks = size / ChunkSize + 1;
        var data = method == ZipFormat.Deflated ? size + (size >> 10) + 64 * chunks + FinalBlock.Length : size;
        return data + Options.Method switch
        {
            ArchiveMethod.Aes256 => WinZipAesStream.Overhead,
            ArchiveMethod.ZipCrypto => ZipCryptoStream.HeaderLength,
            _ => 0,
        };
    }

    // ---- writing (committer) --------------------------------------------------------------------

    protected override void CommitPiece(EntryRequest request, Piece piece, CancellationToken cancellation)
    {
        if (piece.Start is { } start) Begin(request, start);
        var entry = _entry ?? throw new InvalidOperationException($"A piece of '{request.Path}' came before its start.");
        if (piece.Data.Length > 0) entry.Sink.Write(piece.Data);
        if (piece.End is { } end) entry.End = end;
    }

    private void Begin(EntryRequest request, EntryStart start)
    {
        if (_part is null) OpenPart();
        long? bound = start.SizeHint is { } hint ? DataBound(start.Method, hint) : null;
        var zip64 = bound is null or > ZipFormat.Max32;
        var dosTime = ZipFormat.DosTime(request.ModifiedUtc);
        var header = ZipEntryHeader.Start(request.Path, start.Method, Options.Method, dosTime, request.ModifiedUtc, zip64);
        // A new part when this file could push the current one over the limit; a file larger than the
        // limit then gets a part of its own (it is the first, so it is never moved on again).
        if (Options.MaxPartSize is { } max && _partFiles > 0
            && (bound is null || _part!.Position + header.TotalLength(_part.Position, bound.Value) + _central!.Length + ZipFormat.EndReserve > max))
        {
            FinishPart(CancellationToken.None);
            OpenPart();
        }

        var part = _part!;
        var offset = part.Position;
        part.Write(header.LocalHeader(offset));
        var dataStart = part.Position;
        WinZipAesStream? aes = null;
        Stream sink = part;
        if (Options.Method == ArchiveMethod.Aes256) sink = aes = new WinZipAesStream(part, start.AesKeys!);
        else if (Options.Method == ArchiveMethod.ZipCrypto) sink = new ZipCryptoStream(part, Options.Password!, (byte)(dosTime >> 8));
        _entry = new OpenEntry(header, offset, dataStart, sink, aes);
    }

    protected override ArchivedFile CommitEnd(EntryRequest request, CancellationToken cancellation)
    {
        var entry = _entry ?? throw new InvalidOperationException($"'{request.Path}' ended before it began.");
        var end = entry.End ?? throw new InvalidOperationException($"'{request.Path}' ended without its end piece.");
        if (entry.Header.Method == ZipFormat.Deflated) entry.Sink.Write(FinalBlock);
        entry.Aes?.Finish();
        if (entry.Sink != _part) entry.Sink.Dispose();
        var part = _part!;
        var header = entry.Header.Complete(end.Crc, end.Size, part.Position - entry.DataStart);
        part.Write(header.DataDescriptor());
        _central!.Write(header.CentralHeader(entry.Offset));
        _centralCount++;
        _partFiles++;
        _entry = null;
        return new ArchivedFile(request.Path, end.Size, end.Sha256, _partName);
    }

    protected override void Abandon(EntryRequest request)
    {
        if (_entry is not { } entry) return;
        _entry = null;
        if (entry.Sink != _part) entry.Sink.Dispose();
        // Cut the part back to where this file began: the next file's header goes there.
        _part!.Truncate(entry.Offset);
    }

    protected override IReadOnlyList<string> Finish(CancellationToken cancellation)
    {
        // A writer given no file still leaves an archive: an empty, valid ZIP says "nothing" unambiguously.
        if (_part is null && _containers.Count == 0) OpenPart();
        // A part opened for a file that then failed, after other parts: nothing to deliver.
        if (_part is not null && _partFiles == 0 && _containers.Count > 0) DiscardPart();
        if (_part is not null) FinishPart(cancellation);
        return [.. _containers];
    }

    private void DiscardPart()
    {
        _part!.Dispose();
        _part = null;
        _central!.Dispose();
        _central = null;
        _temporaries.Delete(_partialPath);
    }

    private void OpenPart()
    {
        _partName = PartNames.Archive(Options.BaseName, _nextPart++, split: Options.MaxPartSize is not null);
        _partialPath = _target.TemporaryPath(_partName);
        _temporaries.Add(_partialPath);
        _part = new CountingStream(CreatePartStream(_partialPath));
        _central = new Spool(_temporaries, () => _target.TemporaryPath($"{_partName}.central"));
        _centralCount = 0;
        _partFiles = 0;
    }

    private void FinishPart(CancellationToken cancellation)
    {
        var part = _part!;
        var central = _central!;
        var centralOffset = part.Position;
        central.CopyTo(part, cancellation);
        part.Write(ZipEnd.Build(_centralCount, centralOffset, central.Length));
        // On disk before the rename: after a power cut the final name never shows a torn archive.
        if (_target.DurableStaging) part.FlushToDisk();
        part.Dispose();
        _part = null;
        central.Dispose();
        _central = null;
        // Never over a delivered part: a name clash is a bug to report, not evidence to lose.
        _target.Commit([new StagedFile(_partName, Durable: _target.DurableStaging)], replace: false, cancellation);
        _temporaries.Forget(_partialPath);
        _containers.Add(_target.PathOf(_partName));
        OnDelivered(new DeliveredContainer(_partName, _partFiles));
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

/// <summary>The open part: counts what was written (the offsets the headers need) and can cut a failed file off again.</summary>
internal sealed class CountingStream(Stream inner) : WriteOnlyStream
{
    private long _position;

    public override long Position => _position;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        _position += buffer.Length;
    }

    /// <summary>Drops everything from <paramref name="length"/> on; writing continues there.</summary>
    public void Truncate(long length)
    {
        inner.Flush();
        inner.SetLength(length);
        if (inner.CanSeek) inner.Seek(length, SeekOrigin.Begin);
        _position = length;
    }

    public void FlushToDisk()
    {
        if (inner is FileStream file) file.Flush(flushToDisk: true);
        else inner.Flush();
    }

    public override bool CanWrite => true;
    public override long Length => _position;
    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A growable write-only buffer rented from the shared pool; <see cref="Detach"/> hands the array on.</summary>
internal sealed class PooledBufferStream(ArrayPool<byte> pool, int capacity) : WriteOnlyStream
{
    private byte[]? _buffer = pool.Rent(capacity);
    private int _length;

    public override void Write(ReadOnlySpan<byte> data)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(PooledBufferStream));
        if (_length + data.Length > buffer.Length)
        {
            var larger = pool.Rent(Math.Max(buffer.Length * 2, _length + data.Length));
            buffer.AsSpan(0, _length).CopyTo(larger);
            pool.Return(buffer);
            _buffer = buffer = larger;
        }
        data.CopyTo(buffer.AsSpan(_length));
        _length += data.Length;
    }

    /// <summary>The rented array (the caller returns it to the pool); this stream is empty afterwards.</summary>
    public byte[] Detach()
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(PooledBufferStream));
        _buffer = null;
        return buffer;
    }

    public override bool CanWrite => _buffer is not null;
    public override long Length => _length;
    public override long Position => _length;

    protected override void Dispose(bool disposing)
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) pool.Return(buffer);
        base.Dispose(disposing);
    }
}
