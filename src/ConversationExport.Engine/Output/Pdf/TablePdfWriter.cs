using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ConversationExport.Engine.Output.Pdf;

/// <summary>
/// The title block of a table PDF: a heading and label/value lines (task, run id, query text,
/// run by, started/ended, counts …), drawn on the first page in the order given.
/// </summary>
public sealed record PdfTitle(string Heading, IReadOnlyList<(string Label, string Value)> Lines);

/// <summary>
/// Writes a paginated table as a PDF: landscape A4, a title block on page 1, the column header
/// row repeated at the top of every page, "Page n of m" in every footer.
/// <para>
/// Rows are drawn as they arrive: only the first <see cref="SampleRows"/> rows are held (to size
/// the columns), then each page is drawn and its content stream compressed as soon as it is
/// full. PDFsharp keeps the finished (compressed) pages until <see cref="Complete"/> writes the
/// file: measured about 6 KB per page, 1.9 MB for 10,000 rows (295 pages), 16.5 MB for 100,000
/// (2,942 pages). The page total in the footers is one shared form XObject filled in by
/// <see cref="Complete"/>, so finished pages are never reopened.
/// </para>
/// <para>
/// Column widths follow the content of the sampled rows within the page width. A cell never
/// breaks inside a word unless the word alone is wider than its column (so ids stay whole);
/// long cells wrap to at most <see cref="MaxCellLines"/> lines and end with an ellipsis beyond.
/// When the columns' longest words do not fit side by side, the font shrinks from 8 pt down to
/// 5.5 pt; past that only the widest words are broken.
/// </para>
/// </summary>
public sealed class TablePdfWriter : IDisposable
{
    /// <summary>Rows read before the column widths are fixed.</summary>
    public const int SampleRows = 200;
    /// <summary>Lines a body cell may take before it is cut with an ellipsis.</summary>
    public const int MaxCellLines = 4;
    private const int MaxHeaderLines = 3;
    private const int MaxTitleValueLines = 8;

    // Landscape A4, in points.
    private const double PageWidth = 841.89, PageHeight = 595.28;
    private const double Margin = 30;
    private const double ContentWidth = PageWidth - 2 * Margin;
    private const double FooterTop = PageHeight - Margin + 6;
    private const double ContentBottom = PageHeight - Margin;
    private const double MaxFontSize = 8, MinFontSize = 5.5, FontStep = 0.5;
    private const double TitleFontSize = 8.5, HeadingFontSize = 15, FooterFontSize = 7;

    private static readonly XColor Ink = XColor.FromArgb(0x1F, 0x29, 0x37);
    private static readonly XColor Muted = XColor.FromArgb(0x5B, 0x67, 0x76);
    private static readonly XColor HeaderFill = XColor.FromArgb(0xE3, 0xE8, 0xEE);
    private static readonly XColor ZebraFill = XColor.FromArgb(0xF5, 0xF7, 0xFA);
    private static readonly XColor Rule = XColor.FromArgb(0x9A, 0xA5, 0xB1);

    private readonly Stream _output;
    private readonly PdfTitle _title;
    private readonly string[] _columns;
    private readonly PdfDocument _document;
    private readonly TextMetrics _regular, _bold;
    private readonly XBrush _ink = new XSolidBrush(Ink), _muted = new XSolidBrush(Muted);
    private readonly XBrush _headerFill = new XSolidBrush(HeaderFill), _zebraFill = new XSolidBrush(ZebraFill);
    private readonly XPen _rule = new(Rule, 0.6), _thinRule = new(Rule, 0.3);
    private readonly XFont _footerFont, _runningFont, _titleFont, _titleBoldFont, _headingFont;
    private readonly XForm _totalPages;
    private readonly PdfFonts.FontMode _fontMode;

    private List<string[]>? _sample = new();
    private Layout? _layout;
    private PdfPage? _page;
    private XGraphics? _gfx;
    private double _y;
    private int _rowsOnPage, _pageCount;
    private long _rows;
    private bool _completed, _disposed;

