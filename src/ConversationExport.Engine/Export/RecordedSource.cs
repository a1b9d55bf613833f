using ConversationExport.Engine.Security;

namespace ConversationExport.Engine.Export;

/// <summary>A recording file refused at export: missing, replaced by a link or special file, or changed.</summary>
public sealed class SourceRefusedException(string message) : IOException(message);

/// <summary>
/// Reads the files a run or a download copies from the recordings: only the regular file recorded at
/// import by its real path (<see cref="ContainedFile"/>), at the size the catalog recorded. Reasons
/// name the file, never a path on the recording server or what a link points to: they go into the
/// manifest, which leaves the site.
/// </summary>
public static class RecordedSource
{
    /// <summary>What a check before writing found: nothing wrong, a note (the optional sidecar is gone), or the problem.</summary>
    public readonly record struct Finding(string? Problem, string? Note);

    /// <summary>Checks a planned copy before anything of its conversation is written.</summary>
    public static Finding Check(PlannedFile file)
    {
        if (file.SourcePath is not { } path) return default;
        var check = ContainedFile.CheckRecorded(path);
        var name = Path.GetFileName(path);
        if (check.Refusal == FileRefusal.Missing)
            return file.ExpectedSize is null
                ? new Finding(null, "the original XML sidecar is no longer present")
                : new Finding($"{file.Kind.ToString().ToLowerInvariant()} file missing: {name}", null);
        if (check.Refusal is { } refusal) return new Finding(Refused(name, refusal), null);
        if (file.ExpectedSize is { } expected && check.Size != expected)
            return new Finding($"{name} changed since import: {check.Size} bytes now, {expected} in the catalog", null);
        return default;
    }

    /// <summary>Size for totals and progress: the catalog's, or the file's own for the original sidecar (0 when refused).</summary>
    public static long SizeOf(PlannedFile file) =>
        file.ExpectedSize ?? (file.SourcePath is { } path && ContainedFile.CheckRecorded(path) is { Accepted: true } check ? check.Size : 0);

    /// <summary>
    /// Opens a planned copy, checking the open handle again (a link swapped in after <see cref="Check"/> is
    /// refused, not followed); the stream fails if the file's length differs from the catalog's.
    /// </summary>
    public static Stream Open(PlannedFile file, int bufferSize)
    {
        if (file.Generate is { } generate) return new MemoryStream(generate(), writable: false);
        var path = file.SourcePath!;
        TestGate.Pass(path);
        var stream = ContainedFile.OpenRecorded(path, bufferSize, out var refusal);
        if (stream is null)
        {
            var name = Path.GetFileName(path);
            if (refusal == FileRefusal.Missing) throw new FileNotFoundException($"{file.Kind.ToString().ToLowerInvariant()} file missing: {name}", name);
            throw new SourceRefusedException(Refused(name, refusal!.Value));
        }
        return file.ExpectedSize is { } size ? new LengthCheckedStream(stream, size, Path.GetFileName(path)) : stream;
    }

    private static string Refused(string name, FileRefusal refusal) => refusal == FileRefusal.NotRegular
        ? $"{name} is not a regular file (a folder, FIFO, device or socket is in its place); refused"
        : $"{name} is no longer the file recorded at import (a link or another file is in its place); refused. If the recordings folder itself was moved behind a link, import it again";
}

/// <summary>Fails a read when the file turns out longer or shorter than the catalog says: it changed while being exported.</summary>
internal sealed class LengthCheckedStream(Stream inner, long expected, string name) : Stream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Check(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Check(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Check(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Check(int read)
    {
        _read += read;
        if (_read > expected || (read == 0 && _read != expected))
            throw new IOException($"{name} changed while it was read: {(_read > expected ? "more than" : "only")} {_read} bytes, {expected} expected.");
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => expected;
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
