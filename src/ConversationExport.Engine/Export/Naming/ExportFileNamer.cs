namespace ConversationExport.Engine.Export.Naming;

/// <summary>
/// The one place an export names its files (STYLE: one place builds file names): the date folder
/// in the task's time zone unless Do Not Create Subfolders, the Rename Files pattern, sanitizing and
/// the length limit. Collisions are resolved by the caller: a run against its items in the catalog
/// (a counter, "name_1"), Save-Conversation against the destination folder.
/// </summary>
public sealed class ExportFileNamer
{
    private readonly RenamePattern _pattern;
    private readonly TimeZoneInfo _zone;
    private readonly bool _dateFolders;

    private ExportFileNamer(RenamePattern pattern, TimeZoneInfo zone, bool dateFolders)
    {
        _pattern = pattern;
        _zone = zone;
        _dateFolders = dateFolders;
    }

    /// <summary>From a task's stored settings: <paramref name="renamePattern"/> and <paramref name="timeZoneId"/> as the user typed them.</summary>
    /// <exception cref="ConversationExportException">RenamePatternInvalid or TimeZoneNotFound.</exception>
    public static ExportFileNamer Create(string? renamePattern, string? timeZoneId, bool noSubfolders) =>
        new(RenamePattern.Parse(renamePattern), ExportTimeZone.Find(timeZoneId), !noSubfolders);

    /// <summary>
    /// Where the conversation's files go, before collisions: "2026/11/28/name", no extension.
    /// <paramref name="counter"/> is the run-wide sequence number for {Counter}.
    /// </summary>
    public string RelativeBase(Conversation conversation, long counter) =>
        ExportPath.Combine(_dateFolders ? ExportPath.DateFolder(conversation.StartTimeUtc, _zone) : null,
            _pattern.Render(conversation, _zone, counter), "");
}
