namespace ConversationExport.Engine.Targets;

/// <summary>The export server's folder that keeps Download-type runs until Save-ExportArchive fetches them (SPEC §10).</summary>
public static class DownloadArea
{
    /// <summary>The folder, created if needed; CONVERSATIONEXPORT_DOWNLOADS overrides the default under the user's local data.</summary>
    public static string Folder()
    {
        var overridden = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_DOWNLOADS");
        var folder = !string.IsNullOrWhiteSpace(overridden)
            ? Path.GetFullPath(overridden)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ConversationExport", "downloads");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
