using ConversationExport.Engine.Targets;

namespace ConversationExport.Engine.Archive;

/// <summary>Makes the writer an <see cref="ArchiveOptions"/> asks for.</summary>
public static class ArchiveWriters
{
    /// <summary>The smallest part size accepted: room for headers and a little data.</summary>
    public const long MinimumPartSize = 64 * 1024;

    /// <summary>Entries compressed at once, at most.</summary>
    public const int MaximumParallelism = 64;

    /// <summary>
    /// A <see cref="FolderArchiveWriter"/> for <see cref="ArchiveMethod.None"/>, a
    /// <see cref="ZipArchiveWriter"/> otherwise. Checks the options; touches no file yet.
    /// </summary>
    public static IArchiveWriter Create(ArchiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Folder) || !Directory.Exists(options.Folder))
            throw new ConversationExportException(ErrorId.DestinationNotWritable, ErrorKind.NotFound,
                $"The destination folder '{options.Folder}' does not exist.", options.Folder);
        if (string.IsNullOrWhiteSpace(options.BaseName) || options.BaseName.IndexOfAny(['/', '\\', ':', '\0']) >= 0
            || options.BaseName is "." or "..")
            throw Invalid($"'{options.BaseName}' is not a usable archive name: it must be a plain file name.", options.BaseName);
        var encrypted = options.Method is ArchiveMethod.ZipCrypto or ArchiveMethod.Aes256;
        if (encrypted && string.IsNullOrEmpty(options.Password))
            throw Invalid($"ArchiveMethod {options.Method} encrypts and needs a password.", options.Method);
        if (!encrypted && options.Password is not null)
            throw Invalid($"ArchiveMethod {options.Method} does not encrypt; a password would be silently ignored.", options.Method);
        if (options.MaxPartSize is { } max)
        {
            if (options.Method == ArchiveMethod.None)
                throw Invalid("MaxPartSize splits ZIP archives; it does not apply to loose files (ArchiveMethod None).", max);
            if (max < MinimumPartSize)
                throw Invalid($"MaxPartSize {max} is too small; parts must be at least {MinimumPartSize} bytes.", max);
        }
        if (options.FirstPart < 1)
            throw Invalid($"FirstPart must be 1 or more, not {options.FirstPart}.", options.FirstPart);
        if (options.Parallelism is < 1 or > MaximumParallelism)
            throw Invalid($"Parallelism must be between 1 and {MaximumParallelism}, not {options.Parallelism}.", options.Parallelism);

        return options.Method switch
        {
            ArchiveMethod.None => new FolderArchiveWriter(options),
            ArchiveMethod.Zip or ArchiveMethod.ZipCrypto or ArchiveMethod.Aes256 => new ZipArchiveWriter(options),
            _ => throw Invalid($"Unknown ArchiveMethod {options.Method}.", options.Method),
        };
    }

    /// <summary>
    /// Deletes the temporary files an interrupted writer with this <paramref name="baseName"/> left in the
    /// local <paramref name="folder"/> (see <see cref="IStorageTarget.DeleteUndelivered"/>); delivered files are never touched.
    /// </summary>
    public static int DiscardUndelivered(string folder, string baseName) => new FileSystemTarget(folder).DeleteUndelivered(baseName);

    private static ConversationExportException Invalid(string message, object? target) =>
        new(ErrorId.InvalidArgument, ErrorKind.InvalidArgument, message, target);
}
