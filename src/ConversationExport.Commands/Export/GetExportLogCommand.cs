using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Export;

/// <summary>Lists each conversation's outcome in a run: exported, skipped or failed, with the reason and files.</summary>
[Cmdlet(VerbsCommon.Get, "ExportLog", HelpUri = HelpLinks.Online + "Get-ExportLog.md")]
[OutputType(typeof(ExportLogEntry))]
public sealed class GetExportLogCommand : CatalogCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public long RunId { get; set; }

    [Parameter]
    public RunItemState[]? State { get; set; }

    private Func<RunRecord, bool>? _visible;

    protected override void ProcessRecord()
    {
        var runs = new RunCatalog(OpenCatalog());
        var visible = _visible ??= Engine(() => new AccessCatalog(OpenCatalog(), Caller).VisibleRuns("GetExportLog"));
        // A run that does not exist (or is not the caller's) is reported and the next piped run is still listed.
        if (Engine(() => runs.Find(RunId)) is not { } record || !visible(record))
        {
            WriteError(ErrorFactory.From(new ConversationExportException(ErrorId.RunNotFound, ErrorKind.NotFound,
                $"No export run with id {RunId} (or not one of {Caller.Name}'s). Get-ExportStatus lists the runs.", RunId)));
            return;
        }
        var entries = Engine(() => runs.Log(RunId));
        if (entries.Count == 0 && record.Settings.NoDatabaseLog)
        {
            WriteWarning($"Run {RunId} keeps no per-conversation log: its task has Do Not Create Log in the Database (-NoDatabaseLog). The run summary is in Get-ExportStatus.");
            return;
        }
        foreach (var entry in entries.Where(e => State is null || State.Contains(e.State))) WriteObject(entry);
    }
}
