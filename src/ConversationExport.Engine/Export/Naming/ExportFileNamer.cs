namespace ConversationExport.Engine.Export.Naming;

/// <summary>
/// The one place an export names its files (STYLE: one place builds file names): the date folder
/// in the task's time zone unless Do Not Create Subfolders, the Rename Files pattern, sanitizing,
/// the length limit and collision counters. One instance per run, fed conversations in run order.
/// </summary>
public sealed class ExportFileNamer
{
    public ExportFileNamer(RenamePattern pattern, TimeZoneInfo zone, bool dateFolders, FileNameAllocator? allocator = null)
    {
        Pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
        Zone = zone ?? throw new ArgumentNullException(nameof(zone));
        DateFolders = dateFolders;
        Allocator = allocator ?? new FileNameAllocator();
    }

    /// <summary>From a task's stored settings: <paramref name="renamePattern"/> and <paramref name="timeZoneId"/> as the user typed them.</summary>
    /// <exception cref="ConversationExportException">RenamePatternInvalid or TimeZoneNotFound.</exception>
    public static ExportFileNamer Create(string? renamePattern, string? timeZoneId, bool noSubfolders, FileNameAllocator? allocator = null) =>
        new(RenamePattern.Parse(renamePattern), ExportTimeZone.Find(timeZoneId), !noSubfolders, allocator);

    public RenamePattern Pattern { get; }
    public TimeZoneInfo Zone { get; }
    public bool DateFolders { get; }
    public FileNameAllocator Allocator { get; }

    /// <summary>Where the conversation's files would go, before collisions: "2026/11/28/name", no extension.</summary>
    public string RelativeBase(Conversation conversation, long counter) =>
        ExportPath.Combine(DateFolders ? ExportPath.DateFolder(conversation.StartTimeUtc, Zone) : null,
            Pattern.Render(conversation, Zone, counter), "");

    /// <summary>
    /// Unique relative paths for the conversation's files, one per extension in the order given
    /// (media first, then transcripts and sidecars, say "wav", "im", "xml", "csv", "json"); all
    /// share one base. <paramref name="counter"/> is the run-wide sequence number for {Counter}.
    /// </summary>
    public IReadOnlyList<string> Name(Conversation conversation, long counter, IReadOnlyList<string> extensions) =>
        Allocator.AllocateGroup(RelativeBase(conversation, counter), extensions);
}
