using System.Text;
using ConversationExport.Engine.Output;
using static ConversationExport.EngineTests.Output.OutputSamples;

namespace ConversationExport.EngineTests.Output;

/// <summary>CSV sidecars and tables (seed §4.4, §4.5, SPEC §5): RFC 4180, readable by standard tools, safe in a spreadsheet.</summary>
public sealed class CsvOutputTests
{
    private static readonly string[] Columns = ["ConversationId", "StartTime", "FromInfo", "ToInfo", "User", "Labels"];

    private static byte[] Sidecar(Conversation c, IReadOnlyList<string>? columns = null, TimeZoneInfo? zone = null, CsvOptions? options = null) =>
        Bytes(stream => CsvOutput.WriteSidecar(stream, c, columns ?? Columns, zone ?? Budapest, options ?? CsvOptions.Default));

    private static string Cell(string[][] rows, string column) => rows[1][Array.IndexOf(rows[0], column)];

    public static TheoryData<string> FormulaLike => new()
    {
        "=HYPERLINK(\"http://x\")",
        "+1",
        "-2",
        "@SUM(A1)",
        "\tcmd|' /C calc'!A0",
        "\r=1+1",
    };

    [Theory]
    [MemberData(nameof(FormulaLike))]
    public void A_cell_that_would_start_a_formula_is_neutralized(string value)
    {
        var rows = PythonCsv(Sidecar(Call(c => c.FromInfo = value)));

        Assert.Equal("'" + value, Cell(rows, "FromInfo"));
    }

    [Theory]
    [MemberData(nameof(FormulaLike))]
    public void AllowFormulas_keeps_the_cell_verbatim(string value)
    {
        var rows = PythonCsv(Sidecar(Call(c => c.FromInfo = value), options: new CsvOptions(AllowFormulas: true)));

        Assert.Equal(value, Cell(rows, "FromInfo"));
    }

