using System.Buffers;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// Holds one entry's finished bytes (compressed, encrypted) between the worker that made them and
/// the writer that appends them to the part. Small entries stay in pooled memory; past
/// <see cref="MemoryCap"/> the rest goes to a temporary file in the destination folder, so memory
/// stays bounded however large an entry is. Write-only until <see cref="CopyTo(Stream, CancellationToken)"/>.
/// </summary>
internal sealed class Spool : WriteOnlyStream
{
    /// <summary>In-memory bytes per spool before it spills to disk.</summary>
    public const int MemoryCap = 4 * 1024 * 1024;

    private const int FirstChunk = 16 * 1024;
    private const int LargestChunk = 1024 * 1024;
    private const int FileBuffer = 1024 * 1024;

    private readonly List<byte[]> _chunks = [];
    private readonly TemporaryFiles _temporaries;
    private readonly Func<string> _nameSpill;
    private readonly int _memoryCap;
    private int _lastUsed; // bytes used in the last chunk
    private long _inMemory;
    private FileStream? _spill;
    private string? _spillPath;
    private long _length;
    private bool _disposed;

    /// <param name="temporaries">Registers the spill file so an abort can remove it even while a worker holds it.</param>
    /// <param name="nameSpill">Full path for the spill file, asked for only when the spool overflows.</param>
    public Spool(TemporaryFiles temporaries, Func<string> nameSpill, int memoryCap = MemoryCap)
    {
        _temporaries = temporaries;
        _nameSpill = nameSpill;
        _memoryCap = memoryCap;
    }

    public override long Length => _length;
    public override bool CanWrite => !_disposed;
    public override long Position => _length;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _length += buffer.Length;
        while (buffer.Length > 0 && _spill is null)
        {
            if (_chunks.Count == 0 || _lastUsed == _chunks[^1].Length)
            {
                if (_inMemory >= _memoryCap)
                {
                    Spill();
                    break;
                }
                var size = _chunks.Count == 0 ? FirstChunk : Math.Min(_chunks[^1].Length * 2, LargestChunk);
                size = (int)Math.Min(size, _memoryCap - _inMemory);
                _chunks.Add(ArrayPool<byte>.Shared.Rent(size));
                _inMemory += _chunks[^1].Length;
                _lastUsed = 0;
            }
            var chunk = _chunks[^1];
            var n = Math.Min(buffer.Length, chunk.Length - _lastUsed);
            buffer[..n].CopyTo(chunk.AsSpan(_lastUsed));
            _lastUsed += n;
            buffer = buffer[n..];
        }
        if (buffer.Length > 0) _spill!.Write(buffer);
    }

    private void Spill()
    {
        _spillPath = _nameSpill();
        _temporaries.Add(_spillPath);
        // DeleteOnClose: the spill vanishes when disposed, whichever path (success, failure, abort) gets there.
        // Create, not CreateNew: the name belongs to this run, and one left by a killed process is stale.
        _spill = new FileStream(_spillPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, FileBuffer,
            FileOptions.DeleteOnClose | FileOptions.SequentialScan);
    }

    /// <summary>Appends everything spooled to <paramref name="destination"/>, memory first, then the spill file.</summary>
    public void CopyTo(Stream destination, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < _chunks.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var used = i == _chunks.Count - 1 ? _lastUsed : _chunks[i].Length;
            destination.Write(_chunks[i], 0, used);
        }
        if (_spill is null) return;
        _spill.Flush();
        _spill.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(FileBuffer);
        try
        {
            int n;
            while ((n = _spill.Read(buffer, 0, FileBuffer)) > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                destination.Write(buffer, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }


    protected override void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (disposing)
        {
            foreach (var chunk in _chunks) ArrayPool<byte>.Shared.Return(chunk);
            _chunks.Clear();
            if (_spill is not null)
            {
                try { _spill.Dispose(); }
                catch (IOException) { } // the write already failed (disk full); the delete below still runs
                _temporaries.Delete(_spillPath!);
            }
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// The temporary files a writer has made and not yet renamed or removed, so that an abort or a
/// failure can delete every one of them, whichever thread created it.
/// </summary>
internal sealed class TemporaryFiles
{
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    public void Add(string path)
    {
        lock (_paths) _paths.Add(path);
    }

    /// <summary>Forgets a temporary that became a delivered file (renamed).</summary>
    public void Forget(string path)
    {
        lock (_paths) _paths.Remove(path);
    }

    /// <summary>Deletes one temporary; a file already gone is fine.</summary>
    public void Delete(string path)
    {
        TryDelete(path);
        Forget(path);
    }

    /// <summary>Deletes every temporary still registered.</summary>
    public void DeleteAll()
    {
        string[] paths;
        lock (_paths) paths = [.. _paths];
        foreach (var path in paths) Delete(path);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException) { } // still open on Windows (the worker disposes it, DeleteOnClose removes it)
        catch (UnauthorizedAccessException) { }
    }
}
