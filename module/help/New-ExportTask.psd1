@{
    Synopsis    = 'Creates an export task: which conversations to export, how to pack and name them, and where to deliver them.'
    Description = @'
New-ExportTask saves an export task in the catalog with every configuration item: the query that selects the conversations (-Query), the storage target or download (-TargetType, -StorageTarget), the archive method and its password (-ArchiveMethod, -ZipPassword), the time zone, file naming and folder layout (-TimeZone, -RenamePattern, -NoSubfolders), which files to take (-Scope, -FileExtension, -IgnoreCdrOnly, -SourceDataset), the part size (-MaxArchiveSize), the per-conversation log (-NoDatabaseLog) and the notification and server settings. It returns the new task. Invoke-ConversationExport -Task runs it.

Every setting is checked before anything is saved, so a bad value never leaves half a task. Errors, with their error ids:
- ExportTaskExists: a task of that name already exists (use Set-ExportTask to change it);
- StorageTargetNotFound: -StorageTarget names no storage target;
- TimeZoneNotFound: -TimeZone is not a known time zone;
- RenamePatternInvalid: -RenamePattern has an unknown token or cannot make a safe file name;
- ExportSettingInvalid: any other bad combination: no -StorageTarget for a StorageTarget task, -StorageTarget with -TargetType Download, an encrypting method without -ZipPassword, a password with None or Zip, -MaxArchiveSize below 1 MB (0 and negative sizes too) or with None, a bad -FileExtension, or a name that is empty, longer than 100 characters or contains control characters.

Defaults of a new task: TargetType StorageTarget, ArchiveMethod Zip, TimeZone UTC, the original file names in yyyy/MM/dd date folders, Scope MediaAndMetadata, SourceDataset Online, every conversation (no -Query), one archive per run, and the per-conversation log kept.

Templates: -Template <name> starts the task from the values of an export template (New-ExportTemplate) instead of the defaults; every parameter given on the same call wins over it. The task's Template property records the template's name, but the task keeps its own copy of the values: a later change to the template does not change the task (Set-ExportTask -Template loads it again).

Enabled: a task is created disabled unless -Enabled is given. Saving a task enabled starts a run of it at once in the background: a separate PowerShell process, not tied to this session, which you follow with Get-ExportStatus and whose output goes to a log file under ConversationExport/logs in the local application data folder (-Verbose names it). This needs an embedded (SQLite file) catalog; with another catalog a warning asks you to start the first run with Invoke-ConversationExport. Runs started with Invoke-ConversationExport -Scheduled happen only while the task is enabled; Invoke-ConversationExport -Task without -Scheduled runs a disabled task too.

The ZIP password is encrypted at rest for the user account that saves it; create the task (or set its password with Set-ExportTask) as the account that runs the scheduled exports. The creation is recorded in the catalog's audit log, without the password.
'@
    Include     = @('TaskSettings')
    Parameters  = @{
        Template = 'An export template (New-ExportTemplate) whose values the task starts from, instead of the defaults; every parameter given on the same call wins over the template, and a piped storage target or query too. Tab completes the template names in the catalog; a template that does not exist is refused with ExportTemplateNotFound. The template holds no password: give -ZipPassword when it encrypts. The task records the template''s name in its Template property, but keeps a copy of the values: changing the template later does not change the task (load it again with Set-ExportTask -Template).'
        Name    = 'The task''s name, unique in the catalog: 1 to 100 printable characters. It names the archives of its runs (<Name>_<yyyyMMdd_HHmmss>.zip) and is how the other cmdlets refer to the task.'
        InputObject = 'From the pipeline: a storage target (Get-StorageTarget) becomes -StorageTarget, a query (New-ConversationQuery) becomes -Query, an export template (Get-ExportTemplate) becomes -Template, and conversations (Get-Conversation) make the task export exactly those. Parameters given on the command line win.'
        Enabled = 'Creates the task enabled, which starts a run of it at once in the background (see the description) and lets runs started with Invoke-ConversationExport -Scheduled go ahead. Without it the task is created disabled.'
        Catalog = 'The catalog to create the task in, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf  = 'Checks the settings and shows the task that would be created, without saving it.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.StorageTarget'; Description = 'A storage target from Get-StorageTarget becomes the task''s -StorageTarget (unless -StorageTarget is given).' }
        @{ Type = 'ConversationExport.ConversationQuery'; Description = 'A query from New-ConversationQuery becomes the task''s -Query (unless -Query is given).' }
        @{ Type = 'ConversationExport.ExportTemplate'; Description = 'A template from Get-ExportTemplate becomes the task''s -Template (unless -Template is given).' }
        @{ Type = 'ConversationExport.Conversation'; Description = 'Conversations from Get-Conversation: the task exports exactly those (its query gets ConversationId is any of the piped ids, AND -Query when given).' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'The new task: Id, Name, Enabled and every setting (TargetType, StorageTarget, ArchiveMethod, HasZipPassword, TimeZone, RenamePattern, NoSubfolders, NoDatabaseLog, Server, Query, NotifyEmail, EmailSubject, EmailMessage, NotifyOn, SourceDataset, Scope, IgnoreCdrOnly, FileExtension, MaxArchiveSize, Incremental, MaxResumeAttempts), Template (the export template it was made from, if any), CreatedUtc, CreatedBy, ModifiedUtc and ModifiedBy. The password itself is never returned.' }
    )
    Notes       = 'A run started by hand (Invoke-ConversationExport -Task) exports every conversation the query matches when it starts, unless the task is -Incremental. A scheduled run (Invoke-ConversationExport -Task -Scheduled) is always incremental: it exports only the conversations that changed in the catalog since the task''s last completed incremental run and that no run of the task has delivered, so a recording imported late, with a start time in the past, is still exported, exactly once. Do not use -RecentThan for recurring exports: a late recording would fall outside the window.'
    Examples    = @(
        @{
            Title   = 'A nightly AES-256 export of the trading desk'
            Code    = @'
$query = New-ConversationQuery -Group Trading
New-ExportTask -Name Nightly -StorageTarget Evidence -Query $query -Incremental `
    -ArchiveMethod Aes256 -ZipPassword (Read-Host -AsSecureString 'ZIP password') `
    -TimeZone 'Europe/Budapest' -RenamePattern '{StartTime}_{User}_{From}_{To}' -MaxArchiveSize 2GB
'@
            Remarks = 'Creates a disabled, incremental task: each run exports the Trading conversations that no earlier run of the task exported, including recordings imported late, into AES-256 ZIP parts of at most 2 GB on the storage target Evidence, in date folders and with times in Budapest time. Run it from Windows Task Scheduler or cron with Invoke-ConversationExport -Task Nightly -Scheduled (see that cmdlet''s help), as the account that typed the password.'
        }
        @{
            Title   = 'Hand over audio only, readable with Windows Explorer'
            Code    = 'New-ExportTask -Name AuditorHandover -StorageTarget Evidence -Query (New-ConversationQuery -Case 2026-0017) -Scope Media -FileExtension wav -ArchiveMethod ZipCrypto -ZipPassword (Read-Host -AsSecureString) -NoSubfolders'
            Remarks = 'The recipient has no 7-Zip, so the archive uses ZipCrypto, which Windows Explorer opens (but which is weak: send the password by another channel). Only the wav recordings of case 2026-0017 are exported, without sidecars and without date folders.'
        }
        @{
            Title   = 'Create a task enabled, so that it runs at once'
            Code    = @'
New-ExportTask -Name Complaints -StorageTarget Evidence -Query (New-ConversationQuery -Label Complaint) -Enabled -Verbose
Start-Sleep -Seconds 10
Get-ExportStatus -Task Complaints -Last 1 -Wait
'@
            Remarks = 'The task starts a run in a background process as soon as it is saved; -Verbose shows the process id and its log file. The run shows up in Get-ExportStatus once that process has started, after a few seconds; -Wait then follows it until it ends.'
        }
        @{
            Title   = 'Pipe the storage target and the conversations'
            Code    = 'Get-Conversation -Case 2026-0017 | New-ExportTask -Name Case-0017 -StorageTarget (Get-StorageTarget Evidence) -ArchiveMethod Aes256 -ZipPassword (Read-Host -AsSecureString)'
            Remarks = 'The task''s query selects exactly the conversations piped in (by ConversationId), so later runs export the same set even if the case changes.'
        }
        @{
            Title   = 'Start from a template, change one value'
            Code    = 'New-ExportTask -Name Case-0018 -Template Evidence-Aes -Query (New-ConversationQuery -Case 2026-0018) -TimeZone UTC -ZipPassword (Read-Host -AsSecureString)'
            Remarks = 'Every setting comes from the template Evidence-Aes (New-ExportTemplate) except the time zone, given here, which wins. The task''s Template property says Evidence-Aes; a later change to the template does not change the task.'
        }
        @{
            Title   = 'Pipe a query'
            Code    = 'New-ConversationQuery -Direction Inbound -Label VIP | New-ExportTask -Name VipInbound -StorageTarget Evidence'
            Remarks = 'A piped query becomes the task''s -Query.'
        }
        @{
            Title   = 'A task kept on the export server for download'
            Code    = 'New-ExportTask -Name Adhoc-Legal -TargetType Download -ArchiveMethod None -IgnoreCdrOnly'
            Remarks = 'Runs are kept as loose files in the download folder of the export server instead of a storage target; CDR-only records are skipped.'
        }
    )
    Links       = @('Set-ExportTask', 'Get-ExportTask', 'Invoke-ConversationExport', 'New-ConversationQuery', 'New-StorageTarget', 'Enable-ExportTask', 'about_ConversationExport')
}
