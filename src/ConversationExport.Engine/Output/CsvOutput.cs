using CsvHelper;

namespace ConversationExport.Engine.Output;

/// <summary>How the module's CSV files are written (seed §4.4, §4.5; design §5).</summary>
/// <param name="AllowFormulas">
/// Write cells that begin with <c>= + - @</c>, a tab or a CR as they are (<c>-AllowFormulas</c>).
/// By default such a cell is neutralized: it gets a single quote <c>'</c> in front and is
/// quoted, as OWASP recommends against CSV injection, so Excel, LibreOffice and Google Sheets
/// show the text instead of running it. The cost is that phone numbers such as <c>+3612345678</c>
/// also read <c>'+3612345678</c>; the JSON sidecar always has the values verbatim.
/// </param>
/// <param name="ExcelBom">Start the file with a UTF-8 byte order mark, which Excel needs to read non-ASCII text as UTF-8.</param>
public sealed record CsvOptions(bool AllowFormulas = false, bool ExcelBom = false)
{
    public static CsvOptions Default { get; } = new();
}

/// <summary>
/// The one place the module writes CSV: metadata sidecars, the CDR and the list export all go
/// through here, so quoting, encoding and formula neutralization are the same everywhere.
/// Output is RFC 4180: UTF-8, records end with CRLF, a field is quoted when it contains a comma,
/// a quote, CR or LF or starts or ends with whitespace, and quotes inside it are doubled, so
/// multi-line values survive. The header row holds the column names of <see cref="ConversationColumns"/>.
/// </summary>
public static class CsvOutput
{
    /// <summary>
    /// Writes a conversation's CSV metadata sidecar: a header row of column names and one row.
    /// The stream stays open.
    /// </summary>
    /// <exception cref="ConversationExportException">ColumnUnknown for a column that is not in <see cref="ConversationColumns.All"/>.</exception>
    public static void WriteSidecar(Stream output, Conversation c, IReadOnlyList<string> columns, TimeZoneInfo zone, CsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(c);
        using var table = new CsvTableWriter(output, columns, zone, options);
        table.WriteRow(c);
    }

    internal static CsvWriterOptions WriterOptions(CsvOptions options) => new()
    {
        // Rfc4180 mode, comma, CRLF are the defaults; stated so a change of defaults cannot move them.
        Mode = CsvMode.Rfc4180,
        Separator = ',',
        NewLine = "\r\n",
        // Quote leading or trailing blanks too: readers that trim unquoted fields would lose them.
        Quoting = CsvQuoting.WhenNeededOrWhitespace,
        // Escape = prefix ' and quote; the default characters are OWASP's = + - @ tab CR.
        Injection = options.AllowFormulas ? CsvInjection.None : CsvInjection.Escape,
        InjectionEscape = '\'',
        WriteByteOrderMark = options.ExcelBom,
    };
}

/// <summary>
/// Writes a CSV table of conversations one row at a time (the CDR, the list export): the header
/// row at once, then each row as it comes. Rows go to the stream whenever the writer's buffer
/// (64 KiB) is mostly full, so memory stays bounded however many rows are written. Dispose
/// writes the rest and flushes; the stream stays open.
/// </summary>
public sealed class CsvTableWriter : IDisposable
{
    private readonly CsvWriter _csv;
    private readonly Func<Conversation, TimeZoneInfo, string>[] _renderers;
    private readonly TimeZoneInfo _zone;
    private bool _disposed;

    /// <param name="output">Written from its current position; stays open.</param>
    /// <param name="columns">Column names (any case, see <see cref="ConversationColumns.Resolve"/>); the header spells them canonically.</param>
    /// <param name="zone">The task's time zone, for StartTime and EndTime.</param>
    /// <exception cref="ConversationExportException">ColumnUnknown for a column that is not in <see cref="ConversationColumns.All"/>.</exception>
    public CsvTableWriter(Stream output, IReadOnlyList<string> columns, TimeZoneInfo zone, CsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(options);
        if (columns.Count == 0)
            throw new ConversationExportException(ErrorId.InvalidArgument, ErrorKind.InvalidArgument,
                $"A CSV table needs at least one column. Accepted columns: {string.Join(", ", ConversationColumns.All)}.");

        var header = columns.Select(ConversationColumns.Canonical).ToArray();
        _renderers = ConversationColumns.Renderers(header);
        _zone = zone;
        Columns = Array.AsReadOnly(header);
        _csv = CsvWriter.Create(output, CsvOutput.WriterOptions(options), leaveOpen: true);
        _csv.WriteHeader(header);
    }

    /// <summary>The columns of the table, spelled as in the header.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows written so far, not counting the header.</summary>
    public long RowCount { get; private set; }

    /// <summary>Appends the row of one conversation.</summary>
    public void WriteRow(Conversation c)
    {
        ArgumentNullException.ThrowIfNull(c);
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Render the whole row before writing any of it: a failing value leaves no half record behind.
        var values = new string[_renderers.Length];
        for (var i = 0; i < values.Length; i++) values[i] = _renderers[i](c, _zone);
        _csv.WriteRecord(values);
        RowCount++;
    }

    /// <summary>Writes buffered rows to the stream and flushes it.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _csv.Flush();
    }

    /// <summary>Writes the remaining rows and flushes the stream, which stays open.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _csv.Dispose();
    }
}
