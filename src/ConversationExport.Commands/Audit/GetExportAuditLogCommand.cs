using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Audit;

/// <summary>
/// Reads the audit log (SPEC §12): who did what, on which machine, when and with what outcome. Entries
/// stream newest first, a page at a time, so a long log is never held in memory.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ExportAuditLog", DefaultParameterSetName = LastSet, HelpUri = HelpLinks.Online + "Get-ExportAuditLog.md")]
[OutputType(typeof(AuditEntry))]
public sealed class GetExportAuditLogCommand : CatalogCmdlet
{
    private const string LastSet = "Last";
    private const string FirstSet = "First";

    /// <summary>Entries at or after this time (a local time unless its kind says UTC).</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Entries at or before this time.</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <summary>The principal who acted (wildcards allowed, any case).</summary>
    [Parameter]
    [Alias("Principal")]
    [SupportsWildcards]
    public string? User { get; set; }

    /// <summary>The action (wildcards allowed): NewExportTask, *ExportRun, Save* …</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(AuditActionCompleter))]
    public string? Action { get; set; }

    /// <summary>What the action was done to (wildcards allowed): a task, target, conversation id or file.</summary>
    [Parameter]
    [SupportsWildcards]
    public string? Target { get; set; }

    [Parameter]
    public AuditOutcome[]? Outcome { get; set; }

    /// <summary>Only the newest n entries (newest first).</summary>
    [Parameter(ParameterSetName = LastSet)]
    [ValidateRange(1, int.MaxValue)]
    public int Last { get; set; }

    /// <summary>Only the oldest n entries, oldest first.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FirstSet)]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; }

    protected override void EndProcessing()
    {
        var filter = new AuditFilter(
            SinceUtc: Since?.ToUniversalTime(),
            UntilUtc: Until?.ToUniversalTime(),
            User: NullIfEmpty(User),
            Action: NullIfEmpty(Action),
            Target: NullIfEmpty(Target),
            Outcome: Outcome,
            Last: ParameterSetName == LastSet && Last > 0 ? Last : null,
            First: ParameterSetName == FirstSet ? First : null);
        var log = new AuditLog(OpenCatalog(), Caller);
        using var entries = log.Read(filter).GetEnumerator();
        while (Engine(entries.MoveNext)) WriteObject(entries.Current);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