    [Fact]
    public void The_neutralized_hyperlink_is_quoted_text_in_the_file()
    {
        var text = Encoding.UTF8.GetString(Sidecar(Call(c => c.FromInfo = "=HYPERLINK(\"http://x\")")));

        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",", text);
    }

    [Fact]
    public void Text_that_only_contains_formula_characters_is_left_alone()
    {
        var rows = PythonCsv(Sidecar(Call(c => { c.FromInfo = "a=b+c-d@e"; c.ToInfo = "Smith - Jones"; })));

        Assert.Equal("a=b+c-d@e", Cell(rows, "FromInfo"));
        Assert.Equal("Smith - Jones", Cell(rows, "ToInfo"));
    }

    public static TheoryData<string> Awkward => new()
    {
        "Kovács, Zsófia",
        "Agent \"Smith\"",
        "line one\nline two",
        "line one\r\nline two\r\n",
        "Zsófia Kovács",
        "Øresund 東京 😀",
        " padded ",
        "\"",
        ",",
        "",
    };

    [Theory]
    [MemberData(nameof(Awkward))]
    public void Commas_quotes_newlines_and_non_ASCII_survive_a_round_trip(string value)
    {
        var call = Call(c => { c.FromInfo = value; c.ToInfo = value + "|" + value; c.User = value; c.Labels = [new(value), new("VIP")]; });

        var rows = PythonCsv(Sidecar(call));

        Assert.Equal(2, rows.Length);
        Assert.Equal(Columns, rows[0]);
        Assert.Equal(value, Cell(rows, "FromInfo"));
        Assert.Equal(value + "|" + value, Cell(rows, "ToInfo"));
        Assert.Equal(value, Cell(rows, "User"));
        Assert.Equal(value + "; VIP", Cell(rows, "Labels"));
    }

    [Fact]
    public void Records_end_with_CRLF_and_quotes_are_doubled()
    {
        var text = Encoding.UTF8.GetString(Sidecar(Call(c => c.FromInfo = "say \"hi\"\nbye"), ["ConversationId", "FromInfo"]));

        Assert.Equal("ConversationId,FromInfo\r\n9b2f0c1e-5d6a-4c1b-8e55-0f1d2a3b4c5d,\"say \"\"hi\"\"\nbye\"\r\n", text);
    }

    [Fact]
    public void The_header_holds_the_chosen_columns_in_the_chosen_order()
    {
        var columns = ConversationColumns.Resolve(["duration", "CASES", "From"], ConversationColumns.DefaultMetadata);

        var rows = PythonCsv(Sidecar(Call(), columns));

        Assert.Equal(["Duration", "Cases", "From"], rows[0]);
        Assert.Equal(["00:06:38.377", "2026-0017; 2026-0020", "3612345678"], rows[1]);
    }

    [Fact]
    public void A_sidecar_with_every_column_has_every_field()
    {
        var rows = PythonCsv(Sidecar(Call(), ConversationColumns.All));

        Assert.Equal(ConversationColumns.All, rows[0]);
        Assert.Equal(ConversationColumns.All.Select(column => ConversationColumns.Value(Call(), column, Budapest)), rows[1]);
    }

    [Fact]
    public void Times_are_in_the_task_time_zone()
    {
        Assert.Equal("2026-11-28T10:15:02.123+01:00", Cell(PythonCsv(Sidecar(Call(), zone: Budapest)), "StartTime"));
        Assert.Equal("2026-11-28T04:15:02.123-05:00", Cell(PythonCsv(Sidecar(Call(), zone: ConversationExport.Engine.Export.Naming.ExportTimeZone.Find("America/New_York"))), "StartTime"));
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_written_only_for_Excel()
    {
        var plain = Sidecar(Call(c => c.FromInfo = "Zsófia Kovács"));
        var excel = Sidecar(Call(c => c.FromInfo = "Zsófia Kovács"), options: new CsvOptions(ExcelBom: true));

        Assert.Equal("ConversationId"u8.ToArray(), plain[..14]);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, excel[..3]);
        Assert.Equal(plain, excel[3..]);
        // Read as plain UTF-8, the BOM would show as U+FEFF in the first header cell.
        Assert.Equal("ConversationId", PythonCsv(plain)[0][0]);
        Assert.Equal("\uFEFFConversationId", PythonCsv(excel)[0][0]);
        Assert.Equal("Zsófia Kovács", Cell(PythonCsv(excel, "utf-8-sig"), "FromInfo"));
    }

    [Fact]
    public void The_sidecar_is_written_from_the_streams_position_and_leaves_it_open()
    {
        using var stream = new MemoryStream();
        stream.Write("prefix|"u8);

        CsvOutput.WriteSidecar(stream, Call(), ["ConversationId"], Budapest, new CsvOptions(ExcelBom: true));
        stream.Write("|suffix"u8);

        Assert.Equal("prefix|\uFEFFConversationId\r\n9b2f0c1e-5d6a-4c1b-8e55-0f1d2a3b4c5d\r\n|suffix", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void An_unknown_column_is_refused_before_anything_is_written()
    {
        using var stream = new MemoryStream();

        var error = Assert.Throws<ConversationExportException>(
            () => CsvOutput.WriteSidecar(stream, Call(), ["ConversationId", "Nope"], Budapest, CsvOptions.Default));

        Assert.Equal(ErrorId.ColumnUnknown, error.Id);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void A_table_of_ten_thousand_rows_reads_back_with_Python()
    {
        const int count = 10_000;
        var columns = ConversationColumns.Resolve(["ConversationId", "StartTime", "Duration", "FromInfo", "Labels"], ConversationColumns.DefaultCdr);
        using var stream = new MemoryStream();
        using (var table = new CsvTableWriter(stream, columns, Budapest, CsvOptions.Default))
        {
            for (var i = 0; i < count; i++)
                table.WriteRow(Call(c =>
                {
                    c.ConversationId = $"c-{i:00000}";
                    c.StartTimeUtc = c.StartTimeUtc.AddMinutes(i);
                    c.FromInfo = i % 3 == 0 ? $"=cmd{i}" : $"Caller, \"{i}\"\nsecond line";
                }));
            Assert.Equal(count, table.RowCount);
        }

        var rows = PythonCsv(stream.ToArray());

        Assert.Equal(count + 1, rows.Length);
        Assert.Equal(columns, rows[0]);
        Assert.All(rows, row => Assert.Equal(columns.Count, row.Length));
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"c-{i:00000}"), rows.Skip(1).Select(row => row[0]));
        Assert.Equal("2026-11-28T10:15:02.123+01:00", rows[1][1]);
        Assert.Equal("'=cmd9999", rows[count][3]);
        Assert.Equal("Caller, \"9998\"\nsecond line", rows[count - 1][3]);
    }

    [Fact]
    public void A_table_streams_its_rows_instead_of_holding_them()
    {
        using var stream = new MemoryStream();
        long beforeDispose;
        using (var table = new CsvTableWriter(stream, ConversationColumns.All, Budapest, CsvOptions.Default))
        {
            for (var i = 0; i < 5_000; i++) table.WriteRow(Call());
            beforeDispose = stream.Length;
        }

        // About 2.5 MB of rows: all but the writer's last buffer (64 KiB) is already in the stream.
        Assert.True(stream.Length > 2_000_000, $"{stream.Length} bytes");
        Assert.InRange(stream.Length - beforeDispose, 1, 64 * 1024);
    }

    [Fact]
    public void A_table_with_no_rows_is_its_header_and_leaves_the_stream_open()
    {
        using var stream = new MemoryStream();
        using (new CsvTableWriter(stream, ["ConversationId", "From"], Budapest, CsvOptions.Default)) { }

        Assert.True(stream.CanWrite);
        Assert.Equal("ConversationId,From\r\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void A_table_spells_the_header_as_the_catalog_does()
    {
        using var stream = new MemoryStream();
        using (var table = new CsvTableWriter(stream, ["conversationid", "FROMINFO"], Budapest, CsvOptions.Default))
        {
            Assert.Equal(["ConversationId", "FromInfo"], table.Columns);
        }

        Assert.Equal(["ConversationId", "FromInfo"], PythonCsv(stream.ToArray())[0]);
    }
}
