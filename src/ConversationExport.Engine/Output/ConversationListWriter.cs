using ConversationExport.Engine.Output.Pdf;
using ConversationExport.Engine.Output.Xlsx;

namespace ConversationExport.Engine.Output;

/// <summary>
/// The conversation list export of the search page (seed §3, Conversations List Export): the
/// detail records of a search as CSV, XLSX or PDF. Written under a temporary name and renamed
/// when complete, so a reader never opens half a list.
/// </summary>
public sealed class ConversationListWriter : IDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private readonly IReadOnlyList<string> _columns;
    private readonly TimeZoneInfo _zone;
    private readonly ExistingFile _existing;
    private readonly FileStream? _stream;
    private readonly CsvTableWriter? _csv;
    private readonly XlsxTableWriter? _xlsx;
    private readonly TablePdfWriter? _pdf;
    private bool _completed;

    public ConversationListWriter(string path, ListFormat format, IEnumerable<string>? columns, TimeZoneInfo zone, CsvOptions options, PdfTitle title, ExistingFile existing = ExistingFile.Replace)
    {
        _existing = existing;
        _columns = ConversationColumns.Resolve(columns, ConversationColumns.DefaultCdr);
        _zone = zone;
        _path = OutputFolders.EnsureParentOf(path, "conversation list");
        ExistingFiles.Check(_path, existing); // before the work, not after it
        _temporary = _path + ".partial";
        try
        {
            switch (format)
            {
                case ListFormat.Xlsx:
                    _xlsx = new XlsxTableWriter(_temporary, "Conversations", _columns);
                    break;
                case ListFormat.Pdf:
                    _stream = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    _pdf = new TablePdfWriter(_stream, title, _columns);
                    break;
                default:
                    _stream = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    _csv = new CsvTableWriter(_stream, _columns, zone, options);
                    break;
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw new ConversationExportException(ErrorId.DestinationNotWritable, ErrorKind.PermissionDenied, $"Cannot write '{_path}': {error.Message}", _path, error);
        }
    }

    public long Rows { get; private set; }

    public void Add(Conversation conversation)
    {
        if (_csv is not null) _csv.WriteRow(conversation);
        else
        {
            var cells = _columns.Select(c => ConversationColumns.Value(conversation, c, _zone)).ToList();
            if (_xlsx is not null) _xlsx.AddRow(cells);
            else _pdf!.AddRow(cells);
        }
        Rows++;
    }

    /// <summary>Finishes the file and moves it into place (replacing an older list of the same name, as the ExistingFile mode allows).</summary>
    public void Complete()
    {
        _csv?.Dispose();
        _xlsx?.Complete();
        _pdf?.Complete();
        _stream?.Dispose();
        try
        {
            ExistingFiles.MoveIntoPlace(_temporary, _path, _existing);
        }
        catch
        {
            Dispose(); // no .partial left behind
            throw;
        }
        _completed = true;
    }

    public void Dispose()
    {
        if (_completed) return;
        _csv?.Dispose();
        _xlsx?.Dispose();
        _pdf?.Dispose();
        _stream?.Dispose();
        if (File.Exists(_temporary)) File.Delete(_temporary);
    }
}
