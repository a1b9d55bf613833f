using ConversationExport.Engine.Export.Naming;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Engine.Export;

/// <summary>Checks settings before anything is stored or written, so bad input never leaves half a task or half an export.</summary>
public static class ExportValidator
{
    public const long MinimumArchiveSize = 1024 * 1024;

    public static void Validate(ExportSettings s, TaskCatalog? tasks) => Check(s, tasks, template: false);

    /// <summary>
    /// The checks of a task's settings that a template can meet: a template holds no password (the task made
    /// from it gets one), and may leave the storage target to the task; a target it names must exist.
    /// </summary>
    public static void ValidateTemplate(ExportSettings s, TaskCatalog? tasks) => Check(s, tasks, template: true);

    private static void Check(ExportSettings s, TaskCatalog? tasks, bool template)
    {
        ExportTimeZone.Find(s.TimeZone);
        RenamePattern.Parse(s.RenamePattern);

        var encrypted = s.ArchiveMethod is ArchiveMethod.ZipCrypto or ArchiveMethod.Aes256;
        if (template && s.ProtectedPassword is not null)
            throw new ConversationExportException(ErrorId.ExportTemplateSecretRefused, ErrorKind.InvalidArgument,
                "An export template holds no secrets: give -ZipPassword to New-ExportTask or Set-ExportTask when you load the template into a task.", null);
        if (encrypted && s.ProtectedPassword is null && !template)
            throw Invalid($"-ArchiveMethod {s.ArchiveMethod} encrypts the archive and needs -ZipPassword.", s.ArchiveMethod);
        if (!encrypted && s.ProtectedPassword is not null)
            throw Invalid(s.ArchiveMethod == ArchiveMethod.None && s.TargetType == ExportTargetType.Download
                ? "-ZipPassword is not used with -ArchiveMethod None on a Download task: the archive method and password are chosen when the export is downloaded (Save-ExportArchive)."
                : $"-ZipPassword is not used with -ArchiveMethod {s.ArchiveMethod}, which does not encrypt; choose ZipCrypto or Aes256 to encrypt, or leave the password out.", s.ArchiveMethod);
        if (s.MaxArchiveSize is { } size)
        {
            // 0 once meant "no limit"; it is refused so that a typo or an unset variable never silently drops a limit.
            if (size < MinimumArchiveSize)
                throw Invalid($"-MaxArchiveSize {size} is {(size < 1 ? "not a part size" : "too small")}; parts must be at least {MinimumArchiveSize} bytes (1 MB), as in -MaxArchiveSize 1GB. For no limit, leave the parameter out, or remove a task's limit with Set-ExportTask -MaxArchiveSize $null.", size);
            if (s.ArchiveMethod == ArchiveMethod.None)
                throw Invalid("-MaxArchiveSize splits ZIP archives; it does not apply to -ArchiveMethod None (loose files).", size);
        }
        // The parameter's range, checked here too for settings read from a template's JSON.
        if (s.MaxResumeAttempts is < 0 or > 100)
            throw Invalid($"MaxResumeAttempts {s.MaxResumeAttempts} is out of range: give 0 to 100.", s.MaxResumeAttempts);
        Output.ConversationColumns.Resolve(s.MetadataColumns, Output.ConversationColumns.DefaultMetadata);
        Output.ConversationColumns.Resolve(s.CdrColumns, Output.ConversationColumns.DefaultCdr);
        Notify.EmailAddress.Validate(s.NotifyEmail, "-NotifyEmail");
        foreach (var extension in s.FileExtension)
            if (extension.Length == 0 || extension.Length > 16 || !extension.All(char.IsAsciiLetterOrDigit))
                throw Invalid($"-FileExtension '{extension}' is not a file extension; give extensions without the dot, such as wav,vtr.", extension);

        if (s.Destination is not null) return; // ad hoc: a folder instead of a target
        if (s.TargetType == ExportTargetType.StorageTarget)
        {
            if (template && s.StorageTarget is null) return;
            if (string.IsNullOrWhiteSpace(s.StorageTarget))
                throw Invalid("-TargetType StorageTarget needs -StorageTarget: the name of a target from Get-StorageTarget, or -TargetType Download.", null);
            tasks?.GetTarget(s.StorageTarget);
        }
        else if (s.StorageTarget is not null)
            throw Invalid("-StorageTarget is not used with -TargetType Download: the export is kept on the export server for Save-ExportArchive.", s.StorageTarget);
    }

    /// <summary>Extensions as stored: lower case, without a leading dot.</summary>
    public static string[] NormalizeExtensions(IEnumerable<string>? extensions) =>
        extensions?.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(e => e.TrimStart('.').ToLowerInvariant()).Distinct().ToArray() ?? [];

    private static ConversationExportException Invalid(string message, object? target) =>
        new(ErrorId.ExportSettingInvalid, ErrorKind.InvalidArgument, message, target);
}
