using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;
using ConversationExport.Engine.Import;

namespace ConversationExport.Commands.Import;

/// <summary>Imports a recording folder tree (media files and their XML sidecars) into the catalog.</summary>
[Cmdlet(VerbsData.Import, "Conversation", SupportsShouldProcess = true, DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Online + "Import-Conversation.md")]
[OutputType(typeof(ImportSummary))]
public sealed class ImportConversationCommand : CatalogCmdlet
{
    private readonly CancellationTokenSource _cancellation = new();

    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>The recording folders to scan, recursively; wildcards are expanded by the provider.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>The same, used exactly as written (no wildcards); folders from Get-ChildItem or Get-Item bind by PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var path in ParameterSetName == LiteralPathSet ? LiteralPath.Select(ResolvePath) : Path.SelectMany(ExpandPath))
            Import(path);
    }

    private void Import(string path)
    {
        var whatIf = !ShouldProcess(path, "Import conversations into the catalog");
        var catalog = OpenCatalog();
        var listener = new Listener(this, path);
        listener.Counting();
        var summary = Engine(() =>
        {
            try { return new ConversationImporter(catalog, Caller).Import(path, listener, whatIf, _cancellation.Token); }
            catch (ConversationExportException)
            {
                listener.Complete(); // a progress bar left open would stay on the screen after the error
                throw;
            }
        });
        listener.Complete();
        WriteObject(summary);
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    // Nested and private: a public type naming an engine interface would make PowerShell load the
    // engine while it reflects over the module, before the private load context is hooked up.
    private sealed class Listener(ImportConversationCommand cmdlet, string path) : IImportListener
    {
        private readonly System.Diagnostics.Stopwatch _clock = new();
        private DateTime _lastProgress;
        private ProgressRecord _last = new(1, "Import-Conversation", path);

        public void Failed(ConversationExportException error) => cmdlet.WriteError(ErrorFactory.From(error));

        public void Warning(string message) => cmdlet.WriteWarning(message);

        public void Counting() => Write(NewRecord("Counting sidecars"));

        public void Counted(int sidecars) => _clock.Start();

        public void Progress(string sidecarPath, int done, int total)
        {
            // Progress records are costly in a console; a few a second is enough for a person watching.
            // The last sidecar is always shown, so even a short import ends at 100%.
            if (done < total && DateTime.UtcNow - _lastProgress < TimeSpan.FromMilliseconds(250)) return;
            _lastProgress = DateTime.UtcNow;
            // The count was taken before the walk: files that arrived since may take "done" past it.
            var shownTotal = Math.Max(total, done);
            var record = NewRecord($"{done:N0} of {shownTotal:N0} sidecars read");
            record.CurrentOperation = sidecarPath;
            record.PercentComplete = shownTotal == 0 ? 100 : (int)(100L * done / shownTotal);
            // The rate so far, over what is left: sidecars are alike enough for that to be a fair guess.
            record.SecondsRemaining = done == 0 ? -1 : (int)Math.Min(int.MaxValue, _clock.Elapsed.TotalSeconds / done * (shownTotal - done));
            Write(record);
        }

        public void Complete()
        {
            var record = NewRecord(_last.StatusDescription);
            record.PercentComplete = _last.PercentComplete;
            record.RecordType = ProgressRecordType.Completed;
            Write(record);
        }

        // A new record each time: hosts and job streams keep the records they are given, so one record
        // changed in place would rewrite the history a script reads from $job.Progress or Streams.Progress.
        private ProgressRecord NewRecord(string status) => new(1, "Import-Conversation", path) { StatusDescription = status };

        private void Write(ProgressRecord record)
        {
            _last = record;
            cmdlet.WriteProgress(record);
        }
    }
}
