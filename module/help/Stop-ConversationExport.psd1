@{
    Synopsis    = 'Asks running exports to stop after their current batch; they end Cancelled and can be resumed.'
    Description = @'
Stop-ConversationExport asks export runs to stop, by run id or by task, from any session that uses the same catalog: the run may be going on in another session, in a background process started by enabling a task, or under a scheduler. The request is saved in the catalog and the cmdlet returns at once; -PassThru returns the run as it is then.

The run notices the request when it finishes its current batch of conversations (up to 100), delivers the archive it was writing, and ends Cancelled with a message. Nothing already delivered is lost, and Invoke-ConversationExport -Resume continues the run later. To wait until it has stopped, use Get-ExportStatus -Wait.

With -Task, the running run of that task is stopped; when it has none, a warning says there is nothing to stop, and a name that is neither a task's nor any run's is a non-terminating error, ExportTaskNotFound (category ObjectNotFound). With -RunId, an id that does not exist is reported as a non-terminating RunNotFound error (category ObjectNotFound), and the other runs are still asked to stop. Asking a run that has already ended to stop changes nothing and writes a warning, not an error (with -PassThru the run is still returned).

To stop a run in the current session, press Ctrl+C; to stop a run started with -AsJob, use Stop-Job. To keep a task's automatic runs from running at all, use Disable-ExportTask.
'@
    Parameters  = @{
        RunId    = 'The ids of the runs to stop, as Get-ExportStatus shows them. Runs piped from Get-ExportStatus bind by property name.'
        Task     = 'Stops the running run of this task (the exact name, not case-sensitive; for an ad-hoc run, its -RunName). Tab completes the task names.'
        PassThru = 'Returns each run as it is right after the request, normally still Running; Get-ExportStatus -Wait shows it once stopped.'
        Catalog  = 'The catalog that holds the runs, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf   = 'Shows which runs would be asked to stop, without asking them.'
        Confirm  = 'Prompts for confirmation before each run is asked to stop.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportRun'; Description = 'Runs from Get-ExportStatus bind to -RunId by property name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportRun'; Description = 'With -PassThru, each run right after the stop request. Otherwise nothing.' }
    )
    Examples    = @(
        @{
            Title   = 'Stop the running nightly export'
            Code    = @'
Stop-ConversationExport -Task Nightly
Get-ExportStatus -Task Nightly -Last 1 -Wait | Format-List RunId, State, Processed, Selected, Message
'@
            Remarks = 'The run finishes its current batch and ends Cancelled; the second command waits for that and shows how far it got. Invoke-ConversationExport -Resume -Task Nightly continues it later.'
        }
        @{
            Title   = 'Stop every running export before maintenance'
            Code    = 'Get-ExportStatus -State Running | Stop-ConversationExport -PassThru | Format-Table RunId, Task, State'
            Remarks = 'Asks every running export, of any task or ad-hoc, to stop after its current batch.'
        }
        @{
            Title   = 'Stop one run by its id'
            Code    = 'Stop-ConversationExport -RunId 12 -Confirm'
            Remarks = 'Asks for confirmation, then asks run 12 to stop.'
        }
    )
    Links       = @('Get-ExportStatus', 'Invoke-ConversationExport', 'Disable-ExportTask', 'about_ConversationExport')
}
