using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export.Download;
using ConversationExport.Engine.Notify;
using ConversationExport.Engine.Security;

namespace ConversationExport.Commands.Settings;

/// <summary>
/// Changes the catalog-wide settings (design §10): how notification e-mail is sent, whether direct download
/// is allowed and how long downloads are kept. Only the parameters given change; the SMTP password is
/// stored encrypted (design §12) and never shown or audited.
/// </summary>
[Cmdlet(VerbsCommon.Set, "ExportSetting", SupportsShouldProcess = true, HelpUri = HelpLinks.Online + "Set-ExportSetting.md")]
[OutputType(typeof(ExportSetting))]
public sealed class SetExportSettingCommand : CatalogCmdlet
{
    /// <summary>The SMTP server's host name or IP address; '' removes it (no e-mail is sent).</summary>
    [Parameter]
    [AllowEmptyString]
    public string? SmtpServer { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int SmtpPort { get; set; }

    /// <summary>The account the SMTP server is logged in to with; $null or [pscredential]::Empty removes it.</summary>
    [Parameter]
    [AllowNull]
    [Credential]
    public PSCredential? SmtpCredential { get; set; }

    [Parameter]
    public SwitchParameter SmtpUseTls { get; set; }

    /// <summary>The sender address of notification e-mail; '' removes it.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? SmtpFrom { get; set; }

    /// <summary>$true refuses runs of Download-type tasks and Save-ExportArchive (DirectDownloadDisabled); $false allows them again.</summary>
    [Parameter]
    public bool DisableDirectDownload { get; set; }

    /// <summary>Days a finished Download-type run stays downloadable, from its end; older ones are deleted from the download area.</summary>
    [Parameter]
    [ValidateRange(DownloadSettings.MinimumRetentionDays, DownloadSettings.MaximumRetentionDays)]
    public int DownloadRetentionDays { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var store = new SettingCatalog(OpenCatalog(), Caller);
        var smtp = Engine(() => SmtpSettings.Load(store));
        var bound = MyInvocation.BoundParameters;
        var downloads = Engine(() => DownloadSettings.Load(store));
        if (bound.ContainsKey(nameof(DisableDirectDownload))) downloads = downloads with { Disabled = DisableDirectDownload };
        if (bound.ContainsKey(nameof(DownloadRetentionDays))) downloads = downloads with { RetentionDays = DownloadRetentionDays };
        var downloadChanged = bound.ContainsKey(nameof(DisableDirectDownload)) || bound.ContainsKey(nameof(DownloadRetentionDays));
        var smtpChanged = bound.Keys.Any(k => k.StartsWith("Smtp", StringComparison.Ordinal));
        if (bound.ContainsKey(nameof(SmtpServer))) smtp = smtp with { Server = Blank(SmtpServer) };
        if (bound.ContainsKey(nameof(SmtpPort))) smtp = smtp with { Port = SmtpPort };
        if (bound.ContainsKey(nameof(SmtpUseTls))) smtp = smtp with { UseTls = SmtpUseTls.IsPresent };
        if (bound.ContainsKey(nameof(SmtpFrom))) smtp = smtp with { From = Blank(SmtpFrom) };
        var credential = bound.ContainsKey(nameof(SmtpCredential)) && SmtpCredential is { } given && !string.IsNullOrEmpty(given.UserName) ? given : null;
        if (bound.ContainsKey(nameof(SmtpCredential)))
            smtp = smtp with { UserName = credential?.UserName, ProtectedPassword = null };
        // Checked before anything is saved; the password is encrypted only once the change is confirmed.
        Engine(() => { smtp.Validate(); downloads.Validate(); return 0; });
        var change = string.Join("; ", new[] { smtpChanged || !downloadChanged ? $"SMTP settings: {smtp.Describe()}" : null, downloadChanged ? downloads.Describe() : null }.OfType<string>());
        if (!ShouldProcess(OpenCatalog().Info.ToString(), $"Set {change}")) return;
        // Each group is saved (and audited) only when one of its parameters was given.
        if (smtpChanged || !downloadChanged)
        {
            if (credential is { Password.Length: > 0 })
                smtp = smtp with { ProtectedPassword = Engine(() => SecretProtector.Protect(SecureStrings.Reveal(credential.Password)!)) };
            Engine(() => { smtp.Save(store); return 0; });
            if (smtp.Server is not null && smtp.From is null)
                WriteWarning("No notification e-mail is sent until a sender is set too: Set-ExportSetting -SmtpFrom <address>.");
        }
        if (downloadChanged) Engine(() => { downloads.Save(store); return 0; });
        if (PassThru) WriteObject(downloads.AddTo(smtp.ToModel()));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
