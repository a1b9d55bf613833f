using System.Globalization;
using ConversationExport.Engine.Archive;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export.Naming;
using ConversationExport.Engine.Output;
using ConversationExport.Engine.Output.Pdf;

namespace ConversationExport.Engine.Export;

/// <summary>
/// The Conversation Detail Record files of a run (seed §4.5): one row per exported conversation,
/// in run order, times in the task time zone; CSV and/or a paginated PDF with a title block.
/// Written after the last batch, streamed from the catalog through a spool beside the output.
/// </summary>
internal static class RunCdr
{
    public static async Task<List<RunManifest.ExtraFile>> AddAsync(IArchiveWriter writer, Targets.IStorageTarget target, RunRecord record, RunCatalog runs, ConversationStore store, CancellationToken cancellation)
    {
        var settings = record.Settings;
        var extras = new List<RunManifest.ExtraFile>();
        if (settings.CdrFormat.Length == 0) return extras;
        var zone = ExportTimeZone.Find(settings.TimeZone);
        var columns = ConversationColumns.Resolve(settings.CdrColumns, ConversationColumns.DefaultCdr);
        foreach (var format in settings.CdrFormat.Distinct())
        {
            var extension = format.ToString().ToLowerInvariant();
            var spool = target.TemporaryPath($"{record.BaseName}.spool-cdr-{extension}");
            await using (var output = new FileStream(spool, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var rows = ExportedConversations(runs, store, record.Run.RunId, cancellation);
                if (format == CdrFormat.Csv) WriteCsv(output, rows, columns, zone, settings);
                else WritePdf(output, rows, columns, zone, record, runs);
            }
            Stream Open() => new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
            var file = await writer.AddAsync($"cdr.{extension}", Open, DateTime.UtcNow, cancellation);
            extras.Add(new RunManifest.ExtraFile(file.Path, file.Size, file.Sha256, file.Container));
        }
        return extras;
    }

    private static void WriteCsv(Stream output, IEnumerable<Conversation> rows, IReadOnlyList<string> columns, TimeZoneInfo zone, ExportSettings settings)
    {
        using var table = new CsvTableWriter(output, columns, zone, new CsvOptions(settings.AllowFormulas, settings.ExcelBom));
        foreach (var conversation in rows) table.WriteRow(conversation);
    }

    private static void WritePdf(Stream output, IEnumerable<Conversation> rows, IReadOnlyList<string> columns, TimeZoneInfo zone, RunRecord record, RunCatalog runs)
    {
        var run = record.Run;
        var processed = runs.ItemCounts(run.RunId);
        var title = new PdfTitle("Conversation Detail Records",
        [
            ("Task", run.Task),
            ("Run", run.RunId.ToString(CultureInfo.InvariantCulture)),
            ("Query", record.Settings.QueryText),
            ("Run by", $"{run.StartedBy} on {string.Join(", ", run.Servers)}"),
            ("Started", ConversationColumns.FormatTime(run.StartedUtc, zone)),
            ("Time zone", zone.Id),
            ("Counts", $"selected {run.Selected}, exported {processed.Exported}, skipped {processed.Skipped}, failed {processed.Failed}"),
        ]);
        using var pdf = new TablePdfWriter(output, title, columns);
        foreach (var conversation in rows) pdf.AddRow(columns.Select(c => ConversationColumns.Value(conversation, c, zone)).ToList());
        pdf.Complete();
    }

    /// <summary>The run's exported conversations in run order, read a chunk at a time.</summary>
    private static IEnumerable<Conversation> ExportedConversations(RunCatalog runs, ConversationStore store, long runId, CancellationToken cancellation)
    {
        foreach (var chunk in runs.ExportedItems(runId).Chunk(500))
        {
            var byId = store.Enumerate(new ConversationSelection(Ids: chunk.Select(i => i.ConversationPk).ToList()), cancellation).ToDictionary(c => c.Id);
            foreach (var item in chunk)
                if (byId.TryGetValue(item.ConversationPk, out var conversation)) yield return conversation;
        }
    }
}
