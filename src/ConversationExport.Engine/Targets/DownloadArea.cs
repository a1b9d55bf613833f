namespace ConversationExport.Engine.Targets;

/// <summary>The export server's folder that keeps Download-type runs until Save-ExportArchive fetches them (SPEC §10).</summary>
public static class DownloadArea
{
    /// <summary>The folder, created if needed.</summary>
    public static string Folder()
    {
        var folder = Location();
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Where the folder is, whether or not it exists yet: CONVERSATIONEXPORT_DOWNLOADS, or a default under the user's local data.</summary>
    public static string Location()
    {
        var overridden = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_DOWNLOADS");
        return !string.IsNullOrWhiteSpace(overridden)
            ? Path.GetFullPath(overridden)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ConversationExport", "downloads");
    }
}
