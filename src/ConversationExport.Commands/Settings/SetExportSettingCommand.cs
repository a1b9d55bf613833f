using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Notify;
using ConversationExport.Engine.Security;

namespace ConversationExport.Commands.Settings;

/// <summary>
/// Changes the catalog-wide settings (design §10): how notification e-mail is sent. Only the parameters
/// given change; the SMTP password is stored encrypted (design §12) and never shown or audited.
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

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var store = new SettingCatalog(OpenCatalog(), Caller);
        var smtp = Engine(() => SmtpSettings.Load(store));
        var bound = MyInvocation.BoundParameters;
        if (bound.ContainsKey(nameof(SmtpServer))) smtp = smtp with { Server = Blank(SmtpServer) };
        if (bound.ContainsKey(nameof(SmtpPort))) smtp = smtp with { Port = SmtpPort };
        if (bound.ContainsKey(nameof(SmtpUseTls))) smtp = smtp with { UseTls = SmtpUseTls.IsPresent };
        if (bound.ContainsKey(nameof(SmtpFrom))) smtp = smtp with { From = Blank(SmtpFrom) };
        var credential = bound.ContainsKey(nameof(SmtpCredential)) && SmtpCredential is { } given && !string.IsNullOrEmpty(given.UserName) ? given : null;
        if (bound.ContainsKey(nameof(SmtpCredential)))
            smtp = smtp with { UserName = credential?.UserName, ProtectedPassword = null };
        // Checked before anything is saved; the password is encrypted only once the change is confirmed.
        Engine(() => { smtp.Validate(); return 0; });
        if (!ShouldProcess(OpenCatalog().Info.ToString(), $"Set SMTP settings: {smtp.Describe()}")) return;
        if (credential is { Password.Length: > 0 })
            smtp = smtp with { ProtectedPassword = Engine(() => SecretProtector.Protect(SecureStrings.Reveal(credential.Password)!)) };
        Engine(() => { smtp.Save(store); return 0; });
        if (smtp.Server is not null && smtp.From is null)
            WriteWarning("No notification e-mail is sent until a sender is set too: Set-ExportSetting -SmtpFrom <address>.");
        if (PassThru) WriteObject(smtp.ToModel());
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
