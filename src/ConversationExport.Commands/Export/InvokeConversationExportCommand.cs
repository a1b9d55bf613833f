using System.Management.Automation;
using System.Security;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Scheduling;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Export;

/// <summary>
/// Runs an export task, an ad-hoc export of piped conversations, or resumes an unfinished run.
/// Returns the ExportRun; $? is false (and pwsh -Command exits 1) when the run failed.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ConversationExport", SupportsShouldProcess = true, DefaultParameterSetName = RunSet, HelpUri = HelpLinks.Online + "Invoke-ConversationExport.md")]
[OutputType(typeof(ExportRun), typeof(Job))]
public sealed class InvokeConversationExportCommand : CatalogCmdlet
{
    private const string TaskSet = "Task";
    private const string AdHocSet = "AdHoc";
    private const string ResumeSet = "Resume";
    private const string RunSet = "Run";

    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<long> _conversations = [];

    /// <summary>The task's name, or the task object from Get-ExportTask.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TaskSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ResumeSet)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Task { get; set; } = "";

    /// <summary>
    /// Started by a schedule: skipped (with a warning) when the task is disabled or already running; always
    /// incremental (only what changed since the task's last completed run and was never delivered by it);
    /// an Interrupted or Failed last run is resumed first.
    /// </summary>
    [Parameter(ParameterSetName = TaskSet)]
    public SwitchParameter Scheduled { get; set; }

    /// <summary>Conversations to export ad hoc, from Get-Conversation.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AdHocSet, ValueFromPipeline = true)]
    public Conversation[] InputObject { get; set; } = [];

    /// <summary>The folder an ad-hoc export is written to.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AdHocSet)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    /// <summary>Names the ad-hoc run and its archive (default: Export).</summary>
    [Parameter(ParameterSetName = AdHocSet)]
    [ValidateNotNullOrEmpty]
    public string RunName { get; set; } = "Export";

