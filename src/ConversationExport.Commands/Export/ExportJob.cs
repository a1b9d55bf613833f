using System.Management.Automation;
using ConversationExport.Engine.Export;

namespace ConversationExport.Commands.Export;

/// <summary>An export run as a PowerShell job (-AsJob): Receive-Job gives the ExportRun, Stop-Job cancels it (resumable).</summary>
internal sealed class ExportJob : Job
{
    private readonly ExportRunner _runner;
    private readonly long _runId;
    private readonly CancellationTokenSource _cancellation = new();

    public ExportJob(ExportRunner runner, long runId, string command) : base(command, $"ConversationExport run {runId}")
    {
        _runner = runner;
        _runId = runId;
        PSJobTypeName = "ConversationExportJob";
    }

    public override string StatusMessage => $"run {_runId}";
    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Warning.Count > 0;
    public override string Location => Environment.MachineName;

    public void Start()
    {
        SetJobState(JobState.Running);
        Task.Run(async () =>
        {
            try
            {
                var run = await _runner.RunAsync(_runId, new ProgressFiller(this), _cancellation.Token);
                CompleteProgress(run);
                var notification = await _runner.NotifyAsync(run);
                Output.Add(PSObject.AsPSObject(run));
                if (RunDriver.NotificationWarning(run, notification) is { } warning) Warning.Add(new WarningRecord(warning));
                if (run.State == RunState.Failed)
                {
                    Error.Add(new ErrorRecord(new InvalidOperationException($"Export run {run.RunId} failed: {run.Message}"), "RunFailed", ErrorCategory.ResourceUnavailable, run.RunId));
                    SetJobState(JobState.Failed);
                }
                else SetJobState(run.State == RunState.Cancelled ? JobState.Stopped : JobState.Completed);
            }
            catch (Exception error)
            {
                Error.Add(new ErrorRecord(error, "RunFailed", ErrorCategory.NotSpecified, _runId));
                SetJobState(JobState.Failed);
            }
        });
    }

    private readonly object _progressLock = new();
    private int _lastPercent = -1;

    /// <summary>
    /// The job's Progress collection ($job.Progress, what Receive-Job shows) gets a record each time the
    /// percentage moves, so it holds at most about a hundred records however long the run is.
    /// </summary>
    private void Report(ExportRun run)
    {
        var record = new ProgressRecord(ActivityId, "Export", "Starting");
        RunDriver.Describe(record, run);
        lock (_progressLock)
        {
            if (record.PercentComplete <= _lastPercent) return;
            _lastPercent = record.PercentComplete;
        }
        Progress.Add(record);
    }

    private void CompleteProgress(ExportRun run)
    {
        var record = new ProgressRecord(ActivityId, "Export", "Done") { RecordType = ProgressRecordType.Completed };
        RunDriver.Describe(record, run);
        lock (_progressLock)
        {
            // A finished run ends at 100%; a stopped or failed one ends where it stopped.
            if (run.State is RunState.Completed or RunState.CompletedWithErrors) record.PercentComplete = 100;
            record.PercentComplete = Math.Max(record.PercentComplete, _lastPercent);
            record.SecondsRemaining = 0;
        }
        Progress.Add(record);
    }

    private int ActivityId => Math.Abs((int)(_runId % int.MaxValue));

    private sealed class ProgressFiller(ExportJob job) : IProgress<ExportRun>
    {
        public void Report(ExportRun value) => job.Report(value);
    }

    public override void StopJob()
    {
        _cancellation.Cancel();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _cancellation.Dispose();
        base.Dispose(disposing);
    }
}
