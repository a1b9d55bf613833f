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
[Cmdlet(VerbsData.Export, "ConversationList", SupportsShouldProcess = true, HelpUri = HelpLinks.Online + "Export-ConversationList.md")]
[OutputType(typeof(FileInfo))]
public sealed class ExportConversationListCommand : CatalogCmdlet
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

    /// <summary>Refuse (OutputFileExists) to replace an existing file; by default it is replaced, as Export-Csv does.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Replace an existing file even when it is read-only.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        if (NoClobber && Force)
            ThrowTerminatingError(ErrorFactory.InvalidArgument(ErrorId.InvalidArgument, "-NoClobber and -Force cannot be used together: one refuses to replace an existing file, the other replaces it.", null));
        _path = ResolvePath(Path);
        var format = Format ?? System.IO.Path.GetExtension(_path).ToLowerInvariant() switch
        {
            ".xlsx" => ListFormat.Xlsx,
            ".pdf" => ListFormat.Pdf,
            ".csv" => ListFormat.Csv,
            var other => ThrowFormat(other),
        };
        if (!ShouldProcess(_path, $"Write the conversation list ({format})")) return;
        var zone = Engine(() => ExportTimeZone.Find(TimeZone));
        var title = new PdfTitle("Conversation list", [("Exported by", Caller.Name), ("Created", ConversationColumns.FormatTime(DateTime.UtcNow, zone)), ("Time zone", zone.Id)]);
        _writer = Engine(() => new ConversationListWriter(_path, format, Column, zone, new CsvOptions(AllowFormulas, ExcelBom), title,
            NoClobber ? ExistingFile.Refuse : Force ? ExistingFile.ReplaceReadOnly : ExistingFile.Replace));
    }

    protected override void ProcessRecord()
    {
        if (_writer is null) return;
        foreach (var conversation in InputObject) _writer.Add(conversation);
    }

    protected override void EndProcessing()
    {
        if (_writer is null) return;
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
