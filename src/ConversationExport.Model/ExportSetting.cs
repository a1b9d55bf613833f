namespace ConversationExport;

/// <summary>
/// The catalog-wide settings of Set-ExportSetting (design §10): how notification e-mail is sent.
/// The SMTP password is never readable from it; HasSmtpCredential only says whether one is stored.
/// </summary>
public sealed class ExportSetting
{
    public string? SmtpServer { get; set; }
    public int SmtpPort { get; set; }
    /// <summary>The sender address of notification e-mail.</summary>
    public string? SmtpFrom { get; set; }
    public bool SmtpUseTls { get; set; }
    public string? SmtpUserName { get; set; }
    /// <summary>Whether an SMTP credential is stored (its password encrypted at rest).</summary>
    public bool HasSmtpCredential { get; set; }
    /// <summary>Whether notification e-mail can be sent: a server and a sender are set.</summary>
    public bool SmtpConfigured { get; set; }

    public override string ToString() => SmtpConfigured ? $"SMTP {SmtpServer}:{SmtpPort} from {SmtpFrom}" : "SMTP not configured";
}
