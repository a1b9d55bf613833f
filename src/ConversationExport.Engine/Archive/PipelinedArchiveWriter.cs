using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// The concurrency shared by every writer. Each file is cut into pieces by <see cref="Pieces"/>
/// (read in call order on one dispatcher thread); each piece's work (compressing a chunk, copying a
/// file) runs on up to <see cref="ArchiveOptions.Parallelism"/> workers at once; the committer puts
/// the pieces in place one at a time, strictly in call order.
/// </summary>
/// <remarks>
/// One limit bounds memory: the window. A piece takes a window slot before it is read and gives it
/// back once committed, so at most <c>2 × Parallelism + 2</c> pieces exist at any time, whatever
/// the files' sizes — a 2 GB recording is never more than that many chunks in memory, and while a
/// large file holds the head of the line its later chunks keep every worker busy. The committer
/// only waits on work that needs nothing else, so it always makes progress: no deadlock.
///
/// Failures are of two kinds. A source that cannot be opened or read fails that file's task with
/// the source's own exception, and what was already committed of it is taken back
/// (<see cref="Abandon"/>); nothing else is affected. A failure of the destination (disk full, I/O
/// error) or of a Delivered handler fails the writer: every pending and later call gets the same
/// exception, and everything undelivered is deleted.
/// </remarks>
internal abstract class PipelinedArchiveWriter<TPiece> : IArchiveWriter where TPiece : class, IDisposable
{
    private enum State { Open, Completing, Completed, Failed, Aborted }

    private sealed class Entry(EntryRequest request, CancellationToken cancellation)
    {
        public EntryRequest Request { get; } = request;
        public CancellationToken Cancellation { get; } = cancellation;
        public TaskCompletionSource<ArchivedFile> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        /// <summary>Set by the committer once a piece of it is in place: a failure must then take it back.</summary>
        public bool Started { get; set; }
    }

    private enum ItemKind { Piece, End, SourceFailed, Cancelled, Broken }

    /// <summary>One place in the commit line: a piece of a file, its end, or why it stopped.</summary>
    private sealed record Item(Entry Entry, ItemKind Kind, Task<TPiece>? Work = null, Exception? Error = null);

    private readonly Channel<Entry> _admission = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Item> _commits = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskScheduler _workers;
    private readonly SemaphoreSlim _window;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    // Case-insensitive: two names differing only in case collide when extracted on Windows.
    private readonly NameSet _paths = new();
    // Files ended but not yet settled (placed a group at a time), oldest first.
    private readonly Queue<Entry> _deferred = new();
    private Task _dispatcher = Task.CompletedTask;
    private Task _committer = Task.CompletedTask;
    private Task _finishing = Task.CompletedTask;
    private bool _started;
    private State _state;
    private Exception? _fault;
    private IReadOnlyList<string>? _containers;
    private Task? _aborting;

