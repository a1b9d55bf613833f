@{
    Synopsis    = 'Lists the audit log: who did what to the catalog, its tasks, targets, schedules, settings and runs, on which machine, when, and with what outcome.'
    Description = @'
Get-ExportAuditLog reads the catalog's audit log, newest entry first. The module writes one entry for every export run (when it starts, and when it ends with its final state), every resume, stop and given-up run, every download (Save-Conversation, Save-ExportArchive) and conversation list (Export-ConversationList), every change to export tasks, templates, storage targets, schedules, permissions and settings, every import, every catalog initialization and schema upgrade (UpgradeCatalog, written when a catalog of an older version is opened), and every refusal.

An administrator of the catalog reads every entry; another user reads only the entries of their own actions.

Each entry has the principal (the OS user who acted, DOMAIN\user on Windows), the machine, the time in UTC, the action (named after the cmdlet or event: NewExportTask, StartExportRun, EndExportRun, SaveConversation ...), its target (a task, target, conversation id or file), a detail in words (never a secret: passwords and keys are shown as "set") and the outcome, one of {Enum:ConversationExport.AuditOutcome}:
- Succeeded: the action did what it was asked; its entry was written in the same transaction as the change, so there is no change without its entry;
- Failed: the action began to change something (the catalog, a file, the OS scheduler) and then failed; the detail names the error. Refusals before anything changed (a bad parameter, a name taken or unknown, settings that do not validate) are errors to the caller and are not recorded; downloads and list exports take data out, so every attempt is recorded. A run's end is Succeeded when it Completed and Failed otherwise (CompletedWithErrors, Failed, Cancelled, Interrupted: the detail says which); a run shared by several servers still has one start and one end;
- Denied: the caller was not permitted to do it; nothing changed.

The log is append-only: the module never changes or removes an entry, and the catalog database refuses to (its triggers reject UPDATE and DELETE on the audit_log table), so an entry can only be removed by dropping those triggers first, which takes the database owner's rights. Entry ids grow by one with every entry.

Entries are read from the catalog a page at a time and written to the pipeline as they come, so a long log never has to fit in memory; -Last and -First stop reading early.
'@
    Parameters  = @{
        Since   = 'Lists only entries written at or after this time. A time without a kind is local time, as Get-Date gives it; it is compared in UTC.'
        Until   = 'Lists only entries written at or before this time.'
        User    = 'Lists only entries of this principal (DOMAIN\user on Windows, the user name elsewhere). Wildcards are allowed; the comparison ignores case.'
        Action  = 'Lists only entries of this action, such as NewExportTask, StartExportRun, EndExportRun, SaveConversation or ExportConversationList. Wildcards are allowed (*ExportRun, Set*); the comparison ignores case. Tab completion offers the actions.'
        Target  = 'Lists only entries whose target matches: a task or storage target name, a conversation id, a file path or the catalog. Wildcards are allowed; the comparison ignores case.'
        Outcome = 'Lists only entries with these outcomes: {Enum:ConversationExport.AuditOutcome}.'
        Last    = 'Lists only the newest n entries that match, newest first.'
        First   = 'Lists only the oldest n entries that match, oldest first (the order they were written in).'
        Catalog = 'The catalog whose log to read, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @()
    Outputs     = @(
        @{ Type = 'ConversationExport.AuditEntry'; Description = 'One object per entry: Id, TimeUtc, Principal, Machine, Action, Target, Detail and Outcome.' }
    )
    Examples    = @(
        @{
            Title   = 'What happened today'
            Code    = 'Get-ExportAuditLog -Since (Get-Date).Date'
            Remarks = 'Lists the entries written since midnight (local time), newest first, as a table.'
        }
        @{
            Title   = 'Failed and refused actions of the last week'
            Code    = 'Get-ExportAuditLog -Since (Get-Date).AddDays(-7) -Outcome Failed, Denied | Format-List TimeUtc, Principal, Machine, Action, Target, Detail'
            Remarks = 'Shows, in full, every action that failed or was refused in the last seven days.'
        }
        @{
            Title   = 'Who downloaded conversations'
            Code    = 'Get-ExportAuditLog -Action Save* | Group-Object Principal -NoElement'
            Remarks = 'Counts the downloads (Save-Conversation and Save-ExportArchive) per user.'
        }
        @{
            Title   = 'The history of one task'
            Code    = 'Get-ExportAuditLog -Target Nightly -Last 20'
            Remarks = 'The last twenty entries about the task Nightly: changes to it and its schedule, and its runs'' starts and ends.'
        }
        @{
            Title   = 'Keep a copy of the log outside the catalog'
            Code    = 'Get-ExportAuditLog -First 100000 | Export-Csv .\audit.csv -NoTypeInformation'
            Remarks = 'Writes the oldest 100000 entries, in the order they were written, to a CSV file; the entries stream, so the log never has to fit in memory.'
        }
    )
    Links       = @('Get-ExportStatus', 'Get-ExportLog', 'about_ConversationExport')
}
