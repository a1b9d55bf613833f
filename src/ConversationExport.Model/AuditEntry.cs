namespace ConversationExport;

/// <summary>How an audited action ended (SPEC §12).</summary>
public enum AuditOutcome : long
{
    /// <summary>The action did what it was asked.</summary>
    Succeeded,
    /// <summary>The action began (it changed, or started to change, something) and then failed; Detail says why.</summary>
    Failed,
    /// <summary>The caller was not permitted to do it; nothing was changed.</summary>
    Denied,
}

/// <summary>One row of the audit log (Get-ExportAuditLog): who did what, where, when and with what outcome.</summary>
public sealed class AuditEntry
{
    /// <summary>The row's number: it grows with every entry, so a gap would show a row removed.</summary>
    public long Id { get; set; }
    public DateTime TimeUtc { get; set; }
    /// <summary>The OS user who acted (DOMAIN\user on Windows).</summary>
    public string Principal { get; set; } = "";
    /// <summary>The machine the action ran on.</summary>
    public string Machine { get; set; } = "";
    /// <summary>What was done, named after the cmdlet or event (NewExportTask, StartExportRun, EndExportRun …).</summary>
    public string Action { get; set; } = "";
    /// <summary>What it was done to: a task, target, run's task, conversation, file or catalog.</summary>
    public string? Target { get; set; }
    /// <summary>The change in words; never a secret.</summary>
    public string? Detail { get; set; }
    public AuditOutcome Outcome { get; set; }

    public override string ToString() => $"{TimeUtc:u} {Principal}@{Machine} {Action} {Target} {Outcome}";
}