    public TablePdfWriter(Stream output, PdfTitle title, IReadOnlyList<string> columns)
        : this(output, title, columns, PdfFonts.Mode)
    {
    }

    /// <summary>Tests pass <paramref name="fontMode"/> to exercise the resolver-free font path.</summary>
    internal TablePdfWriter(Stream output, PdfTitle title, IReadOnlyList<string> columns, PdfFonts.FontMode fontMode)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(columns);
        if (!output.CanWrite)
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        if (columns.Count == 0)
            throw new ArgumentException("A table needs at least one column.", nameof(columns));

        _output = output;
        _title = title with { Heading = TextMetrics.Clean(title.Heading) };
        _columns = columns.Select(TextMetrics.Clean).ToArray();
        _fontMode = fontMode;
        _regular = TextMetrics.Create(bold: false, fontMode);
        _bold = TextMetrics.Create(bold: true, fontMode);
        _footerFont = Font(FooterFontSize, bold: false);
        _runningFont = Font(FooterFontSize + 1, bold: true);
        _titleFont = Font(TitleFontSize, bold: false);
        _titleBoldFont = Font(TitleFontSize, bold: true);
        _headingFont = Font(HeadingFontSize, bold: true);

        _document = new PdfDocument();
        _document.Options.CompressContentStreams = true;
        _document.Info.Title = _title.Heading;
        _document.Info.Creator = "ConversationExport";
        // The page total is unknown until the end: every footer draws this one form, and
        // Complete() writes the number into it.
        _totalPages = new XForm(_document, new XSize(FooterFontSize * 5, FooterFontSize * 1.6));
    }

    /// <summary>Rows added so far.</summary>
    public long RowCount => _rows;

    /// <summary>Pages drawn so far (final after <see cref="Complete"/>).</summary>
    public int PageCount => _pageCount;

    /// <summary>Font size the body was laid out with (known once the sample is taken).</summary>
    internal double? BodyFontSize => _layout?.FontSize;

    /// <summary>Column widths in points (known once the sample is taken).</summary>
    internal IReadOnlyList<double>? ColumnWidths => _layout?.Widths;

    public void AddRow(IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        EnsureOpen();
        if (cells.Count != _columns.Length)
            throw new ArgumentException($"The row has {cells.Count} cells; the table has {_columns.Length} columns.", nameof(cells));
        var row = new string[cells.Count];
        for (var i = 0; i < row.Length; i++)
            row[i] = TextMetrics.Clean(cells[i]);
        _rows++;

        if (_sample is not null)
        {
            _sample.Add(row);
            if (_sample.Count >= SampleRows)
                FixLayout();
            return;
        }
        DrawRow(row);
    }

    /// <summary>Draws what is pending and writes the whole PDF to the output stream, which stays open.</summary>
    public void Complete()
    {
        EnsureOpen();
        if (_sample is not null)
            FixLayout();
        if (_page is null)
        {
            StartPage();
            _gfx!.DrawString("No rows.", Font(_layout!.FontSize, bold: false), _muted,
                Margin + _layout.PadX, _y + _layout.PadY, XStringFormats.TopLeft);
        }
        FinishPage();

        using (var gfx = XGraphics.FromForm(_totalPages))
            gfx.DrawString(_pageCount.ToString(CultureInfo.InvariantCulture), _footerFont, _muted, 0, 0, XStringFormats.TopLeft);

        _completed = true;
        // PDFsharp records object offsets from Stream.Position, and after saving it rewinds a
        // readable, seekable stream to 0. Counting the bytes ourselves makes offsets relative to
        // the start of the PDF, lets it go into non-seekable streams (a ZIP entry) and leaves
        // the caller's stream where the PDF ends.
        using var counting = new CountingWriteStream(_output);
        _document.Save(counting, closeStream: false);
        counting.Flush();
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _gfx?.Dispose();
        _gfx = null;
        _document.Dispose();
    }

    private XFont Font(double size, bool bold) => PdfFonts.Create(size, bold, _fontMode);

    private void EnsureOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            throw new InvalidOperationException("The PDF was already completed.");
    }

    // ----- layout ------------------------------------------------------------------------------

    private sealed record Layout(double FontSize, double[] Widths, XFont Body, XFont Header,
        double LineHeight, double PadX, double PadY, List<string>[] HeaderLines, double HeaderHeight);

    private void FixLayout()
    {
        var sample = _sample!;
        _sample = null;
        _layout = ComputeLayout(sample);
        foreach (var row in sample)
            DrawRow(row);
    }

    private Layout ComputeLayout(List<string[]> sample)
    {
        var n = _columns.Length;
        // Widths at 1 pt: the longest unbreakable word (header words in bold) and the widest line.
        var word = new double[n];
        var natural = new double[n];
        var idLike = new bool[n];
        for (var c = 0; c < n; c++)
        {
            var (w, nat) = _bold.Extent(_columns[c]);
            word[c] = w;
            natural[c] = nat;
        }
        for (var c = 0; c < n; c++)
            idLike[c] = sample.Any(row => row[c].Length > 0) && sample.All(row => IsIdentifier(row[c]));
        foreach (var row in sample)
        {
            for (var c = 0; c < n; c++)
            {
                var (w, nat) = _regular.Extent(row[c]);
                word[c] = Math.Max(word[c], w);
                natural[c] = Math.Max(natural[c], nat);
            }
        }

        // A single very long word (a URL, a path) must not squeeze every other column: past 40 %
        // of the page it is broken instead.
        var wordCap = ContentWidth * 0.4;
        var naturalCap = ContentWidth * 0.5;
        double size = MaxFontSize, pad = CellPad(size);
        double[] min = new double[n], nat2 = new double[n];
        for (; ; size -= FontStep)
        {
            pad = CellPad(size);
            for (var c = 0; c < n; c++)
                min[c] = Math.Min(word[c] * size + 2 * pad, wordCap);
            if (min.Sum() <= ContentWidth || size - FontStep < MinFontSize)
                break;
        }
        for (var c = 0; c < n; c++)
            nat2[c] = Math.Max(min[c], Math.Min(natural[c] * size + 2 * pad, naturalCap));

        var widths = new double[n];
        double sumMin = min.Sum(), sumNat = nat2.Sum();
        if (sumNat <= ContentWidth)
        {
            // Everything fits on one line: share the spare width in proportion.
            for (var c = 0; c < n; c++)
                widths[c] = nat2[c] + (ContentWidth - sumNat) * nat2[c] / sumNat;
        }
        else if (sumMin <= ContentWidth)
        {
            // Words fit: give each column its longest word, and the rest to columns that wrap, in
            // proportion to how much more they would like.
            var want = sumNat - sumMin;
            for (var c = 0; c < n; c++)
                widths[c] = min[c] + (ContentWidth - sumMin) * (nat2[c] - min[c]) / want;
        }
        else
        {
            // Even at the smallest size the words do not fit: identifier columns keep their width
            // (an id must come out of the PDF whole); the others are capped at a common width, so
            // only the widest words (paths, host names, free text) break.
            var reserved = Enumerable.Range(0, n).Where(c => idLike[c]).Sum(c => min[c]);
            var keepIds = reserved < ContentWidth * 0.8;
            var breakable = Enumerable.Range(0, n).Where(c => !keepIds || !idLike[c]).Select(c => min[c]).ToArray();
            var cap = WaterLevel(breakable, ContentWidth - (keepIds ? reserved : 0));
            for (var c = 0; c < n; c++)
                widths[c] = keepIds && idLike[c] ? min[c] : Math.Min(min[c], cap);
        }

        var body = Font(size, bold: false);
        var header = Font(size, bold: true);
        var lineHeight = Math.Round(size * 1.22, 2);
        var padY = Math.Round(size * 0.3, 2);
        var headerLines = new List<string>[n];
        var maxLines = 1;
        for (var c = 0; c < n; c++)
        {
            headerLines[c] = _bold.Wrap(_columns[c], size, widths[c] - 2 * pad, MaxHeaderLines);
            maxLines = Math.Max(maxLines, headerLines[c].Count);
        }
        var headerHeight = maxLines * lineHeight + 2 * padY + 1;
        return new Layout(size, widths, body, header, lineHeight, pad, padY, headerLines, headerHeight);
    }

    /// <summary>Cell padding left and right: 3 pt at 8 pt, less for smaller type.</summary>
    private static double CellPad(double size) => Math.Round(size * 0.375, 2);

    /// <summary>
    /// An id-like cell: one word of letters, digits and - _ . : (a GUID, a call id, an extension),
    /// at most 40 chars.
    /// </summary>
    private static bool IsoTime(string cell) => cell.Length >= 20 && char.IsAsciiDigit(cell[0]) && cell[4] == '-' && cell[10] == 'T';

    private static bool IsIdentifier(string cell)
    {
        if (cell.Length > 40)
            return false;
        foreach (var ch in cell)
            // '+' only inside an ISO time with an offset (2026-11-28T10:15:02.123+01:00), which must stay whole.
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':' || (ch == '+' && IsoTime(cell))))
                return false;
        return true;
    }

    /// <summary>The largest cap with Σ min(value, cap) ≤ total.</summary>
    private static double WaterLevel(double[] values, double total)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        double used = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var remaining = sorted.Length - i;
            var cap = (total - used) / remaining;
            if (sorted[i] > cap)
                return cap;
            used += sorted[i];
        }
        return sorted[^1];
    }

    // ----- drawing -----------------------------------------------------------------------------

    private void DrawRow(string[] row)
    {
        var layout = _layout!;
        var lines = new List<string>[row.Length];
        var height = 1;
        for (var c = 0; c < row.Length; c++)
        {
            lines[c] = _regular.Wrap(row[c], layout.FontSize, layout.Widths[c] - 2 * layout.PadX, MaxCellLines);
            height = Math.Max(height, lines[c].Count);
        }
        var rowHeight = height * layout.LineHeight + 2 * layout.PadY;

        if (_page is null || (_y + rowHeight > ContentBottom && _rowsOnPage > 0))
        {
            if (_page is not null)
                FinishPage();
            StartPage();
        }

        var gfx = _gfx!;
        if (_rowsOnPage % 2 == 1)
            gfx.DrawRectangle(_zebraFill, Margin, _y, ContentWidth, rowHeight);
        var x = Margin;
        for (var c = 0; c < row.Length; c++)
        {
            var ty = _y + layout.PadY;
            foreach (var line in lines[c])
            {
                gfx.DrawString(line, layout.Body, _ink, x + layout.PadX, ty, XStringFormats.TopLeft);
                ty += layout.LineHeight;
            }
            x += layout.Widths[c];
        }
        _y += rowHeight;
        _rowsOnPage++;
    }

    private void StartPage()
    {
        _page = _document.AddPage();
        _pageCount++;
        _page.Width = XUnit.FromPoint(PageWidth);
        _page.Height = XUnit.FromPoint(PageHeight);
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin;
        _rowsOnPage = 0;

        if (_pageCount == 1)
            DrawTitleBlock();
        else
            DrawRunningHeader();
        DrawFooter();
        DrawHeaderRow();
    }

    private void DrawTitleBlock()
    {
        var gfx = _gfx!;
        var headingLines = _bold.Wrap(_title.Heading, HeadingFontSize, ContentWidth, 2);
        foreach (var line in headingLines)
        {
            gfx.DrawString(line, _headingFont, _ink, Margin, _y, XStringFormats.TopLeft);
            _y += HeadingFontSize * 1.25;
        }
        _y += 3;
        gfx.DrawLine(_rule, Margin, _y, Margin + ContentWidth, _y);
        _y += 6;

        var labels = _title.Lines.Select(l => TextMetrics.Clean(l.Label)).ToArray();
        var labelWidth = Math.Min(ContentWidth * 0.25,
            labels.Select(l => _bold.Width(l) * TitleFontSize).DefaultIfEmpty(0).Max() + 12);
        var valueWidth = ContentWidth - labelWidth;
        var lineHeight = TitleFontSize * 1.3;
        for (var i = 0; i < labels.Length; i++)
        {
            var labelLines = _bold.Wrap(labels[i], TitleFontSize, labelWidth - 12, 2);
            var valueLines = _regular.Wrap(TextMetrics.Clean(_title.Lines[i].Value), TitleFontSize, valueWidth, MaxTitleValueLines);
            var ly = _y;
            foreach (var line in labelLines)
            {
                gfx.DrawString(line, _titleBoldFont, _muted, Margin, ly, XStringFormats.TopLeft);
                ly += lineHeight;
            }
            var vy = _y;
            foreach (var line in valueLines)
            {
                gfx.DrawString(line, _titleFont, _ink, Margin + labelWidth, vy, XStringFormats.TopLeft);
                vy += lineHeight;
            }
            _y = Math.Max(Math.Max(ly, vy), _y + lineHeight);
        }
        _y += 10;
    }

    private void DrawRunningHeader()
    {
        var gfx = _gfx!;
        var heading = _bold.Wrap(_title.Heading, FooterFontSize + 1, ContentWidth, 1);
        if (heading.Count > 0)
            gfx.DrawString(heading[0], _runningFont, _muted, Margin, _y, XStringFormats.TopLeft);
        _y += (FooterFontSize + 1) * 1.3 + 4;
    }

    private void DrawFooter()
    {
        var gfx = _gfx!;
        gfx.DrawLine(_thinRule, Margin, FooterTop - 3, Margin + ContentWidth, FooterTop - 3);
        var left = _regular.Wrap(_title.Heading, FooterFontSize, ContentWidth * 0.6, 1);
        if (left.Count > 0)
            gfx.DrawString(left[0], _footerFont, _muted, Margin, FooterTop, XStringFormats.TopLeft);

        // "Page n of " is drawn here, the total comes from the shared form placed right after it.
        // The block starts where "Page 00000 of 00000" would have to start to end at the margin.
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Page {_pageCount} of ");
        var start = Margin + ContentWidth - _regular.Width("Page 00000 of 00000") * FooterFontSize;
        gfx.DrawString(prefix, _footerFont, _muted, start, FooterTop, XStringFormats.TopLeft);
        var formX = start + _regular.Width(prefix) * FooterFontSize;
        gfx.DrawImage(_totalPages, formX, FooterTop, _totalPages.PointWidth, _totalPages.PointHeight);
    }

    private void DrawHeaderRow()
    {
        var gfx = _gfx!;
        var layout = _layout!;
        gfx.DrawRectangle(_headerFill, Margin, _y, ContentWidth, layout.HeaderHeight);
        var x = Margin;
        for (var c = 0; c < _columns.Length; c++)
        {
            var ty = _y + layout.PadY;
            foreach (var line in layout.HeaderLines[c])
            {
                gfx.DrawString(line, layout.Header, _ink, x + layout.PadX, ty, XStringFormats.TopLeft);
                ty += layout.LineHeight;
            }
            x += layout.Widths[c];
        }
        _y += layout.HeaderHeight;
        gfx.DrawLine(_rule, Margin, _y, Margin + ContentWidth, _y);
        _y += 0.5;
    }

    private void FinishPage()
    {
        _gfx!.DrawLine(_thinRule, Margin, _y, Margin + ContentWidth, _y);
        _gfx.Dispose();
        _gfx = null;
        // Compress the finished page now rather than at Save: the document holds every page until
        // then, and deflated content is a fraction of the raw operators.
        foreach (var content in _page!.Contents)
            content.Stream?.Zip();
        _page = null;
    }

    /// <summary>Write-only pass-through that reports the bytes written so far as its position.</summary>
    private sealed class CountingWriteStream(Stream inner) : Stream
    {
        private long _written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }
        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            _written += count;
        }
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _written += buffer.Length;
        }
        public override void WriteByte(byte value)
        {
            inner.WriteByte(value);
            _written++;
        }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        // Never closes the caller's stream.
        protected override void Dispose(bool disposing) { }
    }
}
