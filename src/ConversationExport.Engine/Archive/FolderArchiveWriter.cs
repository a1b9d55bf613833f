using System.Buffers;
using System.Security.Cryptography;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// ArchiveMethod None: loose files under Folder/BaseName/. Each file is copied to
/// "&lt;name&gt;.partial" beside its final name, flushed to disk, then renamed over the final name
/// (a resumed run rewrites its own files), so a reader sees either nothing or the whole file.
/// </summary>
internal sealed class FolderArchiveWriter : PipelinedArchiveWriter<FolderArchiveWriter.CopiedFile>
{
    private readonly string _root;
    private readonly bool _rootExisted;
    private readonly TemporaryFiles _temporaries = new();

    public FolderArchiveWriter(ArchiveOptions options) : base(options)
    {
        _root = Path.Combine(Path.GetFullPath(options.Folder), options.BaseName);
        _rootExisted = Directory.Exists(_root);
    }

    /// <summary>A copy under its temporary name, with what was learnt while copying.</summary>
    internal sealed class CopiedFile(string temporary, string final, long size, string sha256, TemporaryFiles temporaries) : IDisposable
    {
        public string Temporary { get; } = temporary;
        public string Final { get; } = final;
        public long Size { get; } = size;
        public string Sha256 { get; } = sha256;

        /// <summary>Removes the copy unless it was renamed into place (which forgot the temporary).</summary>
        public void Dispose()
        {
            if (File.Exists(Temporary)) temporaries.Delete(Temporary);
        }
    }

    // Loose files are one piece each: the copy itself, made by a worker (it needs no window of chunks:
    // nothing of it is held in memory).
    protected override IEnumerable<Func<CopiedFile>> Pieces(EntryRequest request, CancellationToken cancellation)
    {
        yield return () => Copy(request, cancellation);
    }

    private CopiedFile Copy(EntryRequest request, CancellationToken cancellation)
    {
        var final = Path.GetFullPath(Path.Combine(_root, request.Path));
        if (!final.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new SourceFailureException(new ArgumentException($"'{request.Path}' would land outside the export folder.", nameof(request)));
        var temporary = final + ".partial";
        var buffer = ArrayPool<byte>.Shared.Rent(Source.BufferSize);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            var source = Source.Open(request);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                _temporaries.Add(temporary);
                // Unbuffered: the copy already writes in 1 MiB blocks. No preallocation: its failure on a
                // full disk is an IOException without the disk-full HResult, which would hide the cause.
                using var target = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
                int n;
                while ((n = Source.Read(source, buffer)) > 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    sha.AppendData(buffer, 0, n);
                    target.Write(buffer, 0, n);
                    size += n;
                }
                // On disk before the rename: after a power cut the final name never shows a torn file.
                if (Environment.GetEnvironmentVariable("CE_NOFSYNC") is null) target.Flush(flushToDisk: true);
            }
            finally
            {
                Source.Close(source);
            }
            File.SetLastWriteTimeUtc(temporary, request.ModifiedUtc);
            return new CopiedFile(temporary, final, size, Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant(), _temporaries);
        }
        catch
        {
            _temporaries.Delete(temporary);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Set by CommitPiece, returned by CommitEnd right after it (the committer runs one file at a time).
    private ArchivedFile? _placed;

    protected override void CommitPiece(EntryRequest request, CopiedFile prepared, CancellationToken cancellation)
    {
        File.Move(prepared.Temporary, prepared.Final, overwrite: true);
        _temporaries.Forget(prepared.Temporary);
        _placed = new ArchivedFile(request.Path, prepared.Size, prepared.Sha256, Options.BaseName);
        OnDelivered(new DeliveredContainer(Options.BaseName, 1));
    }

    protected override ArchivedFile CommitEnd(EntryRequest request, CancellationToken cancellation)
    {
        var placed = _placed ?? throw new InvalidOperationException($"'{request.Path}' ended before it was copied.");
        _placed = null;
        return placed;
    }

    // A copy is placed whole or not at all: nothing to take back.
    protected override void Abandon(EntryRequest request)
    {
    }

    protected override IReadOnlyList<string> Finish(CancellationToken cancellation)
    {
        Directory.CreateDirectory(_root);
        return [_root];
    }

    protected override void DeleteUndelivered()
    {
        _temporaries.DeleteAll();
        if (!_rootExisted) RemoveEmptyFolders(_root);
    }

    /// <summary>Removes the folders this writer created and left empty; any folder holding a delivered file stays.</summary>
    private static bool RemoveEmptyFolders(string folder)
    {
        if (!Directory.Exists(folder)) return true;
        var empty = true;
        foreach (var child in Directory.EnumerateDirectories(folder)) empty &= RemoveEmptyFolders(child);
        if (!empty || Directory.EnumerateFileSystemEntries(folder).Any()) return false;
        try
        {
            Directory.Delete(folder);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
