@{
    Synopsis    = 'Lists the outcome of each conversation in an export run: exported, skipped or failed, with the reason and the files.'
    Description = @'
Get-ExportLog lists the conversations of one export run in the order the run took them, with what happened to each and, for those exported, the files they became in the export. Use it to find out why conversations failed or were skipped, or to list exactly what a run delivered.

The states are {Enum:ConversationExport.RunItemState}:
- Pending: not processed yet (the run is going on, or stopped before it);
- Written: written into an archive that is not complete yet; if the run stops now, it is exported again on resume;
- Exported: delivered, in a complete archive or as a loose file;
- Skipped: nothing to export under the run's settings, such as a CDR-only record with -IgnoreCdrOnly, or no file with the chosen extensions;
- Failed: not exported, with the reason, such as "media file missing: <path>" or a file that changed since it was imported.

A run of a task with -NoDatabaseLog keeps no per-conversation log once it has completed: Get-ExportLog then returns nothing and writes a warning; the run's summary is still in Get-ExportStatus. A run id that does not exist is a non-terminating error with the id RunNotFound (category ObjectNotFound); the logs of the other piped runs are still listed.
'@
    Parameters  = @{
        RunId   = 'The run whose log to list, as Get-ExportStatus and Invoke-ConversationExport show it. Runs piped from those cmdlets bind by property name, so their logs are listed one after another.'
        State   = 'Lists only conversations in these states: {Enum:ConversationExport.RunItemState}.'
        Catalog = 'The catalog that holds the run, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportRun'; Description = 'Runs from Get-ExportStatus or Invoke-ConversationExport bind to -RunId by property name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportLogEntry'; Description = 'One object per conversation: RunId, Sequence (its place in the run), ConversationId, State, Reason (why it failed or was skipped), Files (their paths inside the export) and Bytes.' }
    )
    Examples    = @(
        @{
            Title   = 'Why did conversations fail'
            Code    = 'Get-ExportLog -RunId 7 -State Failed | Format-Table ConversationId, Reason -Wrap'
            Remarks = 'Lists the conversations of run 7 that were not exported, with the reason for each.'
        }
        @{
            Title   = 'Failures of the last nightly run, to a file'
            Code    = 'Get-ExportStatus -Task Nightly -Last 1 | Get-ExportLog -State Failed, Skipped | Export-Csv .\nightly-problems.csv -NoTypeInformation'
            Remarks = 'The run binds to -RunId; the failed and skipped conversations go to a CSV file for the recording team.'
        }
        @{
            Title   = 'Summarize a run'
            Code    = 'Get-ExportLog -RunId 7 | Group-Object State -NoElement'
            Remarks = 'Counts the conversations of run 7 in each state.'
        }
        @{
            Title   = 'List where each conversation went'
            Code    = 'Get-ExportLog -RunId 7 -State Exported | Select-Object ConversationId, @{ n = ''Files''; e = { $_.Files -join '', '' } }, Bytes | Export-Csv .\run7-delivered.csv -NoTypeInformation'
            Remarks = 'One row per exported conversation with the paths of its files inside the archive, to hand over with the export.'
        }
        @{
            Title   = 'Re-export the conversations that failed'
            Code    = @'
$failed = (Get-ExportLog -RunId 7 -State Failed).ConversationId
Get-Conversation -ConversationId $failed | Invoke-ConversationExport -Destination D:\Evidence -RunName Retry-7
'@
            Remarks = 'After the missing media files have been restored, exports just the conversations that failed in run 7, ad hoc.'
        }
    )
    Links       = @('Get-ExportStatus', 'Invoke-ConversationExport', 'New-ExportTask', 'about_ConversationExport')
}
