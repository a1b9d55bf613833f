using System.Collections.Concurrent;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Notify;

namespace ConversationExport.Commands.Export;

/// <summary>
/// Runs an export on a worker thread while the pipeline thread shows its progress: background work
/// never touches the host, and Ctrl+C cancels the token the engine observes.
/// </summary>
internal sealed class RunDriver
{
    private readonly ExportRunner _runner;

    public RunDriver(ExportRunner runner) => _runner = runner;

    /// <summary>Runs the export, then sends the notification its task asks for (on the worker thread too).</summary>
    public (ExportRun Run, NotifyOutcome? Notification) Run(PSCmdlet cmdlet, long runId, CancellationToken cancellation)
    {
        var updates = new BlockingCollection<ExportRun>();
        var work = Task.Run(async () =>
        {
            var ended = await _runner.RunAsync(runId, new Reporter(updates), cancellation);
            return (ended, await _runner.NotifyAsync(ended));
        }, cancellation);
        var progress = new ProgressRecord(Math.Abs((int)(runId % int.MaxValue)), "Export", "Starting");
        var lastShown = DateTime.MinValue;
        while (!work.IsCompleted)
        {
            if (!updates.TryTake(out var run, 250)) continue;
            if (DateTime.UtcNow - lastShown < TimeSpan.FromMilliseconds(500)) continue;
            lastShown = DateTime.UtcNow;
            Describe(progress, run);
            cmdlet.WriteProgress(progress);
        }
        var final = work.GetAwaiter().GetResult();
        progress.RecordType = ProgressRecordType.Completed;
        cmdlet.WriteProgress(progress);
        return final;
    }

    /// <summary>
    /// Writes the run, and makes $? false (exit code 1 under pwsh -Command) when it failed. A notification
    /// that was not sent is a warning: the run's outcome is what it was.
    /// </summary>
    public static void Report(PSCmdlet cmdlet, ExportRun run, NotifyOutcome? notification)
    {
        cmdlet.WriteObject(run);
        if (run.State == RunState.Failed)
            cmdlet.WriteError(ErrorFactory.From(new ConversationExportException(ErrorId.RunFailed, ErrorKind.ResourceUnavailable,
                $"Export run {run.RunId} of '{run.Task}' failed: {run.Message}", run.RunId)));
        else if (run.State == RunState.CompletedWithErrors)
            cmdlet.WriteWarning($"Export run {run.RunId} of '{run.Task}' completed with {run.Failed} failed conversation(s): {run.Message}");
        else if (run.State == RunState.Cancelled)
            cmdlet.WriteWarning($"Export run {run.RunId} of '{run.Task}' was stopped: {run.Message}");
        if (notification is { Sent: true })
            cmdlet.WriteVerbose($"Sent the notification of export run {run.RunId} of '{run.Task}' to {string.Join(", ", notification.Recipients)}.");
        if (NotificationWarning(run, notification) is { } warning) cmdlet.WriteWarning(warning);
    }

    /// <summary>What to warn about a notification, or null when there is nothing to say.</summary>
    public static string? NotificationWarning(ExportRun run, NotifyOutcome? notification) => notification switch
    {
        { Sent: false } => $"The notification e-mail of export run {run.RunId} of '{run.Task}'{(notification.Recipients.Count > 0 ? " to " + string.Join(", ", notification.Recipients) : "")} was not sent: {notification.Problem}",
        { Problem: { } problem } => $"The notification e-mail of export run {run.RunId} of '{run.Task}' was sent, but {problem}",
        _ => null,
    };

    /// <summary>Fills a progress record from a run's counters: percent of bytes, rate and time left.</summary>
    internal static void Describe(ProgressRecord progress, ExportRun run)
    {
        progress.Activity = $"Export {run.Task} (run {run.RunId})";
        var seconds = Math.Max(0.001, run.Duration.TotalSeconds);
        progress.StatusDescription =
            $"{run.Processed:N0} of {run.Selected:N0} conversations, {run.BytesWritten / 1048576.0:N1} of {run.TotalBytes / 1048576.0:N1} MB, {run.BytesWritten / 1048576.0 / seconds:N1} MB/s";
        progress.PercentComplete = (int)Math.Clamp(run.TotalBytes > 0 ? 100.0 * run.BytesWritten / run.TotalBytes : run.PercentComplete, 0, 100);
        progress.SecondsRemaining = run.Eta is { } eta ? (int)Math.Min(eta.TotalSeconds, int.MaxValue) : -1;
    }

    private sealed class Reporter(BlockingCollection<ExportRun> updates) : IProgress<ExportRun>
    {
        public void Report(ExportRun value) => updates.Add(value);
    }
}
