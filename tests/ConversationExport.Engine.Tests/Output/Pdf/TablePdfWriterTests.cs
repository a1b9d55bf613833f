using System.Globalization;
using ConversationExport.Engine.Output.Pdf;
using ConversationExport.EngineTests.Support;
using Xunit.Abstractions;
using static ConversationExport.EngineTests.Output.Pdf.PdfTools;

namespace ConversationExport.EngineTests.Output.Pdf;

/// <summary>
/// The table PDF read back with poppler (pdftotext, pdfinfo, pdffonts): every id, the title block,
/// the repeated header and the page numbers must come out of an independent reader.
/// </summary>
public sealed class TablePdfWriterTests(ITestOutputHelper output)
{
    private static readonly string[] CdrColumns = ["ConversationId", "Start", "Duration", "Agent", "Direction", "Caller", "Called"];

    [Fact]
    public void Title_block_header_and_every_row_are_extractable()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("cdr.pdf");
        var ids = Enumerable.Range(0, 150).Select(i => Guid.NewGuid().ToString()).ToArray();
        Write(path, SampleTitle(), CdrColumns, ids.Select(Row));

        var text = Text(path);
        foreach (var id in ids)
            Assert.Contains(id, text);
        Assert.Contains("Conversation Detail Records — Nightly export", text);
        foreach (var (label, value) in SampleTitle().Lines)
        {
            Assert.Contains(label, text);
            Assert.Contains(value, text);
        }
        var pages = Pages(path);
        Assert.Equal(int.Parse(Info(path)["Pages"]), pages.Length);
        Assert.True(pages.Length > 1);
        for (var p = 0; p < pages.Length; p++)
        {
            Assert.Contains("ConversationId", pages[p]);
            Assert.Contains($"Page {p + 1} of {pages.Length}", pages[p]);
        }
    }

    [Fact]
    public void Page_is_landscape_A4_and_the_fonts_are_embedded_subsets()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("cdr.pdf");
        Write(path, SampleTitle(), CdrColumns, Enumerable.Range(0, 10).Select(i => Row(Guid.NewGuid().ToString())));

        var info = Info(path);
        Assert.StartsWith("841.89 x 595.28 pts", info["Page size"]);
        Assert.Equal("Conversation Detail Records — Nightly export", info["Title"]);
        var fonts = Fonts(path).Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToArray();
        Assert.NotEmpty(fonts);
        // name  type  encoding  emb sub uni: every font embedded, subset, with a ToUnicode map.
        Assert.All(fonts, f => Assert.Matches(@"\+DejaVu Sans.*\byes\s+yes\s+(yes|no)\b", f));
    }

    [Fact]
    public void Non_ASCII_text_renders_and_extracts()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("cdr.pdf");
        string[] names = ["Zsófia Kovács", "Ügyfél Szolgálat", "Łukasz Żółć", "Иван Петров", "Ελένη Παπαδοπούλου", "Åsa Öberg"];
        var rows = names.Select((n, i) => new[] { Guid.NewGuid().ToString(), n, "Bejövő hívás – ügyfél" });
        Write(path, SampleTitle(), ["ConversationId", "Ügyintéző", "Megjegyzés"], rows);

        var text = Text(path);
        foreach (var name in names)
            Assert.Contains(name, text);
        Assert.Contains("Ügyintéző", text);
        Assert.Contains("Bejövő hívás – ügyfél", text);
        Assert.Contains("Zsófia Kovács", text);   // from the query in the title block too
        Assert.Contains("Nightly-Ügyfél", text);
    }

    [Fact]
    public void Characters_the_font_lacks_do_not_fail_the_export()
    {
        // DejaVu Sans has no CJK glyphs and no colour emoji: they draw as empty boxes, the row stays.
        using var temp = new TempFolder();
        var path = temp.Combine("cjk.pdf");
        var id = Guid.NewGuid().ToString();
        Write(path, SampleTitle(), ["ConversationId", "Agent"], [[id, "山田太郎 😀 Kovács"]]);
        var text = Text(path);
        Assert.Contains(id, text);
        Assert.Contains("Kovács", text);
        output.WriteLine("extracted: " + text.Split('\n').Last(l => l.Contains("Kovács", StringComparison.Ordinal)));
    }

    [Fact]
    public void Fifteen_columns_fit_the_page_and_keep_ids_whole()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("wide.pdf");
        var columns = WideColumns;
        var ids = Enumerable.Range(0, 120).Select(_ => Guid.NewGuid().ToString()).ToArray();
        var rows = ids.Select(WideRow);

        using var stream = File.Create(path);
        using var writer = new TablePdfWriter(stream, SampleTitle(), columns);
        foreach (var row in rows)
            writer.AddRow(row);
        writer.Complete();
        var widths = writer.ColumnWidths!;
        var size = writer.BodyFontSize!.Value;
        stream.Close();
        output.WriteLine($"15 columns: body {size} pt, widths {string.Join(", ", widths.Select(w => w.ToString("0", CultureInfo.InvariantCulture)))}");

        Assert.InRange(widths.Sum(), 781, 782);   // A4 landscape minus 2 × 30 pt margins
        Assert.InRange(size, 5.5, 8);
        var text = Text(path);
        foreach (var id in ids)
            Assert.Contains(id, text);
        foreach (var column in columns)
            Assert.Contains(column, text);
    }

    [Fact]
    public void Long_cells_wrap_and_are_cut_with_an_ellipsis_while_long_words_break()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("long.pdf");
        var essay = string.Join(' ', Enumerable.Range(0, 400).Select(i => "word" + i));
        var url = "https://example.invalid/" + new string('x', 400);
        var id = Guid.NewGuid().ToString();
        Write(path, SampleTitle(), ["ConversationId", "Notes", "Link"], [[id, essay, url]]);

        var text = Text(path);
        Assert.Contains(id, text);
        Assert.Contains("word0 word1", text);
        Assert.DoesNotContain("word399", text);   // cut …
        Assert.Contains("\u2026", text);          // … visibly
        Assert.Contains("https://example.invalid/xxx", text);
    }

    [Fact]
    public void Multi_line_and_control_characters_do_not_break_the_row()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("ctl.pdf");
        var id = Guid.NewGuid().ToString();
        Write(path, SampleTitle(), ["ConversationId", "Notes"], [[id, "first line\r\nsecond\tline\u0007 end"], [Guid.NewGuid().ToString(), null!]]);

        var text = Text(path);
        Assert.Contains(id, text);
        Assert.Contains("first line", text);
        Assert.Contains("second line end", text);   // tab and BEL became spaces, runs of spaces collapse
    }

    [Fact]
    public void An_empty_table_is_one_page_with_title_header_and_a_note()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("empty.pdf");
        Write(path, SampleTitle(), CdrColumns, []);

        Assert.Equal("1", Info(path)["Pages"]);
        var text = Text(path);
        Assert.Contains("Run id", text);
        Assert.Contains("ConversationId", text);
        Assert.Contains("No rows.", text);
        Assert.Contains("Page 1 of 1", text);
    }

    [Fact]
    public void Fonts_built_without_any_resolver_give_the_same_result()
    {
        // The path taken when another component of the process installed its own font resolver.
        // The product installs its resolver before it draws anything; do so here too, or this test,
        // run first, would make the process-wide mode Direct for every later test.
        Assert.Equal(PdfFonts.FontMode.Resolver, PdfFonts.Mode);
        using var temp = new TempFolder();
        var path = temp.Combine("direct.pdf");
        var ids = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid().ToString()).ToArray();
        using (var stream = File.Create(path))
        using (var writer = new TablePdfWriter(stream, SampleTitle(), CdrColumns, PdfFonts.FontMode.Direct))
        {
            foreach (var id in ids)
                writer.AddRow(Row(id));
            writer.Complete();
        }
        var text = Text(path);
        foreach (var id in ids)
            Assert.Contains(id, text);
        Assert.Contains("Zsófia Kovács", text);
        Assert.Contains("+DejaVu Sans", Fonts(path));
    }

    [Fact]
    public void The_process_wide_font_resolver_is_installed_once_and_reused()
    {
        Assert.Equal(PdfFonts.FontMode.Resolver, PdfFonts.Mode);
        Assert.IsType<EmbeddedFontResolver>(PdfSharp.Fonts.GlobalFontSettings.FontResolver);
        // A second instance of the same type is ignored by PDFsharp, not an error.
        PdfSharp.Fonts.GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
        Assert.Equal(PdfFonts.FontMode.Resolver, PdfFonts.Mode);
        // Other families still go to the platform resolver rather than failing inside ours.
        Assert.Null(new EmbeddedFontResolver().GetFont("NoSuchFace"));
    }

    [Fact]
    public void Writes_into_a_non_seekable_stream_after_existing_bytes_and_leaves_it_open()
    {
        using var temp = new TempFolder();
        var buffer = new MemoryStream();
        buffer.Write("PREFIX"u8);
        var forwardOnly = new ForwardOnlyStream(buffer);
        var id = Guid.NewGuid().ToString();
        using (var writer = new TablePdfWriter(forwardOnly, SampleTitle(), CdrColumns))
        {
            writer.AddRow(Row(id));
            writer.Complete();
        }
        Assert.True(buffer.CanWrite);                       // not closed
        Assert.Equal(buffer.Length, buffer.Position);       // left at the end of the PDF
        var path = temp.Combine("offset.pdf");
        File.WriteAllBytes(path, buffer.ToArray()[6..]);
        Assert.StartsWith("%PDF-", File.ReadAllText(path)[..5]);
        Assert.Contains(id, Text(path));
        // pdfinfo complains on stderr about a broken xref table; with exact offsets it is silent.
        Assert.Equal("1", Info(path)["Pages"]);
    }

    [Fact]
    public void Poppler_renders_the_first_page()
    {
        // Set CONVERSATIONEXPORT_PDF_SAMPLES to a folder to keep the PDF and the PNG for a look.
        using var temp = new TempFolder();
        var keep = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_PDF_SAMPLES");
        var folder = string.IsNullOrEmpty(keep) ? temp.Root : Directory.CreateDirectory(keep).FullName;
        var path = Path.Combine(folder, "cdr-sample.pdf");
        Write(path, SampleTitle(), CdrColumns, Enumerable.Range(0, 80).Select(_ => Row(Guid.NewGuid().ToString())));
        RenderPng(path, Path.Combine(folder, "cdr-sample"), page: 1);
        RenderPng(path, Path.Combine(folder, "cdr-sample"), page: 2);
        var png = Directory.GetFiles(folder, "cdr-sample-*1.png").Single();
        Assert.True(new FileInfo(png).Length > 5_000);

        var wide = Path.Combine(folder, "wide-sample.pdf");
        Write(wide, SampleTitle(), WideColumns, Enumerable.Range(0, 40).Select(i => WideRow(Guid.NewGuid().ToString(), i)));
        RenderPng(wide, Path.Combine(folder, "wide-sample"), page: 1);
    }

    [Fact]
    public void Misuse_is_reported()
    {
        using var stream = new MemoryStream();
        using var writer = new TablePdfWriter(stream, SampleTitle(), CdrColumns);
        Assert.Throws<ArgumentException>(() => writer.AddRow(["only one"]));
        writer.Complete();
        Assert.Throws<InvalidOperationException>(() => writer.AddRow(Row("x")));
        Assert.Throws<InvalidOperationException>(() => writer.Complete());
        Assert.Throws<ArgumentException>(() => new TablePdfWriter(new MemoryStream(), SampleTitle(), []));
    }

    private static readonly string[] WideColumns =
    [
        "ConversationId", "StartTime", "EndTime", "Duration", "Direction", "AgentName", "AgentId", "Group",
        "CallerNumber", "CalledNumber", "Extension", "Channel", "MediaType", "FileName", "RecorderServer",
    ];

    private static string[] WideRow(string id, int i) =>
    [
        id, "2026-11-28 14:03:22 +01:00", "2026-11-28 14:09:51 +01:00", "00:06:29", i % 2 == 0 ? "Inbound" : "Outbound",
        "Zsófia Kovács", "AGT-00" + i, "Customer Service Hungary", "+36 1 555 0" + i.ToString("000", CultureInfo.InvariantCulture),
        "+36 1 555 9999", "4711", "SIP trunk 3", "Audio", $"2026/11/28/{id}_call.wav", "rec-srv-budapest-01.contoso.local",
    ];

    internal static string[] Row(string id)
    {
        var n = id.GetHashCode() & 0x7FFF;
        return
        [
            id,
            new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.FromHours(1)).AddSeconds(n * 7).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(30 + n % 900).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
            (n % 3) switch { 0 => "Zsófia Kovács", 1 => "Ügyfél Szolgálat", _ => "John Smith" },
            n % 2 == 0 ? "Inbound" : "Outbound",
            "+36 1 555 " + (n % 10000).ToString("0000", CultureInfo.InvariantCulture),
            "+36 30 123 " + (n % 7919).ToString("0000", CultureInfo.InvariantCulture),
        ];
    }

    internal static void Write(string path, PdfTitle title, IReadOnlyList<string> columns, IEnumerable<string[]> rows)
    {
        using var stream = File.Create(path);
        using var writer = new TablePdfWriter(stream, title, columns);
        foreach (var row in rows)
            writer.AddRow(row);
        writer.Complete();
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
