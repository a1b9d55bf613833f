using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Export.Download;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Export;

/// <summary>Shows export runs and their progress, readable from any session while they run (design §10).</summary>
[Cmdlet(VerbsCommon.Get, "ExportStatus", DefaultParameterSetName = "Task", HelpUri = HelpLinks.Online + "Get-ExportStatus.md")]
[OutputType(typeof(ExportRun))]
public sealed class GetExportStatusCommand : CatalogCmdlet
{
    private readonly CancellationTokenSource _cancellation = new();

    [Parameter(Position = 0, ParameterSetName = "Task", ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    public string? Task { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "RunId", ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public long[] RunId { get; set; } = [];

    [Parameter(ParameterSetName = "Task")]
    public RunState[]? State { get; set; }

    /// <summary>Only the newest n runs.</summary>
    [Parameter(ParameterSetName = "Task")]
    [ValidateRange(1, int.MaxValue)]
    public int Last { get; set; }

    /// <summary>Wait until the runs shown have ended, showing their progress.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long -Wait waits at most, in seconds (default: no limit).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int TimeoutSeconds { get; set; }

    protected override void ProcessRecord()
    {
        var runs = new RunCatalog(OpenCatalog());
        var downloads = Engine(() => DownloadSettings.Load(new SettingCatalog(OpenCatalog(), Caller)));
        // Download-type runs say whether Save-ExportArchive can still fetch them, and until when.
        ExportRun Describe(RunRecord record) => DownloadRetention.Describe(record, downloads, DateTime.UtcNow);
        var selected = Engine(() => ParameterSetName == "RunId"
            ? RunId.Select(id => Describe(runs.Get(id))).ToList()
            : runs.List(null, State, null).Select(Describe)
                .Where(r => Task is null || new WildcardPattern(Task, WildcardOptions.IgnoreCase).IsMatch(r.Task))
                .Take(Last > 0 ? Last : int.MaxValue).ToList());
        if (Wait) selected = WaitFor(runs, selected, Describe);
        foreach (var run in selected) WriteObject(run);
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    private List<ExportRun> WaitFor(RunCatalog runs, List<ExportRun> selected, Func<RunRecord, ExportRun> describe)
    {
        var deadline = TimeoutSeconds > 0 ? DateTime.UtcNow.AddSeconds(TimeoutSeconds) : DateTime.MaxValue;
        var progress = new ProgressRecord(0, "Waiting for export runs", "…");
        while (selected.Any(IsActive) && DateTime.UtcNow < deadline)
        {
            var active = selected.Where(IsActive).ToList();
            progress.StatusDescription = string.Join("; ", active.Select(r => $"{r.Task} #{r.RunId}: {r.Processed:N0}/{r.Selected:N0}"));
            progress.PercentComplete = (int)Math.Clamp(active.Average(r => r.PercentComplete), 0, 100);
            WriteProgress(progress);
            if (_cancellation.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1))) break;
            selected = Engine(() => selected.Select(r => describe(runs.Get(r.RunId))).ToList());
        }
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
        return selected;
    }

    private static bool IsActive(ExportRun run) => run.State is RunState.Queued or RunState.Running;
}
