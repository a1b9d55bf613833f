namespace ConversationExport.Engine.Export;

/// <summary>One file of a conversation that a run will write, and where it comes from.</summary>
/// <param name="SourcePath">The file copied byte for byte; null for a generated sidecar.</param>
/// <param name="ExpectedSize">Size recorded at import; null when the catalog has none (the original sidecar, generated sidecars).</param>
/// <param name="Generate">Writes a generated sidecar (CSV, JSON) into memory; null for copied files.</param>
public sealed record PlannedFile(string? SourcePath, string Extension, long? ExpectedSize, ConversationFileKind Kind, Func<byte[]>? Generate = null);

/// <summary>Decides which files of a conversation a run exports (Scope, File Extension(s), Ignore CDR-only).</summary>
public static class ExportPlan
{
    public static (IReadOnlyList<PlannedFile> Files, string? SkipReason) For(Conversation conversation, ExportSettings settings)
    {
        if (settings.IgnoreCdrOnly && conversation.CdrOnly)
            return ([], "CDR-only record without media (Ignore CDR-only is set)");

        var files = new List<PlannedFile>();
        if (settings.Scope != ExportScope.Metadata)
        {
            // File Extension(s) narrows the content files; metadata follows Scope alone.
            files.AddRange(conversation.Files
                .Where(f => f.Kind != ConversationFileKind.Metadata)
                .Where(f => settings.FileExtension.Length == 0 || settings.FileExtension.Contains(f.Extension, StringComparer.OrdinalIgnoreCase))
                .Select(f => new PlannedFile(f.Location, f.Extension, f.Size, f.Kind)));
        }
        if (settings.Scope != ExportScope.Media)
        {
            files.AddRange(conversation.Files.Where(f => f.Kind == ConversationFileKind.Metadata)
                .Select(f => new PlannedFile(f.Location, f.Extension, f.Size, f.Kind)));
            // The original XML only when the recorder wrote one (never generated); CSV and JSON are made from the record.
            if (settings.MetadataFormat.Contains(MetadataFormat.Xml) && conversation.SidecarPath is { } sidecar)
                files.Add(new PlannedFile(sidecar, "xml", null, ConversationFileKind.Metadata));
            if (settings.MetadataFormat.Contains(MetadataFormat.Csv))
                files.Add(new PlannedFile(null, "csv", null, ConversationFileKind.Metadata, () => Sidecars.Csv(conversation, settings)));
            if (settings.MetadataFormat.Contains(MetadataFormat.Json))
                files.Add(new PlannedFile(null, "json", null, ConversationFileKind.Metadata, () => Sidecars.Json(conversation, settings)));
        }
        if (files.Count > 0) return (files, null);
        var why = settings.Scope == ExportScope.Metadata
            ? "no metadata file"
            : conversation.Files.Length == 0
                ? "no media (CDR-only record)"
                : $"no file with extension {string.Join(", ", settings.FileExtension)}";
        return ([], $"nothing to export: {why}");
    }

    /// <summary>Generated metadata sidecars, small enough to build in memory.</summary>
    private static class Sidecars
    {
        public static byte[] Csv(Conversation conversation, ExportSettings settings)
        {
            using var buffer = new MemoryStream();
            Output.CsvOutput.WriteSidecar(buffer, conversation, Output.ConversationColumns.Resolve(settings.MetadataColumns, Output.ConversationColumns.DefaultMetadata),
                Naming.ExportTimeZone.Find(settings.TimeZone), new Output.CsvOptions(settings.AllowFormulas, settings.ExcelBom));
            return buffer.ToArray();
        }

        public static byte[] Json(Conversation conversation, ExportSettings settings)
        {
            using var buffer = new MemoryStream();
            Output.JsonSidecar.Write(buffer, conversation, Naming.ExportTimeZone.Find(settings.TimeZone));
            return buffer.ToArray();
        }
    }

    /// <summary>
    /// The name each planned file gets: the conversation's base name plus the extension, so media and
    /// metadata are renamed alike; a second file with the same extension gets _2, and so on.
    /// </summary>
    public static IReadOnlyList<string> Names(string basePath, IReadOnlyList<PlannedFile> files)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        return files.Select(f =>
        {
            var extension = f.Extension.ToLowerInvariant();
            seen[extension] = seen.GetValueOrDefault(extension) + 1;
            var suffix = seen[extension] == 1 ? "" : "_" + seen[extension];
            return extension.Length == 0 ? basePath + suffix : $"{basePath}{suffix}.{extension}";
        }).ToList();
    }
}