    protected PipelinedArchiveWriter(ArchiveOptions options)
    {
        Options = options;
        _workers = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, options.Parallelism).ConcurrentScheduler;
        _window = new SemaphoreSlim(2 * options.Parallelism + 2);
    }

    protected ArchiveOptions Options { get; }

    public event Action<DeliveredContainer>? Delivered;

    /// <summary>Raises <see cref="Delivered"/>; a handler's exception fails the writer (what it was told stays delivered).</summary>
    protected void OnDelivered(DeliveredContainer container) => Delivered?.Invoke(container);

    /// <summary>
    /// On the dispatcher, in call order: opens and reads the source (throwing
    /// <see cref="SourceFailureException"/> for its failures) and yields each piece's work, which then
    /// runs on a worker. Enumerated lazily, one window slot per piece.
    /// </summary>
    protected abstract IEnumerable<Func<TPiece>> Pieces(EntryRequest request, CancellationToken cancellation);

    /// <summary>On the committer, in call order: puts one prepared piece in place.</summary>
    protected abstract void CommitPiece(EntryRequest request, TPiece piece, CancellationToken cancellation);

    /// <summary>
    /// On the committer, after the file's last piece: completes it and says what was written — or
    /// returns null when the file is placed later, in a group; the writer then calls
    /// <see cref="Settle"/> for it (files are settled in the order they ended).
    /// </summary>
    protected abstract ArchivedFile? CommitEnd(EntryRequest request, CancellationToken cancellation);

    /// <summary>On the committer after each file's end (and its settling, if immediate).</summary>
    protected virtual void AfterEnd(CancellationToken cancellation)
    {
    }

    /// <summary>On the committer whenever it would wait (nothing queued, or the next piece not ready): finish what waits for more files.</summary>
    protected virtual void OnIdle(CancellationToken cancellation)
    {
    }

    /// <summary>Completes the tasks of the oldest files still waiting, in order, with what was written.</summary>
    protected void Settle(IReadOnlyList<ArchivedFile> files)
    {
        foreach (var file in files)
        {
            Entry entry;
            lock (_deferred) entry = _deferred.Dequeue();
            entry.Result.TrySetResult(file);
        }
    }

    /// <summary>Fails the files still waiting to be settled: what held them was deleted.</summary>
    private void RejectDeferred()
    {
        List<Entry> waiting;
        lock (_deferred)
        {
            waiting = [.. _deferred];
            _deferred.Clear();
        }
        foreach (var entry in waiting) Reject(entry);
    }

    /// <summary>On the committer: takes back what was committed of a file whose source failed or that was cancelled.</summary>
    protected abstract void Abandon(EntryRequest request);

    /// <summary>After the last commit: completes and delivers what is open; returns every container completed.</summary>
    protected abstract IReadOnlyList<string> Finish(CancellationToken cancellation);

    /// <summary>Deletes whatever is not delivered. Called with no commit or finish running.</summary>
    protected abstract void DeleteUndelivered();

    public Task<ArchivedFile> AddAsync(string path, Func<Stream> open, DateTime modifiedUtc, CancellationToken cancellation)
    {
        ArchivePaths.Check(path);
        ArgumentNullException.ThrowIfNull(open);
        var utc = modifiedUtc.Kind switch
        {
            DateTimeKind.Local => modifiedUtc.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(modifiedUtc, DateTimeKind.Utc), // the parameter says UTC
            _ => modifiedUtc,
        };
        var entry = new Entry(new EntryRequest(path, open, utc), cancellation);
        lock (_gate)
        {
            switch (_state)
            {
                case State.Failed:
                    return Task.FromException<ArchivedFile>(_fault!);
                case State.Completing or State.Completed:
                    throw new InvalidOperationException("The archive writer is completing or complete; no more files can be added.");
                case State.Aborted:
                    throw new InvalidOperationException("The archive writer was aborted; no more files can be added.");
            }
            if (!_paths.Add(path))
                throw new ConversationExportException(ErrorId.InvalidArgument, ErrorKind.InvalidArgument,
                    $"'{path}' is already in this export (names are compared ignoring case, as Windows does); a second file of that name would overwrite or shadow the first.", path);
            Start();
            _admission.Writer.TryWrite(entry);
        }
        return entry.Result.Task;
    }

    private void Start()
    {
        if (_started) return;
        _started = true;
        _dispatcher = Task.Run(DispatchAsync);
        _committer = Task.Run(CommitAsync);
    }

    private async Task DispatchAsync()
    {
        Entry? current = null;
        try
        {
            while (await _admission.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (_admission.Reader.TryRead(out current))
                {
                    await DispatchEntry(current).ConfigureAwait(false);
                    current = null;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _commits.Writer.TryComplete();
            if (current is not null) Reject(current);
            while (_admission.Reader.TryRead(out var left)) Reject(left);
        }
    }

    /// <summary>Reads one file's pieces into the commit line; ends it with End or with why it stopped.</summary>
    private async Task DispatchEntry(Entry entry)
    {
        // Kept until the file is settled, not just dispatched: its pieces' work (a whole copy, for loose
        // files) still watches it, so an abort or the file's own cancellation reaches them.
        var linked = CancellationTokenSource.CreateLinkedTokenSource(entry.Cancellation, _stop.Token);
        _ = entry.Result.Task.ContinueWith(_ => linked.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        IEnumerator<Func<TPiece>>? pieces = null;
        try
        {
            while (true)
            {
                await _window.WaitAsync(_stop.Token).ConfigureAwait(false);
                Item item;
                try
                {
                    pieces ??= Pieces(entry.Request, linked.Token).GetEnumerator();
                    item = pieces.MoveNext()
                        ? new Item(entry, ItemKind.Piece, Task.Factory.StartNew(pieces.Current, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _workers))
                        : new Item(entry, ItemKind.End);
                }
                catch (SourceFailureException source)
                {
                    item = new Item(entry, ItemKind.SourceFailed, Error: source.InnerException);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    _window.Release();
                    throw;
                }
                catch (OperationCanceledException) when (entry.Cancellation.IsCancellationRequested)
                {
                    item = new Item(entry, ItemKind.Cancelled);
                }
                catch (Exception error)
                {
                    item = new Item(entry, ItemKind.Broken, Error: error);
                }
                _commits.Writer.TryWrite(item);
                if (item.Kind != ItemKind.Piece) return;
            }
        }
        finally
        {
            try
            {
                pieces?.Dispose();
            }
            catch (Exception)
            {
                // Closing a source after its last byte was read (or after it failed): nothing more to learn.
            }
        }
    }

    private async Task CommitAsync()
    {
        // Drains every dispatched item, even after a failure or an abort, so each piece is disposed.
        while (true)
        {
            if (!_commits.Reader.TryRead(out var item))
            {
                // Nothing to commit right now (the caller is waiting, or reading is behind): the moment
                // to finish what waits for more files, so that nobody waits on a file held back.
                Idle();
                if (!await _commits.Reader.WaitToReadAsync().ConfigureAwait(false)) break;
                continue;
            }
            // About to wait for a piece still being prepared: likewise.
            if (item.Work is { IsCompleted: false }) Idle();
            TPiece? piece = null;
            var entry = item.Entry;
            try
            {
                if (item.Work is not null)
                {
                    try
                    {
                        piece = await item.Work.ConfigureAwait(false);
                    }
                    catch (SourceFailureException source) when (!_stop.IsCancellationRequested && !entry.Result.Task.IsCompleted)
                    {
                        Stop(entry, () => entry.Result.TrySetException(source.InnerException!));
                    }
                    catch (OperationCanceledException) when (!_stop.IsCancellationRequested && entry.Cancellation.IsCancellationRequested)
                    {
                        Stop(entry, () => entry.Result.TrySetCanceled(entry.Cancellation));
                    }
                    catch (Exception error) when (!_stop.IsCancellationRequested && !entry.Result.Task.IsCompleted)
                    {
                        // Anything else is the destination's (a full disk while copying) or a bug: it fails the writer.
                        Fail(error);
                    }
                    catch (Exception)
                    {
                        // Stopping anyway; the entry is rejected below.
                    }
                }
                if (entry.Result.Task.IsCompleted) continue; // this file already stopped; the rest of it is dropped
                if (_stop.IsCancellationRequested)
                {
                    Reject(entry);
                    continue;
                }
                switch (item.Kind)
                {
                    case ItemKind.Piece when entry.Cancellation.IsCancellationRequested:
                        Stop(entry, () => entry.Result.TrySetCanceled(entry.Cancellation));
                        break;
                    case ItemKind.Piece:
                        CommitPiece(entry.Request, piece!, _stop.Token);
                        entry.Started = true;
                        break;
                    case ItemKind.End:
                        lock (_deferred) _deferred.Enqueue(entry);
                        if (CommitEnd(entry.Request, _stop.Token) is { } file) Settle([file]);
                        AfterEnd(_stop.Token);
                        break;
                    case ItemKind.SourceFailed:
                        Stop(entry, () => entry.Result.TrySetException(item.Error!));
                        break;
                    case ItemKind.Cancelled:
                        Stop(entry, () => entry.Result.TrySetCanceled(entry.Cancellation));
                        break;
                    case ItemKind.Broken:
                        Fail(item.Error!);
                        Reject(entry);
                        break;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                Reject(entry);
            }
            catch (Exception error)
            {
                Fail(error);
                Reject(entry);
            }
            finally
            {
                piece?.Dispose();
                _window.Release();
            }
        }
    }

    private void Idle()
    {
        if (_stop.IsCancellationRequested) return;
        try
        {
            OnIdle(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            Fail(error);
        }
    }

    /// <summary>Ends one file without it: what was committed of it is taken back first.</summary>
    private void Stop(Entry entry, Action settle)
    {
        if (entry.Started) Abandon(entry.Request);
        settle();
    }

    private void Reject(Entry entry)
    {
        var fault = _fault;
        if (fault is not null) entry.Result.TrySetException(fault);
        else entry.Result.TrySetCanceled();
    }

    /// <summary>Puts the writer in the failed state (first failure wins) and deletes what is undelivered.</summary>
    private void Fail(Exception error)
    {
        lock (_gate)
        {
            if (_state is State.Failed or State.Aborted or State.Completed) return;
            _fault = ArchiveErrors.Translate(error, Options.Folder);
            _state = State.Failed;
        }
        _stop.Cancel();
        _admission.Writer.TryComplete();
        DeleteUndelivered();
        RejectDeferred();
    }

    public async Task<IReadOnlyList<string>> CompleteAsync(CancellationToken cancellation)
    {
        lock (_gate)
        {
            switch (_state)
            {
                case State.Completed:
                    return _containers!;
                case State.Failed:
                    ExceptionDispatchInfo.Throw(_fault!);
                    break;
                case State.Aborted:
                    throw new InvalidOperationException("The archive writer was aborted; it cannot complete.");
                case State.Completing:
                    throw new InvalidOperationException("The archive writer is already completing.");
            }
            _state = State.Completing;
            Start();
            _admission.Writer.TryComplete();
        }
        try
        {
            await _committer.WaitAsync(cancellation).ConfigureAwait(false);
            Task<IReadOnlyList<string>> finishing;
            lock (_gate)
            {
                if (_state != State.Completing) ThrowNotCompleting();
                finishing = Task.Run(() => Finish(_stop.Token));
                _finishing = finishing;
            }
            var containers = await finishing.ConfigureAwait(false);
            lock (_gate)
            {
                if (_state != State.Completing) ThrowNotCompleting();
                _containers = containers;
                _state = State.Completed;
            }
            return containers;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
        catch (Exception error) when (error is not OperationCanceledException && _fault is null)
        {
            Fail(error);
            ExceptionDispatchInfo.Throw(_fault ?? error);
            throw;
        }
    }

    private void ThrowNotCompleting()
    {
        if (_fault is not null) ExceptionDispatchInfo.Throw(_fault);
        throw new OperationCanceledException("The archive writer was aborted while completing.");
    }

    public Task AbortAsync()
    {
        lock (_gate)
        {
            if (_aborting is not null) return _aborting; // a second caller waits for the same clean-up
            if (_state is State.Completed) return Task.CompletedTask;
            _state = State.Aborted;
        }
        // At once, before returning: nothing may be placed or settled after an abort was asked for.
        _stop.Cancel();
        _admission.Writer.TryComplete();
        lock (_gate) return _aborting ??= CleanUpAfterAbort();
    }

    private async Task CleanUpAfterAbort()
    {
        try
        {
            await Task.WhenAll(_dispatcher, _committer, _finishing).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Their failures were already reported to the tasks they concern; abort only cleans up.
        }
        DeleteUndelivered();
        RejectDeferred();
    }

    public async ValueTask DisposeAsync()
    {
        await AbortAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>One file to add: where it goes in the export, how to read it, its modification time (UTC).</summary>
internal sealed record EntryRequest(string Path, Func<Stream> Open, DateTime ModifiedUtc);

/// <summary>Marks an exception of the source (open or read), as opposed to one of the destination.</summary>
internal sealed class SourceFailureException(Exception inner) : Exception(inner.Message, inner);

/// <summary>Reads sources so that their failures are told apart from the destination's.</summary>
internal static class Source
{
    /// <summary>Fills <paramref name="buffer"/> as far as the source goes; fewer bytes only at its end.</summary>
    public static int Fill(Stream source, byte[] buffer, int count)
    {
        var filled = 0;
        int n;
        while (filled < count && (n = Read(source, buffer, filled, count - filled)) > 0) filled += n;
        return filled;
    }

    public const int BufferSize = 1024 * 1024;

    public static Stream Open(EntryRequest request)
    {
        try
        {
            return request.Open() ?? throw new InvalidOperationException($"The source of '{request.Path}' opened as null.");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new SourceFailureException(error);
        }
    }

    public static int Read(Stream source, byte[] buffer) => Read(source, buffer, 0, buffer.Length);

    public static int Read(Stream source, byte[] buffer, int offset, int count)
    {
        try
        {
            return source.Read(buffer, offset, count);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new SourceFailureException(error);
        }
    }

    public static void Close(Stream source)
    {
        try
        {
            source.Dispose();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new SourceFailureException(error);
        }
    }
}

/// <summary>Checks the shape of a path inside the export; making it safe is the naming layer's job.</summary>
internal static class ArchivePaths
{
    public static void Check(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\\') || path.StartsWith('/') || path.Contains(':') || path.Contains('\0'))
            throw new ArgumentException($"'{path}' is not a relative '/'-separated path inside the export.", nameof(path));
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
                throw new ArgumentException($"'{path}' has an empty, '.' or '..' segment.", nameof(path));
        }
    }
}

/// <summary>Turns destination failures into the engine's errors.</summary>
internal static class ArchiveErrors
{
    private const int Enospc = 28;                       // Linux and macOS errno
    private const int EdquotLinux = 122;
    private const int EdquotMac = 69;
    private const int DiskFull = unchecked((int)0x80070070);       // ERROR_DISK_FULL
    private const int HandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL

    public static bool IsDiskFull(Exception error) =>
        error is IOException { HResult: Enospc or EdquotLinux or DiskFull or HandleDiskFull }
        || (error is IOException { HResult: EdquotMac } && OperatingSystem.IsMacOS());

    public static Exception Translate(Exception error, string folder)
    {
        if (error is ConversationExportException) return error;
        if (IsDiskFull(error))
            return new ConversationExportException(ErrorId.ArchiveDiskFull, ErrorKind.ResourceUnavailable,
                $"The destination '{folder}' is full (or over quota): {error.Message} The unfinished part and temporary files were removed; nothing undelivered is left. Free some space and resume the run.",
                folder, error);
        if (error is IOException or UnauthorizedAccessException)
            return new ConversationExportException(ErrorId.ArchiveWriteFailed, ErrorKind.ResourceUnavailable,
                $"Writing the export to '{folder}' failed: {error.Message} The unfinished part and temporary files were removed; nothing undelivered is left.",
                folder, error);
        return error;
    }
}
