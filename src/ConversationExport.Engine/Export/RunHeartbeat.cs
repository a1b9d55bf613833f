namespace ConversationExport.Engine.Export;

/// <summary>
/// Beats every 3 s while a run works, and cancels the run's token when the run is no longer this
/// process's (the beat says so) or when the launcher a scheduler started is gone (see LauncherWatch).
/// Disposed first, and awaited: no beat can still be running once the run's token source goes.
/// </summary>
internal sealed class RunHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _abandoned;
    private readonly LauncherWatch? _launcher = LauncherWatch.ForThisProcess();
    private readonly Timer _timer;

    /// <param name="beat">Says the run is alive; false when it is no longer this process's.</param>
    /// <param name="lostReason">Why the run stopped when <paramref name="beat"/> says false.</param>
    public RunHeartbeat(Func<bool> beat, string lostReason, CancellationToken cancellation)
    {
        _abandoned = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _timer = new Timer(_ => Beat(beat, lostReason), null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
    }

    /// <summary>The run's token: cancelled by the caller's token, or when the run was abandoned.</summary>
    public CancellationToken Token => _abandoned.Token;

    /// <summary>Why the run was abandoned; null while it was not.</summary>
    public string? AbandonReason { get; private set; }

    public bool LauncherGone => _launcher?.LauncherGone == true;

    private void Beat(Func<bool> beat, string lostReason)
    {
        try
        {
            if (LauncherGone)
                AbandonReason = "the process that started it (the dotnet tool launcher of pwsh) ended, so the export stopped with it";
            else if (!beat())
                AbandonReason = lostReason;
            if (AbandonReason is not null) _abandoned.Cancel();
        }
        catch (Exception)
        {
            // A timer callback must never throw: on the thread pool it would end the whole process.
            // A missed beat is harmless; the next one (3 s later) tries again.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        _abandoned.Dispose();
    }
}
