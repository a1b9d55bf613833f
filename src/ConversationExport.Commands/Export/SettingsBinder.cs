using System.Collections;
using System.Management.Automation;
using System.Security;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Security;

namespace ConversationExport.Commands.Export;

/// <summary>
/// The one mapping from bound cmdlet parameters to export settings, shared by New-/Set-ExportTask
/// and ad-hoc Invoke-ConversationExport: only parameters the user actually gave change a setting.
/// </summary>
internal static class SettingsBinder
{
    public static ExportSettings Apply(ExportSettings s, IDictionary bound)
    {
        T Get<T>(string name) => (T)Unwrap(bound[name])!;
        bool Has(string name) => bound.Contains(name);

        if (Has("TargetType")) s = s with { TargetType = Get<ExportTargetType>("TargetType") };
        if (Has("StorageTarget")) s = s with { StorageTarget = TargetName(bound["StorageTarget"]) };
        if (Has("ArchiveMethod")) s = s with { ArchiveMethod = Get<ArchiveMethod>("ArchiveMethod") };
        var scope = Has("SecretScope") ? Get<SecretScope>("SecretScope") : (SecretScope?)null;
        if (Has("ZipPassword")) s = s with { ProtectedPassword = Protect(Get<SecureString?>("ZipPassword"), scope ?? SecretScope.User) };
        // A new scope for a stored password: decrypted here (as the account that can) and encrypted again.
        else if (scope is { } rescope && s.ProtectedPassword is { } stored && SecretProtector.ScopeOf(stored) != rescope)
            s = s with { ProtectedPassword = SecretProtector.Protect(SecretProtector.Unprotect(stored), rescope) };
        // A method that does not encrypt drops a stored password rather than keep an unused secret.
        else if (Has("ArchiveMethod") && s.ArchiveMethod is ArchiveMethod.None or ArchiveMethod.Zip) s = s with { ProtectedPassword = null };
        if (Has("TimeZone")) s = s with { TimeZone = Get<string>("TimeZone") };
        if (Has("RenamePattern")) s = s with { RenamePattern = NullIfEmpty(Get<string?>("RenamePattern")) };
        if (Has("NoSubfolders")) s = s with { NoSubfolders = Get<SwitchParameter>("NoSubfolders").IsPresent };
        if (Has("NoDatabaseLog")) s = s with { NoDatabaseLog = Get<SwitchParameter>("NoDatabaseLog").IsPresent };
        if (Has("Server")) s = s with { Server = Get<string[]?>("Server") ?? [] };
        if (Has("Query")) s = s with { Query = Get<ConversationQuery?>("Query") ?? ConversationQuery.All };
        // Blank entries are dropped, so -NotifyEmail '' clears the list as @() does.
        if (Has("NotifyEmail")) s = s with { NotifyEmail = Get<string[]?>("NotifyEmail")?.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToArray() ?? [] };
        if (Has("NotifyOn")) s = s with { NotifyOn = Get<NotifyOn>("NotifyOn") };
        if (Has("EmailSubject")) s = s with { EmailSubject = NullIfEmpty(Get<string?>("EmailSubject")) };
        if (Has("EmailMessage")) s = s with { EmailMessage = NullIfEmpty(Get<string?>("EmailMessage")) };
        if (Has("SourceDataset")) s = s with { SourceDataset = Get<SourceDataset>("SourceDataset") };
        if (Has("Scope")) s = s with { Scope = Get<ExportScope>("Scope") };
        if (Has("IgnoreCdrOnly")) s = s with { IgnoreCdrOnly = Get<SwitchParameter>("IgnoreCdrOnly").IsPresent };
        if (Has("FileExtension")) s = s with { FileExtension = ExportValidator.NormalizeExtensions(Get<string[]?>("FileExtension")) };
        if (Has("MetadataFormat")) s = s with { MetadataFormat = Get<MetadataFormat[]?>("MetadataFormat")?.Distinct().ToArray() ?? [] };
        if (Has("MetadataColumns")) s = s with { MetadataColumns = Get<string[]?>("MetadataColumns") ?? [] };
        if (Has("CdrFormat")) s = s with { CdrFormat = Get<CdrFormat[]?>("CdrFormat")?.Distinct().ToArray() ?? [] };
        if (Has("CdrColumns")) s = s with { CdrColumns = Get<string[]?>("CdrColumns") ?? [] };
        if (Has("AllowFormulas")) s = s with { AllowFormulas = Get<SwitchParameter>("AllowFormulas").IsPresent };
        if (Has("ExcelBom")) s = s with { ExcelBom = Get<SwitchParameter>("ExcelBom").IsPresent };
        if (Has("NoManifest")) s = s with { NoManifest = Get<SwitchParameter>("NoManifest").IsPresent };
        if (Has("Incremental")) s = s with { Incremental = Get<SwitchParameter>("Incremental").IsPresent };
        if (Has("MaxResumeAttempts")) s = s with { MaxResumeAttempts = Get<int>("MaxResumeAttempts") };
        // Kept as given, so 0 or a negative size reaches the validator and is refused; $null removes the limit.
        if (Has("MaxArchiveSize")) s = s with { MaxArchiveSize = Get<long?>("MaxArchiveSize") };
        return s;
    }

    private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

    private static string? TargetName(object? value) => Unwrap(value) switch
    {
        StorageTarget target => target.Name,
        null => null,
        var other => other.ToString(),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The password leaves the SecureString only to be encrypted at rest.</summary>
    private static string? Protect(SecureString? password, SecretScope scope) =>
        password is null || password.Length == 0 ? null : SecretProtector.Protect(SecureStrings.Reveal(password)!, scope);
}
