using System.Diagnostics;
using ConversationExport.Engine.Output.Pdf;
using ConversationExport.EngineTests.Support;
using Xunit.Abstractions;
using static ConversationExport.EngineTests.Output.Pdf.PdfTools;

namespace ConversationExport.EngineTests.Output.Pdf;

[CollectionDefinition(nameof(TenThousandRowsPdfTests), DisableParallelization = true)]
public sealed class TenThousandRowsPdfCollection;

/// <summary>
/// 10,000 CDR rows (about 20 s with pdftotext): drawn while managed memory is sampled, then read
/// back with poppler. Runs alone so the memory samples are this writer's.
/// </summary>
[Collection(nameof(TenThousandRowsPdfTests))]
[Trait("Category", "LargePdf")]
public sealed class TenThousandRowsPdfTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_rows_render_with_bounded_memory_and_every_id_extracts()
    {
        // CONVERSATIONEXPORT_PDF_ROWS raises the count for a one-off scaling measurement.
        var rows = int.TryParse(Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_PDF_ROWS"), out var r) ? r : 10_000;
        using var temp = new TempFolder();
        var path = temp.Combine("cdr.pdf");
        var ids = Enumerable.Range(0, rows).Select(_ => Guid.NewGuid().ToString()).ToArray();

        // Warm up fonts and PDFsharp once so the figures below are the writer's, not first-use costs.
        using (var warm = new TablePdfWriter(Stream.Null, SampleTitle(), ["a"]))
        {
            warm.AddRow(["b"]);
            warm.Complete();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseManaged = GC.GetTotalMemory(forceFullCollection: true);
        long peakManaged = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false) - baseManaged);
                try { await Task.Delay(5, sampling.Token); } catch (OperationCanceledException) { }
            }
        });

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        long retainedBeforeSave;
        int pages;
        using (var stream = File.Create(path))
        using (var writer = new TablePdfWriter(stream, SampleTitle(), ["ConversationId", "Start", "Duration", "Agent", "Direction", "Caller", "Called"]))
        {
            foreach (var id in ids)
                writer.AddRow(TablePdfWriterTests.Row(id));
            var drawn = clock.Elapsed;
            // What the document itself holds once every row is drawn (all pages but the last finished).
            retainedBeforeSave = GC.GetTotalMemory(forceFullCollection: true) - baseManaged;
            writer.Complete();
            pages = writer.PageCount;
            output.WriteLine($"drawing {rows} rows: {drawn.TotalSeconds:0.00} s; save: {(clock.Elapsed - drawn).TotalSeconds:0.00} s");
        }
        clock.Stop();
        sampling.Cancel();
        await sampler;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var size = new FileInfo(path).Length;

        output.WriteLine($"{rows} rows → {pages} pages ({rows / (double)pages:0.0} rows/page), {size / 1024.0 / 1024:0.00} MB file, {clock.Elapsed.TotalSeconds:0.00} s");
        output.WriteLine($"managed: retained before save {retainedBeforeSave / 1048576.0:0.0} MB ({retainedBeforeSave / pages / 1024.0:0.0} KB/page), " +
                         $"peak growth {peakManaged / 1048576.0:0.0} MB, allocated in total {allocated / 1048576.0:0} MB");

        // Measured: about 6.5 KB retained per finished page (295 pages for 10,000 rows, under 2 MB)
        // and about 16 MB peak heap growth, most of it short-lived garbage. Generous bounds:
        Assert.True(retainedBeforeSave < 20L * 1024 * pages, $"the document held {retainedBeforeSave / 1024} KB for {pages} pages before Save");
        Assert.True(peakManaged < 64L * 1024 * 1024 + 20L * 1024 * pages, $"managed heap grew by {peakManaged / 1048576} MB");

        var info = Info(path);
        Assert.Equal(pages.ToString(), info["Pages"]);
        Assert.Equal("no", info["Encrypted"]);

        var pageTexts = Pages(path);
        Assert.Equal(pages, pageTexts.Length);
        var all = string.Join('\f', pageTexts);
        var seen = new HashSet<string>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(all, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
            seen.Add(m.Value);
        var missing = ids.Where(id => !seen.Contains(id)).ToArray();
        Assert.True(missing.Length == 0, $"{missing.Length} ids not found by pdftotext, e.g. {missing.FirstOrDefault()}");

        Assert.Contains("Conversation Detail Records — Nightly export", pageTexts[0]);
        foreach (var (label, value) in SampleTitle().Lines)
            Assert.Contains($"{value}", pageTexts[0]);
        for (var p = 0; p < pages; p++)
        {
            Assert.Equal(1, Count(pageTexts[p], "ConversationId"));   // the header row, once per page
            Assert.Contains("Direction", pageTexts[p]);
            var footer = PageFooter().Match(pageTexts[p]);
            Assert.True(footer.Success, $"no page footer on page {p + 1}");
            Assert.Equal((p + 1).ToString(), footer.Groups[1].Value);
            Assert.Equal(pages.ToString(), footer.Groups[2].Value);
        }
    }
}
