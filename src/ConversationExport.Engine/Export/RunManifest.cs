using System.Reflection;
using System.Text.Json;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Security;

namespace ConversationExport.Engine.Export;

/// <summary>
/// The manifest of a run (SPEC §5, seed §4.6; schema in docs/manifest.md): how the selection was
/// made, by whom, the counts, every exception, and every delivered file with its SHA-256 — the
/// chain of custody that Test-ExportArchive checks later.
/// </summary>
public static class RunManifest
{
    public const string FileName = "manifest.json";
    public const int Version = 1;

    /// <summary>Files written besides the conversations' own (the CDR), listed in the manifest like any other.</summary>
    public sealed record ExtraFile(string Path, long Size, string Sha256, string Container);

    /// <summary>Writes the manifest of <paramref name="runId"/> as it stands now: items written into the open part count as exported, since they are delivered with it.</summary>
    public static void Write(Stream output, RunCatalog runs, long runId, CallerIdentity caller, IReadOnlyList<ExtraFile> extras)
    {
        var record = runs.Get(runId);
        var run = record.Run;
        var settings = record.Settings;
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("manifestVersion", Version);
        json.WriteStartObject("module");
        json.WriteString("name", "ConversationExport");
        json.WriteString("version", typeof(RunManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");
        json.WriteEndObject();
        json.WriteString("task", run.Task);
        json.WriteNumber("runId", run.RunId);
        json.WriteStartObject("query");
        json.WriteString("Text", settings.QueryText);
        json.WritePropertyName("Criteria");
        using (var criteria = JsonDocument.Parse(JsonSerializer.Serialize(settings.Query, ExportSettings.Json)))
            criteria.RootElement.GetProperty("Criteria").WriteTo(json);
        json.WriteEndObject();
        if (settings.Selection is not null) json.WriteString("selection", "adHoc");
        json.WriteString("runBy", run.StartedBy);
        json.WriteString("writtenBy", caller.Name);
        json.WriteStartArray("servers");
        foreach (var server in run.Servers.Append(caller.Machine).Distinct(StringComparer.OrdinalIgnoreCase)) json.WriteStringValue(server);
        json.WriteEndArray();
        json.WriteString("startedUtc", run.StartedUtc);
        json.WriteString("endedUtc", DateTime.UtcNow);
        json.WriteString("timeZone", settings.TimeZone);
        json.WriteString("archiveMethod", settings.ArchiveMethod.ToString());
        json.WriteString("scope", settings.Scope.ToString());
        json.WriteString("sourceDataset", settings.SourceDataset.ToString());

        // Two passes over the run's items, both streamed: the files, then the exceptions. Nothing of a
        // run's size is held in memory, however many conversations it has or how many failed.
        long exported = 0, skipped = 0, failed = 0, notes = 0;
        json.WriteStartArray("files");
        foreach (var item in runs.ManifestItems(runId))
        {
            switch (item.State)
            {
                case RunItemState.Failed: failed++; continue;
                case RunItemState.Skipped: skipped++; continue;
            }
            exported++;
            if (item.Reason is not null) notes++;
            foreach (var file in item.Files) WriteFile(json, file.Path, file.Size, file.Sha256, file.Container, item.ConversationId);
            FlushWhenFull(json);
        }
        foreach (var extra in extras) WriteFile(json, extra.Path, extra.Size, extra.Sha256, extra.Container, null);
        json.WriteEndArray();

        json.WriteStartObject("counts");
        json.WriteNumber("selected", run.Selected);
        json.WriteNumber("exported", exported);
        json.WriteNumber("skipped", skipped);
        json.WriteNumber("failed", failed);
        json.WriteEndObject();

        json.WriteStartArray("exceptions");
        if (skipped + failed + notes > 0)
        {
            foreach (var item in runs.ManifestItems(runId))
            {
                var failure = item.State is RunItemState.Failed or RunItemState.Skipped;
                if (!failure && item.Reason is null) continue;
                json.WriteStartObject();
                json.WriteString("conversationId", item.ConversationId);
                json.WriteString("state", failure ? item.State.ToString() : "Note");
                if (failure && (item.ProblemFile ?? item.Files.FirstOrDefault()?.Path) is { } file) json.WriteString("file", file);
                json.WriteString("reason", item.Reason);
                json.WriteEndObject();
                FlushWhenFull(json);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // Utf8JsonWriter keeps everything in its buffer until flushed: a million files would be held whole.
    private static void FlushWhenFull(Utf8JsonWriter json)
    {
        if (json.BytesPending > 1 << 16) json.Flush();
    }

    private static void WriteFile(Utf8JsonWriter json, string path, long size, string sha256, string container, string? conversationId)
    {
        json.WriteStartObject();
        json.WriteString("path", path);
        json.WriteNumber("size", size);
        json.WriteString("sha256", sha256);
        json.WriteString("container", container);
        if (conversationId is not null) json.WriteString("conversationId", conversationId);
        json.WriteEndObject();
    }
}
