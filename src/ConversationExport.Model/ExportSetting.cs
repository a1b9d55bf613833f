namespace ConversationExport;

/// <summary>
/// The catalog-wide settings of Set-ExportSetting (design §10): how notification e-mail is sent, and
/// whether and for how long Download-type runs are kept for Save-ExportArchive.
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
    /// <summary>Whether runs of Download-type tasks and Save-ExportArchive are refused (DirectDownloadDisabled).</summary>
    public bool DisableDirectDownload { get; set; }
    /// <summary>Days a finished Download-type run stays downloadable, counted from its end (1 to 3650; default 30).</summary>
    public int DownloadRetentionDays { get; set; }

    public override string ToString() => SmtpConfigured ? $"SMTP {SmtpServer}:{SmtpPort} from {SmtpFrom}" : "SMTP not configured";
}
