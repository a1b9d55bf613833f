@{
    Synopsis    = 'Runs an export: an export task, an ad-hoc export of piped conversations, or the rest of an unfinished run.'
    Description = @'
Invoke-ConversationExport carries out an export run and returns it as an ExportRun object. It works in four ways:
- -Task runs a saved export task (by name, or tasks piped from Get-ExportTask), with the task's settings. A disabled task runs too; add -Scheduled when a scheduler starts it.
- Conversations piped from Get-Conversation, with -Destination, make an ad-hoc export into a folder, with the output options given on the command line (the same as New-ExportTask's; ArchiveMethod Zip, UTC and all datasets unless given). The conversations are collected and exported in one run once the last has arrived.
- -Resume continues an Interrupted, Failed or Cancelled run.
- A run piped from Get-ExportStatus (or returned by an earlier Invoke-ConversationExport) binds to -Run and is resumed the same way. A piped run is never taken for its task's name: a run that has completed has nothing to resume and is reported as a non-terminating error (RunNotResumable), one that is running now as RunAlreadyActive, and no new run is started.

How a run works: the settings are checked, an ad-hoc -Destination folder is created when it does not exist (with missing parents; a path that is an existing file is refused with OutputPathWrongKind), and the destination must be writable (DestinationNotWritable otherwise; a storage target's folder is never created, since it is usually a mounted share); nothing is written before that. The run then takes a snapshot of the conversations to export, with the names their files will get, so its total is exact and conversations recorded meanwhile do not slip in. It processes them in batches of 100 and commits each batch in the catalog. A conversation counts as exported once the archive holding it is complete; archives are written under a name ending in .partial and renamed when complete. Progress is shown with Write-Progress (conversations, megabytes, rate and time left) and is saved in the catalog after every batch, so Get-ExportStatus shows it from any other session that uses the same catalog. Ctrl+C stops the run cleanly: it ends Cancelled, the unfinished archive is deleted, and -Resume continues it.

What can go wrong, and what the run does:
- A conversation whose media file is missing, or changed since it was imported, or cannot be read: it is recorded as Failed with the reason, the run goes on, and ends CompletedWithErrors with a warning. Get-ExportLog -RunId <id> -State Failed lists them.
- A source file that fails to open with a passing I/O error is tried again, three times in all, with a growing pause.
- The destination fails (disk full, share gone, access denied): the run ends Failed; the unfinished archive and the temporary files are deleted, so nothing half-written is left. The cmdlet returns the run and writes an error with the id RunFailed.
- The process is killed or the computer stops: the run stays as it was at its last committed batch, and Get-ExportStatus shows it Interrupted once it has not been heard from for 30 seconds.
In each case Invoke-ConversationExport -Resume continues the run after its last committed batch.

Errors before a run starts are terminating, with these error ids: ExportTaskNotFound, StorageTargetNotFound, DestinationNotWritable, RunAlreadyActive (the task is running already: a task never runs twice at once), RunNotFound and RunNotResumable (with -Resume), and for ad-hoc exports ExportSettingInvalid, TimeZoneNotFound and RenamePatternInvalid.

In scripts: $? is $false after a run that Failed and after any error that kept a run from starting, so pwsh -Command '...' ends with exit code 1. CompletedWithErrors and Cancelled only write a warning and leave $? $true; test the State of the returned run to tell them from Completed.
'@
    Include     = @('TaskSettings')
    Parameters  = @{
        Task          = 'The export task to run: its name (Tab completes it), or a task piped from Get-ExportTask, which binds through its Name. Strings piped to the cmdlet bind here too; each piped task is run in turn. With -Resume, it limits the search for an unfinished run to this task''s runs (ad-hoc runs count under their -RunName).'
        Scheduled     = 'Marks the run as automatic, as a scheduler or the background start of an enabled task does: when the task is disabled it is skipped with a warning, and when it is already running the new start is skipped with a warning instead of the RunAlreadyActive error; $? stays $true in both cases. Automatic runs stop after their current batch when the task is disabled. A scheduled run is incremental: it exports only the conversations that changed in the catalog since the task''s last completed incremental run and that no run of the task delivered, so every matching conversation is exported exactly once across the runs, also one imported late or while a run was going. When the task''s last run was left Interrupted or Failed, it is resumed first (up to the task''s -MaxResumeAttempts; then it is given up with a warning and a new run takes over what it did not deliver).'
        InputObject   = 'The conversations to export ad hoc: conversations piped from Get-Conversation bind here. They must come from the catalog (not from Get-Conversation -Path); each is exported once even when piped twice. Used with -Destination.'
        Destination   = 'The folder an ad-hoc export is written to: a local path or a UNC share; it is created, with missing parent folders, when it does not exist. A relative path is resolved against the current PowerShell location.'
        RunName       = @{ Description = 'The name of the ad-hoc run: Get-ExportStatus shows it as the run''s Task, and the archive is named <RunName>_<yyyyMMdd_HHmmss>.zip.'; DefaultValue = 'Export' }
        SourceDataset = @{ Description = 'Which part of the catalog the piped conversations may come from: Online, Archived or Both (the default for ad-hoc exports). A piped conversation outside it is not exported.'; DefaultValue = 'Both' }
        Resume        = 'Continues an unfinished run, Interrupted, Failed or Cancelled, after its last committed batch, with the settings (and password) it started with. The archive it was writing when it stopped is deleted and the conversations in it are exported again, into archives numbered on from the ones delivered (_part2.zip ...). Without -RunId, the most recent unfinished run is resumed (of -Task, when given); when there is none the error id is RunNotFound, and a run that is still going or has completed cannot be resumed (RunNotResumable). A run killed less than 30 seconds ago still counts as running.'
        RunId         = 'The run to resume, as Get-ExportStatus shows it. With -Resume, runs piped from Get-ExportStatus bind here by property name.'
        Run           = 'A run to resume, piped from Get-ExportStatus or from an earlier Invoke-ConversationExport: Interrupted, Failed and Cancelled runs are resumed after their last committed batch, each in turn, as with -Resume -RunId. Any other run is a non-terminating error, RunNotResumable (Completed or CompletedWithErrors: nothing to resume) or RunAlreadyActive (running now), and the other piped runs are still resumed. Piping a run never starts a new run of its task.'
        AsJob         = 'Runs the export as a PowerShell job and returns the job at once (its type is ConversationExportJob). The snapshot is taken before the job is returned, so errors that keep the run from starting are still reported by the command. Receive-Job returns the ExportRun; Stop-Job stops the run (Cancelled, resumable); the job ends Failed when the run failed. The job runs in this PowerShell process: closing the session leaves the run Interrupted.'
        ThrottleLimit = @{ Description = 'How many pieces of data are compressed at once, from 1 to 64: 512 KiB chunks of ZIP entries (so one large recording keeps every core busy), whole files for loose files. Default: the number of processor cores. Lower it to leave CPU to other work on the export server.'; DefaultValue = 'the number of processor cores' }
        Catalog       = 'The catalog to run from, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf        = 'Shows what the run would export: the number of conversations and files, the megabytes, the destination and the archive method, after checking the settings. Nothing is written and no run is recorded. With -Resume it only names the run that would be resumed.'
        Confirm       = 'Prompts for confirmation before the run starts.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.Conversation'; Description = 'Conversations from Get-Conversation bind to -InputObject, for an ad-hoc export with -Destination.' }
        @{ Type = 'ConversationExport.ExportTask'; Description = 'Tasks from Get-ExportTask bind to -Task through their Name property.' }
        @{ Type = 'System.String'; Description = 'Task names bind to -Task.' }
        @{ Type = 'ConversationExport.ExportRun'; Description = 'Runs from Get-ExportStatus bind to -Run and are resumed (with -Resume, to -RunId).' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportRun'; Description = 'The run as it ended: RunId, Task, State (Completed, CompletedWithErrors, Failed or Cancelled), Selected, Exported, Skipped, Failed, Processed, Bytes, TotalBytes, PercentComplete, StartedUtc, EndedUtc, Duration, StartedBy, Servers, Destination, Outputs (the archives, or the folder of loose files, it delivered), Message (why it failed or stopped) and ArchiveMethod.' }
        @{ Type = 'System.Management.Automation.Job'; Description = 'With -AsJob, the job that runs the export.' }
    )
    Notes       = 'A run exports every conversation that its query (or the piped list) matches when the run starts; in this version that includes conversations an earlier run of the same task exported. The ZIP password of a task can be decrypted only by the user account that saved it, so run scheduled exports as that account.'
    Examples    = @(
        @{
            Title   = 'Run a task now'
            Code    = 'Invoke-ConversationExport -Task Nightly'
            Remarks = 'Runs the task Nightly in this session with a progress bar and returns the run: its state, counts and the archives it delivered.'
        }
        @{
            Title   = 'Hand the complaint calls to legal, encrypted'
            Code    = 'Get-Conversation -Label Complaint | Invoke-ConversationExport -Destination D:\Evidence -ArchiveMethod Aes256 -ZipPassword (Read-Host -AsSecureString)'
            Remarks = 'Exports every conversation labelled Complaint into D:\Evidence\Export_<yyyyMMdd_HHmmss>.zip, AES-256 encrypted with the password typed at the prompt. The recipient opens it with 7-Zip or WinZip.'
        }
        @{
            Title   = 'See what a run would export'
            Code    = 'Invoke-ConversationExport -Task Nightly -WhatIf'
            Remarks = 'Prints the number of conversations and files, the size and the destination, without writing anything or recording a run.'
        }
        @{
            Title   = 'Resume after a crash'
            Code    = @'
Get-ExportStatus -State Interrupted, Failed, Cancelled | Format-Table RunId, Task, State, Processed, Selected, Message
Invoke-ConversationExport -Resume -RunId 12
'@
            Remarks = 'After the export server was restarted mid-run, the run shows as Interrupted. -Resume continues it after its last committed batch; the archive that was being written is deleted and its conversations are exported again, so every selected conversation is delivered exactly once. Invoke-ConversationExport -Resume -Task Nightly picks the latest unfinished run of the task instead.'
        }
        @{
            Title   = 'Resume every run that failed today'
            Code    = 'Get-ExportStatus -State Failed | Where-Object StartedUtc -GT (Get-Date).ToUniversalTime().Date | Invoke-ConversationExport'
            Remarks = 'Each piped run is resumed in turn, with the settings it started with; a run that a scheduled start has resumed meanwhile is reported as an error (RunNotResumable or RunAlreadyActive) and skipped. No new run of any task is started.'
        }
        @{
            Title   = 'A scheduled script that reports failure to the scheduler'
            Code    = @'
# C:\Scripts\Export-Nightly.ps1, started by the scheduler as: pwsh -NoProfile -NonInteractive -File C:\Scripts\Export-Nightly.ps1
Import-Module ConversationExport
$run = Invoke-ConversationExport -Task Nightly -Scheduled
if (-not $?) { exit 1 }                       # failed, or could not start
if ($run.State -eq 'CompletedWithErrors') {
    Get-ExportLog -RunId $run.RunId -State Failed | Export-Csv "C:\Logs\Nightly-$($run.RunId)-failed.csv" -NoTypeInformation
    exit 2
}
'@
            Remarks = '$? is $false when the run Failed or could not start (a missing share, an unknown task), so the script exits 1 and the scheduler shows the failure. Conversations that failed in a run that otherwise completed are written to a CSV file and the script exits 2. With -Scheduled, a disabled or already running task is skipped with a warning and the script exits 0.'
        }
        @{
            Title   = 'Run a task nightly with Windows Task Scheduler'
            Code    = @'
$action  = New-ScheduledTaskAction -Execute 'pwsh.exe' -Argument '-NoProfile -NonInteractive -Command "Invoke-ConversationExport -Task Nightly -Scheduled"'
$trigger = New-ScheduledTaskTrigger -Daily -At 2am
Register-ScheduledTask -TaskName 'ConversationExport Nightly' -Action $action -Trigger $trigger
Enable-ExportTask -Name Nightly
'@
            Remarks = 'pwsh -Command exits with code 1 when the run fails, which Task Scheduler shows as the last run result. Register it for the account that created the task, which alone can decrypt the ZIP password. On Linux the crontab line is: 0 2 * * * pwsh -NoProfile -NonInteractive -Command "Invoke-ConversationExport -Task Nightly -Scheduled". -Scheduled runs only while the task is enabled, so Disable-ExportTask pauses the schedule; note that enabling the task also starts a run at once.'
        }
        @{
            Title   = 'Run two tasks in the background'
            Code    = @'
$jobs = 'Budapest', 'London' | ForEach-Object { Invoke-ConversationExport -Task $_ -AsJob -ThrottleLimit 2 }
$jobs | Receive-Job -Wait -AutoRemoveJob | Format-Table RunId, Task, State, Exported, Failed
'@
            Remarks = 'Starts both runs as jobs, each compressing two files at a time, and collects their results when both have ended.'
        }
        @{
            Title   = 'An ad-hoc export named by case, with readable file names'
            Code    = 'Get-Conversation -Case 2026-0017 | Invoke-ConversationExport -Destination \\nas01\legal -RunName Case-2026-0017 -TimeZone Europe/London -RenamePattern ''{StartTime:yyyy-MM-dd_HHmm}_{From}_{To}_{Counter:000}'' -MaxArchiveSize 1GB'
            Remarks = 'Writes Case-2026-0017_<yyyyMMdd_HHmmss>_part1.zip, _part2.zip ... of at most 1 GB each, with files named by London start time and parties in London date folders.'
        }
    )
    Links       = @('Get-ExportStatus', 'Stop-ConversationExport', 'Get-ExportLog', 'New-ExportTask', 'Get-Conversation', 'about_ConversationExport')
}
