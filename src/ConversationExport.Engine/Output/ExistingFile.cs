namespace ConversationExport.Engine.Output;

/// <summary>What writing a file does when its name is already taken (the -NoClobber and -Force of the writing cmdlets).</summary>
public enum ExistingFile
{
    /// <summary>Replace it, unless it is read-only (Export-Csv's default).</summary>
    Replace,
    /// <summary>Refuse with OutputFileExists (-NoClobber).</summary>
    Refuse,
    /// <summary>Replace it, read-only or not (-Force).</summary>
    ReplaceReadOnly,
    /// <summary>Keep it and write beside it, the name given a counter (Save-Conversation's default).</summary>
    KeepBoth,
}

/// <summary>The one place that decides whether a finished file may take the place of an existing one.</summary>
public static class ExistingFiles
{
    /// <summary>
    /// Throws when the file exists and may not be replaced; with ReplaceReadOnly, makes a read-only file
    /// replaceable. Called before the work (to fail early) and again just before the rename.
    /// </summary>
    public static void Check(string path, ExistingFile mode)
    {
        if (mode == ExistingFile.KeepBoth || !File.Exists(path)) return;
        if (mode == ExistingFile.Refuse)
            throw new ConversationExportException(ErrorId.OutputFileExists, ErrorKind.ResourceExists,
                $"The file '{path}' already exists and -NoClobber was given; choose another path, remove the file, or leave out -NoClobber to replace it.", path);
        if (!File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly)) return;
        if (mode == ExistingFile.Replace)
            throw new ConversationExportException(ErrorId.DestinationNotWritable, ErrorKind.PermissionDenied,
                $"The file '{path}' already exists and is read-only; -Force replaces it.", path);
        // Unix renames over a read-only file anyway; Windows refuses until the attribute is cleared.
        File.SetAttributes(path, File.GetAttributes(path) & ~FileAttributes.ReadOnly);
    }

    /// <summary>Moves a finished temporary file to its name, as the mode allows (after Check).</summary>
    public static void MoveIntoPlace(string temporary, string path, ExistingFile mode)
    {
        Check(path, mode);
        try
        {
            File.Move(temporary, path, overwrite: mode is ExistingFile.Replace or ExistingFile.ReplaceReadOnly);
        }
        catch (IOException) when (mode == ExistingFile.Refuse && File.Exists(path))
        {
            Check(path, mode); // created by someone else since the check: refused all the same
            throw;
        }
    }
}
