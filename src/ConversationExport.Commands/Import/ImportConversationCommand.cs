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
        var listener = new Listener(this, new ProgressRecord(1, "Import-Conversation", path));
        var summary = Engine(() => new ConversationImporter(catalog, Caller).Import(path, listener, whatIf, _cancellation.Token));
        listener.Complete();
        WriteObject(summary);
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    // Nested and private: a public type naming an engine interface would make PowerShell load the
    // engine while it reflects over the module, before the private load context is hooked up.
    private sealed class Listener(ImportConversationCommand cmdlet, ProgressRecord progress) : IImportListener
    {
        private DateTime _lastProgress;

        public void Failed(ConversationExportException error) => cmdlet.WriteError(ErrorFactory.From(error));

        public void Warning(string message) => cmdlet.WriteWarning(message);

        public void Progress(string sidecarPath, int done)
        {
            // Progress records are costly in a console; a few a second is enough for a person watching.
            if (DateTime.UtcNow - _lastProgress < TimeSpan.FromMilliseconds(250)) return;
            _lastProgress = DateTime.UtcNow;
            progress.StatusDescription = $"{done} sidecars read";
            progress.CurrentOperation = sidecarPath;
            cmdlet.WriteProgress(progress);
        }

        public void Complete()
        {
            progress.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(progress);
        }
    }
}
