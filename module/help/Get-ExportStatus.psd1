@{
    Synopsis    = 'Shows export runs with their state and progress, and can wait until they end.'
    Description = @'
Get-ExportStatus lists export runs from the catalog, newest first: runs of tasks and ad-hoc runs (which show their -RunName as Task), whether they are going on or ended. It reads what the runs save in the catalog after every batch, so it shows the progress of runs started in other sessions, by a scheduler or by enabling a task.

Without parameters it lists every run. -Task, -State and -Last narrow the list; -RunId gets particular runs. -Wait keeps watching until the runs shown have ended, with a progress bar, and then returns them as they ended.

The states are {Enum:ConversationExport.RunState}. Queued: the run is taking its snapshot. Running: it is exporting. Completed, CompletedWithErrors (some conversations failed; Get-ExportLog lists them), Failed (the reason is in Message) and Cancelled (stopped on request) are final. Interrupted is shown for a run that is recorded as running but whose process has not been heard from for 30 seconds: it was killed or its computer stopped. Interrupted, Failed and Cancelled runs can be continued with Invoke-ConversationExport -Resume.

A -RunId that does not exist is a non-terminating error with the id RunNotFound (category ObjectNotFound), and the other runs asked for are still returned. A -Task with wildcards that matches no run returns nothing, as does the exact name of a task that has no runs (yet, or in the -State asked for); an exact name that is neither a task's nor any run's is a non-terminating ExportTaskNotFound error.
'@
    Parameters  = @{
        Task           = 'Lists only the runs of this task (the exact name, not case-sensitive; for an ad-hoc run, its -RunName). Tab completes the task names. Tasks piped from Get-ExportTask bind through their Name, and -Last then applies to each task.'
        RunId          = 'The runs to get, by id. Runs piped from another Get-ExportStatus or from Invoke-ConversationExport bind by property name.'
        State          = 'Lists only runs in these states: {Enum:ConversationExport.RunState}.'
        Last           = 'Lists only the newest n runs, after -Task and -State have been applied.'
        Wait           = 'Waits until none of the runs shown is Queued or Running, showing their progress (refreshed every second), then returns them as they ended. Ctrl+C stops waiting (the runs go on). Use it with -Task and -Last 1, or -RunId, to follow one run.'
        TimeoutSeconds = @{ Description = 'With -Wait, gives up waiting after this many seconds and returns the runs as they are then; no error is written, so test their State. Default: no limit.'; DefaultValue = 'No limit' }
        Catalog        = 'The catalog to read, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'Tasks from Get-ExportTask bind to -Task through their Name property.' }
        @{ Type = 'ConversationExport.ExportRun'; Description = 'Runs bind to -RunId by property name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportRun'; Description = 'One object per run: RunId, Task, State, Selected, Exported, Skipped, Failed, Processed, Bytes, TotalBytes, PercentComplete, StartedUtc, EndedUtc, Duration, Eta (the estimated time left while it runs), StartedBy, Servers, Destination, Outputs (the archives delivered so far), Message, ArchiveMethod, and for runs of Download-type tasks DownloadState (Pending, Available, Expired or Missing: whether Save-ExportArchive can fetch it) and DownloadExpiresUtc.' }
    )
    Examples    = @(
        @{
            Title   = 'What ran recently'
            Code    = 'Get-ExportStatus -Last 10 | Format-Table RunId, Task, State, PercentComplete, Exported, Failed, StartedUtc, Duration'
            Remarks = 'The ten newest runs of every task and ad-hoc export.'
        }
        @{
            Title   = 'Follow a run started elsewhere'
            Code    = 'Get-ExportStatus -Task Nightly -Last 1 -Wait'
            Remarks = 'Shows the progress of the latest run of Nightly, started by a scheduler or another administrator, and returns it when it has ended.'
        }
        @{
            Title   = 'Wait at most an hour in a script'
            Code    = @'
$run = Get-ExportStatus -RunId 12 -Wait -TimeoutSeconds 3600
if ($run.State -in 'Queued', 'Running') { Write-Warning "Run 12 is still going: $($run.PercentComplete)%"; exit 3 }
'@
            Remarks = '-TimeoutSeconds returns the run as it is when the time is up, without an error; the script tests its State.'
        }
        @{
            Title   = 'Find runs that need attention'
            Code    = 'Get-ExportStatus -State Failed, Interrupted, CompletedWithErrors -Last 20 | Format-Table RunId, Task, State, Failed, Message -Wrap'
            Remarks = 'Failed and Interrupted runs can be continued with Invoke-ConversationExport -Resume -RunId <id>; for CompletedWithErrors, Get-ExportLog -RunId <id> -State Failed says which conversations failed and why.'
        }
        @{
            Title   = 'Where did the last run of every task go'
            Code    = 'Get-ExportTask | Get-ExportStatus -Last 1 | Select-Object Task, RunId, State, @{ n = ''Archives''; e = { $_.Outputs -join ''; '' } }'
            Remarks = 'One line per task with its latest run and the archives that run delivered.'
        }
    )
    Links       = @('Invoke-ConversationExport', 'Stop-ConversationExport', 'Get-ExportLog', 'Get-ExportTask', 'about_ConversationExport')
}
