using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// The concurrency shared by every writer: files are prepared (read once, hashed, compressed,
/// encrypted) by up to <see cref="ArchiveOptions.Parallelism"/> workers at once, and committed
/// (appended to the part, or renamed into place) one at a time in the order they were added.
/// </summary>
/// <remarks>
/// Two loops and two limits. The dispatcher admits entries strictly in call order, each waiting for
/// a window slot and then a worker slot; the committer awaits them in the same order. A worker slot
/// is given back when an entry is prepared, a window slot only when it is committed, so while a
/// large entry holds the head of the line at most <c>2 × Parallelism</c> prepared entries wait behind
/// it — which bounds memory (each waits in a spool of at most <see cref="Spool.MemoryCap"/> bytes of
/// memory). Because admission is in order and the head is always admitted, the committer can always
/// make progress: no deadlock whatever the sizes.
///
/// Failures are of two kinds. A source that cannot be opened or read faults that file's task with
/// the source's own exception and nothing else (the conversation fails, the run goes on). A failure
/// of the destination (disk full, I/O error) or of a Delivered handler fails the writer: every
/// pending and later call gets the same exception, and everything undelivered is deleted.
/// </remarks>
internal abstract class PipelinedArchiveWriter<TPrepared> : IArchiveWriter where TPrepared : class, IDisposable
{
    private enum State { Open, Completing, Completed, Failed, Aborted }

    private sealed class Entry(EntryRequest request, CancellationToken cancellation)
    {
        public EntryRequest Request { get; } = request;
        public CancellationToken Cancellation { get; } = cancellation;
        public TaskCompletionSource<ArchivedFile> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task<TPrepared>? Work { get; set; }
    }

    private readonly Channel<Entry> _admission = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Entry> _commits = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _workers;
    private readonly SemaphoreSlim _window;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    // Case-insensitive: two names differing only in case collide when extracted on Windows.
    private readonly NameSet _paths = new();
    private Task _dispatcher = Task.CompletedTask;
    private Task _committer = Task.CompletedTask;
    private Task _finishing = Task.CompletedTask;
    private bool _started;
    private State _state;
    private Exception? _fault;
    private IReadOnlyList<string>? _containers;

    protected PipelinedArchiveWriter(ArchiveOptions options)
    {
        Options = options;
        _workers = new SemaphoreSlim(options.Parallelism);
        _window = new SemaphoreSlim(2 * options.Parallelism);
    }

    protected ArchiveOptions Options { get; }

    public event Action<IReadOnlyList<ArchivedFile>>? Delivered;

    /// <summary>Raises <see cref="Delivered"/>; a handler's exception fails the writer (what it was told stays delivered).</summary>
    protected void OnDelivered(IReadOnlyList<ArchivedFile> files) => Delivered?.Invoke(files);

    /// <summary>On a worker thread: reads the source once and makes everything the commit needs.</summary>
    protected abstract TPrepared Prepare(EntryRequest request, CancellationToken cancellation);

    /// <summary>On the committer, in call order: puts the prepared file in place.</summary>
    protected abstract ArchivedFile Commit(EntryRequest request, TPrepared prepared, CancellationToken cancellation);

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
                    await _window.WaitAsync(_stop.Token).ConfigureAwait(false);
                    await _workers.WaitAsync(_stop.Token).ConfigureAwait(false);
                    var entry = current;
                    entry.Work = Task.Run(() => RunPrepare(entry));
                    _commits.Writer.TryWrite(entry);
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

    private TPrepared RunPrepare(Entry entry)
    {
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(entry.Cancellation, _stop.Token);
            return Prepare(entry.Request, linked.Token);
        }
        finally
        {
            _workers.Release();
        }
    }

    private async Task CommitAsync()
    {
        // Drains every dispatched entry, even after a failure or an abort, so each spool is disposed.
        await foreach (var entry in _commits.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            TPrepared? prepared = null;
            try
            {
                try
                {
                    prepared = await entry.Work!.ConfigureAwait(false);
                }
                catch (SourceFailureException source)
                {
                    entry.Result.TrySetException(source.InnerException!);
                    continue;
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    entry.Result.TrySetCanceled(entry.Cancellation);
                    continue;
                }
                catch (Exception error) when (!_stop.IsCancellationRequested)
                {
                    Fail(error);
                    Reject(entry);
                    continue;
                }
                catch (Exception)
                {
                    Reject(entry);
                    continue;
                }

                if (_stop.IsCancellationRequested)
                {
                    Reject(entry);
                }
                else if (entry.Cancellation.IsCancellationRequested)
                {
                    entry.Result.TrySetCanceled(entry.Cancellation);
                }
                else
                {
                    try
                    {
                        entry.Result.TrySetResult(Commit(entry.Request, prepared, _stop.Token));
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
                }
            }
            finally
            {
                prepared?.Dispose();
                _window.Release();
            }
        }
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

    public async Task AbortAsync()
    {
        lock (_gate)
        {
            if (_state is State.Aborted or State.Completed) return;
            _state = State.Aborted;
        }
        _stop.Cancel();
        _admission.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_dispatcher, _committer, _finishing).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Their failures were already reported to the tasks they concern; abort only cleans up.
        }
        DeleteUndelivered();
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

    public static int Read(Stream source, byte[] buffer)
    {
        try
        {
            return source.Read(buffer, 0, buffer.Length);
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
