using ConversationExport.Engine.Output;
using ConversationExport.Engine.Export.Naming;

namespace ConversationExport.Engine.Export;

/// <summary>
/// Downloads one conversation's files (seed §3, Download a Conversation): its media and chosen
/// sidecars, named by the same rules as exports, copied under a temporary name, checked against
/// the catalog's size and renamed. An existing file is never overwritten: the name gets a counter.
/// </summary>
public static class ConversationSaver
{
    public static IReadOnlyList<string> Save(Conversation conversation, string destination, ExportSettings settings, ExistingFile existing = ExistingFile.KeepBoth)
    {
        var (files, skip) = ExportPlan.For(conversation, settings);
        if (skip is null && !files.Any(f => f.Kind is ConversationFileKind.Media or ConversationFileKind.Transcript))
            skip = "no media to download (CDR-only record)";
        if (skip is not null)
            throw new ConversationExportException(ErrorId.NothingToSave, ErrorKind.InvalidData, $"Conversation {conversation.ConversationId}: {skip}.", conversation.ConversationId);
        var findings = files.Select(RecordedSource.Check).ToList();
        if (findings.FirstOrDefault(f => f.Problem is not null) is { Problem: { } problem })
            throw new ConversationExportException(ErrorId.NothingToSave, ErrorKind.InvalidData,
                $"Conversation {conversation.ConversationId}: {problem}.", conversation.ConversationId);
        // The original sidecar is optional: one that is gone is left out, as an export leaves it out.
        files = files.Where((_, i) => findings[i].Note is null).ToList();

        destination = OutputFolders.EnsureFolder(destination, "destination folder");
        var namer = ExportFileNamer.Create(settings.RenamePattern, settings.TimeZone, noSubfolders: true);
        var basePath = namer.RelativeBase(conversation, 1);
        IReadOnlyList<string> names;
        for (var counter = 0; ; counter++)
        {
            names = ExportPlan.Names(counter == 0 ? basePath : $"{basePath}_{counter}", files);
            if (existing != ExistingFile.KeepBoth || names.All(n => !File.Exists(Path.Combine(destination, n)))) break;
        }
        foreach (var name in names) ExistingFiles.Check(Path.Combine(destination, name), existing); // before any byte is copied

        var saved = new List<string>();
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var target = Path.Combine(destination, names[i]);
                var temporary = target + ".partial";
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    using var input = RecordedSource.Open(files[i], 1 << 16);
                    input.CopyTo(output, 1 << 16);
                }
                ExistingFiles.MoveIntoPlace(temporary, target, existing);
                saved.Add(target);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ConversationExportException)
        {
            // All or nothing: a half-saved conversation would look complete to the next person.
            // File.Delete ignores a missing file but not a missing folder.
            foreach (var path in saved.Concat(names.Select(n => Path.Combine(destination, n) + ".partial")))
                if (File.Exists(path)) File.Delete(path);
            if (error is ConversationExportException) throw;
            throw new ConversationExportException(ErrorId.DestinationNotWritable, ErrorKind.ResourceUnavailable,
                $"Saving conversation {conversation.ConversationId} to '{destination}' failed: {error.Message}", destination, error);
        }
        return saved;
    }
}
