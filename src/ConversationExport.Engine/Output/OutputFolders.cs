namespace ConversationExport.Engine.Output;

/// <summary>
/// The one rule for where a command writes (catalog files, ad-hoc export folders, downloads, lists,
/// demo folders): missing folders are created, parents included, as New-Item -Force and Out-File do;
/// a path that exists as the wrong kind (a file where a folder is needed, or the reverse) is refused.
/// </summary>
/// <remarks>
/// A stored storage target's folder is deliberately not created: it is usually a mounted share, and
/// creating it while the share is not mounted would fill the local disk under the mount point.
/// </remarks>
public static class OutputFolders
{
    /// <summary>Creates <paramref name="folder"/> and its missing parents; returns its full path.</summary>
    public static string EnsureFolder(string folder, string what)
    {
        var full = Full(folder, what);
        if (File.Exists(full))
            throw WrongKind($"The {what} '{full}' is an existing file, not a folder. Choose a folder path, or move the file away.", full);
        Create(full, what);
        return full;
    }

    /// <summary>Creates the folder that will hold the file <paramref name="file"/>; returns the file's full path.</summary>
    public static string EnsureParentOf(string file, string what)
    {
        var full = Full(file, what);
        if (Directory.Exists(full))
            throw WrongKind($"The {what} '{full}' is an existing folder, not a file. Name a file, such as '{Path.Combine(full, "name")}'.", full);
        var parent = Path.GetDirectoryName(full);
        if (parent is not null)
        {
            if (File.Exists(parent))
                throw WrongKind($"Cannot write the {what} '{full}': '{parent}' is an existing file, not a folder.", full);
            Create(parent, what);
        }
        return full;
    }

    private static string Full(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ConversationExportException(ErrorId.DestinationNotWritable, ErrorKind.InvalidArgument, $"The {what} path is empty.", path);
        try { return Path.GetFullPath(path); }
        catch (Exception error) when (error is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ConversationExportException(ErrorId.DestinationNotWritable, ErrorKind.InvalidArgument, $"The {what} path '{path}' is not valid: {error.Message}", path, error);
        }
    }

    private static void Create(string folder, string what)
    {
        try { Directory.CreateDirectory(folder); }
        catch (IOException error) when (FileOnTheWay(folder) is { } file)
        {
            throw WrongKind($"Cannot create the {what} '{folder}': '{file}' is an existing file, not a folder.", folder, error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConversationExportException(ErrorId.DestinationNotWritable, ErrorKind.PermissionDenied,
                $"Cannot create the {what} '{folder}': {error.Message}", folder, error);
        }
    }

    /// <summary>The nearest ancestor that is a file, which is why a folder could not be created.</summary>
    private static string? FileOnTheWay(string folder)
    {
        for (var current = folder; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
            if (File.Exists(current)) return current;
        return null;
    }

    private static ConversationExportException WrongKind(string message, string path, Exception? inner = null) =>
        new(ErrorId.OutputPathWrongKind, ErrorKind.InvalidArgument, message, path, inner);
}
