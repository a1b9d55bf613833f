using ConversationExport.Engine;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export.Naming;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Output;
using ConversationExport.Engine.Output.Pdf;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Output;

/// <summary>Writes the detail records of conversations (a search's results) to a CSV, XLSX or PDF file.</summary>
/// <remarks>Without -NoClobber or -Force, an existing file is replaced unless read-only, as Export-Csv does.</remarks>
[Cmdlet(VerbsData.Export, "ConversationList", SupportsShouldProcess = true, HelpUri = HelpLinks.Online + "Export-ConversationList.md")]
[OutputType(typeof(FileInfo))]
public sealed class ExportConversationListCommand : OutputFileCmdlet
{
    private ConversationListWriter? _writer;
    private string _path = "";

    /// <summary>Conversations from Get-Conversation.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public Conversation[] InputObject { get; set; } = [];

    /// <summary>The file to write, used exactly as written (no wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("LiteralPath", "PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Default: from the file extension (.csv, .xlsx, .pdf).</summary>
    [Parameter]
    public ListFormat? Format { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ColumnCompleter))]
    public string[]? Column { get; set; }

    [Parameter, ArgumentCompleter(typeof(TimeZoneCompleter))]
    public string TimeZone { get; set; } = "UTC";

    [Parameter]
    public SwitchParameter AllowFormulas { get; set; }

    [Parameter]
    public SwitchParameter ExcelBom { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _path = ResolvePath(Path);
        var format = Format ?? System.IO.Path.GetExtension(_path).ToLowerInvariant() switch
        {
            ".xlsx" => ListFormat.Xlsx,
            ".pdf" => ListFormat.Pdf,
            ".csv" => ListFormat.Csv,
            var other => ThrowFormat(other),
        };
        if (!ShouldProcess(_path, $"Write the conversation list ({format})")) return;
        // Permission ConversationListExport, checked before the file is created.
        try
        {
            _store = new ConversationStore(OpenCatalogQuietly(), Caller, ExportPermission.ConversationListExport, "ExportConversationList");
        }
        catch (ConversationExportException error) when (error.Id == ErrorId.CatalogNotFound)
        {
            _store = null; // conversations read straight from a recording folder: no catalog, nothing of it to protect
        }
        catch (ConversationExportException error)
        {
            ThrowTerminatingError(ErrorFactory.From(error));
        }
        var zone = Engine(() => ExportTimeZone.Find(TimeZone));
        var title = new PdfTitle("Conversation list", [("Exported by", Caller.Name), ("Created", ConversationColumns.FormatTime(DateTime.UtcNow, zone)), ("Time zone", zone.Id)]);
        _writer = Engine(() => new ConversationListWriter(_path, format, Column, zone, new CsvOptions(AllowFormulas, ExcelBom), title,
            OnExistingFile(ExistingFile.Replace)));
    }

    protected override void ProcessRecord()
    {
        if (_writer is null) return;
        _pending.AddRange(InputObject);
        if (_pending.Count >= CheckBatch) Flush();
    }

    /// <summary>
    /// Writes the pending conversations the caller may see, as the catalog holds them, in their order; a
    /// batch at a time, so a long pipeline costs one lookup per batch, not per conversation.
    /// </summary>
    private void Flush()
    {
        var batch = _pending.ToList();
        _pending.Clear();
        var store = _store;
        var fromCatalog = store is null ? [] : Engine(() => store.Accessible(batch.Where(c => c.Id > 0).ToList())).ToDictionary(c => c.ConversationId, StringComparer.Ordinal);
        foreach (var given in batch)
        {
            if (store is null || given.Id <= 0) _writer!.Add(given);
            else if (fromCatalog.TryGetValue(given.ConversationId, out var stored)) _writer!.Add(stored);
            else WriteError(ErrorFactory.From(new ConversationExportException(ErrorId.ConversationNotFound, ErrorKind.NotFound, $"No conversation '{given.ConversationId}' in the catalog (or not one accessible to {Caller.Name}); it was left out of the list.", given.ConversationId)));
        }
    }

    private const int CheckBatch = 500;
    private readonly List<Conversation> _pending = [];
    private ConversationStore? _store;

    private ConversationCatalog OpenCatalogQuietly() => CatalogSession.Open(Catalog);

    protected override void EndProcessing()
    {
        if (_writer is null) return;
        Flush();
        AuditLog? audit = null;
        string? unaudited = null;
        try
        {
            audit = new AuditLog(OpenCatalog(), Caller);
        }
        catch (ConversationExportException error) when (error.Id == ErrorId.CatalogNotFound)
        {
            // Conversations read straight from a recording folder (Get-Conversation -Path) have no catalog to audit in.
            unaudited = error.Message;
        }
        var detail = $"{_writer.Rows} conversation(s)";
        if (audit is null) _writer.Complete();
        else Engine(() => audit.Audited("ExportConversationList", _path, detail, () => { _writer.Complete(); return 0; }));
        if (unaudited is not null) WriteWarning($"The list was written but not recorded in an audit log: {unaudited}");
        WriteObject(new FileInfo(_path));
    }

    protected override void StopProcessing() => _writer?.Dispose();

    private ListFormat ThrowFormat(string extension)
    {
        ThrowTerminatingError(ErrorFactory.InvalidArgument(ErrorId.FormatUnknown,
            $"Cannot tell the list format from the extension '{extension}'; use .csv, .xlsx or .pdf, or give -Format Csv|Xlsx|Pdf.", Path));
        return default;
    }
}