    [Parameter(ParameterSetName = AdHocSet)] public ArchiveMethod ArchiveMethod { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public SecureString? ZipPassword { get; set; }
    [Parameter(ParameterSetName = AdHocSet), ArgumentCompleter(typeof(TimeZoneCompleter))] public string TimeZone { get; set; } = "UTC";
    [Parameter(ParameterSetName = AdHocSet)] public string? RenamePattern { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public SwitchParameter NoSubfolders { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public SwitchParameter NoDatabaseLog { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public ExportScope Scope { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public string[]? FileExtension { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public SwitchParameter IgnoreCdrOnly { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public long? MaxArchiveSize { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public SwitchParameter NoManifest { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public MetadataFormat[]? MetadataFormat { get; set; }
    [Parameter(ParameterSetName = AdHocSet), ArgumentCompleter(typeof(ColumnCompleter))] public string[]? MetadataColumns { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public CdrFormat[]? CdrFormat { get; set; }
    [Parameter(ParameterSetName = AdHocSet), ArgumentCompleter(typeof(ColumnCompleter))] public string[]? CdrColumns { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public SwitchParameter AllowFormulas { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public SwitchParameter ExcelBom { get; set; }
    [Parameter(ParameterSetName = AdHocSet)] public SourceDataset SourceDataset { get; set; } = SourceDataset.Both;

    /// <summary>Continue an Interrupted, Failed or Cancelled run after its last committed batch.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResumeSet)]
    public SwitchParameter Resume { get; set; }

    /// <summary>The run to resume; default: the latest unfinished run (of -Task, when given).</summary>
    [Parameter(ParameterSetName = ResumeSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public long? RunId { get; set; }

    /// <summary>
    /// A run piped from Get-ExportStatus (or a run returned earlier): resumed when it is Interrupted, Failed
    /// or Cancelled. Any other run is an error, never a fresh run of its task: a run is not a task name.
    /// Its set is the default one because PowerShell tries the default set's pipeline parameters first:
    /// with the task's set first, a piped run's Task property would bind to -Task and start a new run.
    /// Not mandatory, so a bare call gets an error naming the ways to call it instead of a prompt for a run.
    /// </summary>
    [Parameter(ParameterSetName = RunSet, ValueFromPipeline = true)]
    public ExportRun? Run { get; set; }

    /// <summary>Run in the background and return a job at once (Receive-Job gives the ExportRun).</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    /// <summary>Chunks compressed at once (default: the number of cores).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case AdHocSet:
                _conversations.AddRange(InputObject.Select(c => c.Id));
                break;
            case TaskSet:
                RunTask(Task);
                break;
            case ResumeSet:
                RunResume(); // per pipeline item: several runs piped in are each resumed
                break;
            case RunSet when Run is null:
                ThrowTerminatingError(ErrorFactory.InvalidArgument(ErrorId.InvalidArgument,
                    "Nothing to export: give -Task <name>, pipe conversations with -Destination <folder>, pipe a run from Get-ExportStatus to resume it, or use -Resume.", null));
                break;
            case RunSet:
                ResumePiped(Run);
                break;
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == AdHocSet) RunAdHoc();
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    private ExportRunner Runner() => new(OpenCatalog(), Caller) { Parallelism = ThrottleLimit };

    private void RunTask(string name)
    {
        var runner = Runner();
        var task = Engine(() => new TaskCatalog(OpenCatalog(), Caller).GetTask(name));
        if (Scheduled && !task.Task.Enabled)
        {
            WriteWarning($"The export task '{task.Task.Name}' is disabled; a scheduled run starts only for enabled tasks.");
            return;
        }
        // -WhatIf must not take a schedule's occurrence: it only says what a run would export.
        if (Scheduled && !WhatIfRequested && !ScheduleDue(task.Task.Name)) return;
        if (!ConfirmRun(runner, task.Task.Name, task.Settings, null)) return;
        long runId;
        try
        {
            if (Scheduled)
            {
                var start = runner.StartScheduled(task.Task.Name);
                if (start.Warning is not null) WriteWarning(start.Warning);
                if (start.Resumed) WriteVerbose($"Resuming run {start.RunId} of '{task.Task.Name}', left unfinished by an earlier start.");
                runId = start.RunId;
            }
            else
                runId = runner.StartTask(task.Task.Name, ExportRunner.ManualTrigger);
        }
        catch (ConversationExportException error) when (Scheduled && error.Id == ErrorId.RunAlreadyActive)
        {
            WriteWarning(error.Message); // an overlapping scheduled start logs and exits (design §6.2)
            return;
        }
        catch (ConversationExportException error)
        {
            ThrowTerminatingError(ErrorFactory.From(error));
            return;
        }
        Execute(runner, runId);
    }

    /// <summary>
    /// A wake-up of a registered schedule's OS trigger runs the task only when an occurrence is due
    /// (the trigger wakes more often than the calendar says); a task without a schedule runs whenever
    /// a scheduler calls -Scheduled.
    /// </summary>
    private bool ScheduleDue(string task)
    {
        var due = Engine(() => new ScheduleCatalog(OpenCatalog(), Caller, ISchedulerHost.ForThisSystem()).ClaimDue(task, DateTime.UtcNow));
        switch (due.State)
        {
            case DueState.NotDue:
                WriteVerbose($"The schedule of '{task}' has nothing due: {due.Reason}.");
                return false;
            case DueState.Skipped:
                WriteWarning($"The schedule of '{task}': {due.Reason}.");
                return false;
            case DueState.Due:
                WriteVerbose($"The schedule of '{task}' is due: {due.Reason}.");
                return true;
            default:
                return true;
        }
    }

    private void RunAdHoc()
    {
        var runner = Runner();
        var destination = ResolvePath(Destination);
        var settings = Engine(() => SettingsBinder.Apply(new ExportSettings { Destination = destination, SourceDataset = SourceDataset }, MyInvocation.BoundParameters));
        TaskSettingsCmdlet.WarnIfWeak(this, settings);
        if (!ConfirmRun(runner, RunName, settings, _conversations)) return;
        var runId = Engine(() => runner.StartAdHoc(RunName, settings, _conversations));
        Execute(runner, runId);
    }

    private void RunResume()
    {
        var runner = Runner();
        var target = RunId is { } id ? $"run {id}" : MyInvocation.BoundParameters.ContainsKey(nameof(Task)) ? $"the latest unfinished run of '{Task}'" : "the latest unfinished run";
        if (!ShouldProcess(target, "Resume export")) return;
        var runId = Engine(() => runner.PrepareResume(RunId, MyInvocation.BoundParameters.ContainsKey(nameof(Task)) ? Task : null));
        Execute(runner, runId);
    }

    /// <summary>
    /// A piped run is resumed or refused, one by one: a finished run (nothing to resume) or one running now is
    /// a non-terminating error, so the other runs in the pipeline are still resumed.
    /// </summary>
    private void ResumePiped(ExportRun run)
    {
        if (!ShouldProcess($"run {run.RunId} of '{run.Task}'", "Resume export")) return;
        var runner = Runner();
        long runId;
        try
        {
            runId = runner.PrepareResume(run.RunId, null);
        }
        catch (ConversationExportException error)
        {
            WriteError(ErrorFactory.From(error));
            return;
        }
        Execute(runner, runId);
    }

    private bool WhatIfRequested => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) && value is SwitchParameter { IsPresent: true };

    /// <summary>-WhatIf says what would be exported: how many conversations, how many bytes, where.</summary>
    private bool ConfirmRun(ExportRunner runner, string name, ExportSettings settings, IReadOnlyList<long>? ids)
    {
        if (!WhatIfRequested) return ShouldProcess(name, "Export conversations");
        var preview = Engine(() => runner.Preview(name, settings, ids));
        ShouldProcess(name, $"Export {preview.Conversations:N0} conversation(s), {preview.Files:N0} file(s), {preview.Bytes / 1048576.0:N1} MB to '{preview.Destination}' ({settings.ArchiveMethod})");
        return false;
    }

    private void Execute(ExportRunner runner, long runId)
    {
        if (AsJob)
        {
            var job = new ExportJob(runner, runId, MyInvocation.Line);
            JobRepository.Add(job);
            job.Start();
            WriteObject(job);
            return;
        }
        var (run, notification) = new RunDriver(runner).Run(this, runId, _cancellation.Token);
        RunDriver.Report(this, run, notification);
    }
}
