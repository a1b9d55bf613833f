using System.Buffers;
using System.Security.Cryptography;
using ConversationExport.Engine.Targets;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// ArchiveMethod None: loose files under Folder/BaseName/. Each file is copied to
/// "&lt;name&gt;.partial" beside its final name; copies are made durable a group at a time and only
/// then renamed over their final names (a resumed run rewrites its own files), so a reader sees
/// either nothing or the whole file, even after a power cut.
/// </summary>
/// <remarks>
/// Why groups: flushing every file on its own costs a journal commit each — on the bench corpus
/// 0.8 s of 3.6 s, mostly for the small sidecars. Copies of 1 MiB or more still flush themselves on
/// their worker (there the cost is the data's, and it overlaps the other copies); the small ones of a
/// group (up to <see cref="GroupFiles"/> files or <see cref="GroupBytes"/> bytes, and whatever is left
/// at the end) are flushed at once — on Linux with one syncfs of the destination's file system,
/// elsewhere file by file — and then the whole group is renamed.
/// </remarks>
internal sealed class FolderArchiveWriter : PipelinedArchiveWriter<FolderArchiveWriter.CopiedFile>
{
    private readonly IStorageTarget _target;
    private readonly string _root;
    private readonly bool _rootExisted;
    private readonly TemporaryFiles _temporaries = new();
    private readonly List<(CopiedFile Copy, ArchivedFile File)> _group = [];
    private long _groupBytes;

    public const int GroupFiles = 256;
    /// <summary>Copies at least this large flush themselves (see <see cref="Copy"/>).</summary>
    public const long SelfFlushBytes = 1024 * 1024;
    public const long GroupBytes = 256L * 1024 * 1024;

    public FolderArchiveWriter(ArchiveOptions options) : base(options)
    {
        _target = options.ResolveTarget();
        _root = Path.Combine(_target.StagingFolder, options.BaseName);
        _rootExisted = Directory.Exists(_root);
    }

    /// <summary>A copy under its temporary name, with what was learnt while copying.</summary>
    internal sealed class CopiedFile(string temporary, string name, long size, string sha256, TemporaryFiles temporaries) : IDisposable
    {
        public string Temporary { get; } = temporary;
        /// <summary>Its name in the target: BaseName/relative path.</summary>
        public string Name { get; } = name;
        public long Size { get; } = size;
        public string Sha256 { get; } = sha256;
        /// <summary>Already flushed to disk by its worker.</summary>
        public bool Durable { get; init; }
        /// <summary>Set once the committer has taken the copy into its group: the group renames or deletes it.</summary>
        public bool Kept { get; set; }

        /// <summary>Removes the copy unless the committer kept it.</summary>
        public void Dispose()
        {
            if (!Kept && File.Exists(Temporary)) temporaries.Delete(Temporary);
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
        var name = $"{Options.BaseName}/{request.Path}";
        var temporary = _target.TemporaryPath(name);
        var buffer = ArrayPool<byte>.Shared.Rent(Source.BufferSize);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            var source = Source.Open(request);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
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
                // A large copy is flushed here, on its worker, beside the other copies: its cost is its
                // data's, which a group flush would only move onto the committer. Small ones wait for the group.
                if (size >= SelfFlushBytes && _target.DurableStaging) target.Flush(flushToDisk: true);
            }
            finally
            {
                Source.Close(source);
            }
            File.SetLastWriteTimeUtc(temporary, request.ModifiedUtc);
            return new CopiedFile(temporary, name, size, Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant(), _temporaries)
            {
                Durable = size >= SelfFlushBytes && _target.DurableStaging,
            };
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

    // The copy committed and not yet ended; it joins the group at its end, when the writer also waits to settle it.
    private CopiedFile? _copied;

    protected override void CommitPiece(EntryRequest request, CopiedFile prepared, CancellationToken cancellation)
    {
        prepared.Kept = true;
        _copied = prepared;
    }

    // Settled when its group is placed: a file's task completes only once it is in place and durable,
    // since the caller records it as exported then.
    protected override ArchivedFile? CommitEnd(EntryRequest request, CancellationToken cancellation)
    {
        var copy = _copied ?? throw new InvalidOperationException($"'{request.Path}' ended before it was copied.");
        _copied = null;
        _group.Add((copy, new ArchivedFile(request.Path, copy.Size, copy.Sha256, Options.BaseName)));
        _groupBytes += copy.Size;
        return null;
    }

    protected override void AfterEnd(CancellationToken cancellation)
    {
        if (_group.Count >= GroupFiles || _groupBytes >= GroupBytes) PlaceGroup();
    }

    // The caller is waiting (or reading is behind): place what there is rather than wait for a full group.
    protected override void OnIdle(CancellationToken cancellation) => PlaceGroup();

    // A copy is placed whole or not at all: at most its unplaced temporary goes.
    protected override void Abandon(EntryRequest request)
    {
        if (_copied is not { } copy) return;
        _copied = null;
        _temporaries.Delete(copy.Temporary);
    }

    protected override IReadOnlyList<string> Finish(CancellationToken cancellation)
    {
        PlaceGroup();
        _target.CreateFolder(Options.BaseName);
        return [_target.PathOf(Options.BaseName)];
    }

    /// <summary>Commits the group's copies to the target (durably, in call order; a resumed run rewrites its own files), delivers them, then settles their tasks.</summary>
    private void PlaceGroup()
    {
        if (_group.Count == 0) return;
        _target.Commit(_group.Select(g => new StagedFile(g.Copy.Name, g.Copy.Durable)).ToList(), replace: true, CancellationToken.None);
        foreach (var (copy, _) in _group) _temporaries.Forget(copy.Temporary);
        var placed = _group.Select(g => g.File).ToList();
        _group.Clear();
        _groupBytes = 0;
        foreach (var _ in placed) OnDelivered(new DeliveredContainer(Options.BaseName, 1));
        Settle(placed);
    }

    protected override void DeleteUndelivered()
    {
        _copied = null;
        _group.Clear();
        _groupBytes = 0;
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
