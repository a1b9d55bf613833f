@{
    Synopsis    = 'Changes the settings, name or enabled state of an export task.'
    Description = @'
Set-ExportTask changes an export task saved with New-ExportTask. Only the settings you give change; everything else stays as it is. A switch is turned off with :$false (-NoSubfolders:$false), a text is cleared with '' (-RenamePattern ''), a list with @() (-FileExtension @()), and the part size limit with $null (-MaxArchiveSize $null; 0 is refused). The task is named with -Name or piped from Get-ExportTask. It returns nothing unless -PassThru is given.

-Template <name> loads an export template (New-ExportTemplate) into the task: every value the template holds overwrites the task's, so what the task had before is replaced, not merged; the parameters given on the same call then win over the template. The task's stored ZIP password stays while the template's archive method encrypts. The task's Template property then names the template; a later change to the template does not change the task until it is loaded again.

The new settings are checked together with the ones kept, before anything is saved, with the same error ids as New-ExportTask (StorageTargetNotFound, TimeZoneNotFound, RenamePatternInvalid, ExportSettingInvalid). For example, -ArchiveMethod Aes256 on a task that has no password needs -ZipPassword on the same call, while -ArchiveMethod Zip or None discards a stored password. A task that does not exist is a terminating error (ExportTaskNotFound), and -NewName that another task already has is refused with ExportTaskExists.

-Enabled $true on a disabled task starts a run of it at once in the background, as New-ExportTask -Enabled does; saving a task that is already enabled does not start another. -Enabled $false works as Disable-ExportTask.

A run that is going on keeps the settings it started with, and so does a run resumed later; the changes apply from the next run. Every change is recorded in the catalog's audit log, without the password.
'@
    Include     = @('TaskSettings')
    Parameters  = @{
        Template    = 'An export template (New-ExportTemplate) whose values overwrite every value of the task: what the task had before is replaced, not merged. Parameters given on the same call win over the template. The task''s stored ZIP password stays while the template''s archive method encrypts, and is discarded otherwise. Tab completes the template names; a template that does not exist is refused with ExportTemplateNotFound. The task''s Template property then names it; later changes to the template do not change the task until it is loaded again.'
        Name        = 'The name of the task to change (exact, not case-sensitive). Tab completes the task names in the catalog.'
        InputObject = 'The task to change, from Get-ExportTask; tasks piped to the cmdlet bind here. Only its name is used to find the stored task: the settings change only through the parameters given on the command line, so an out-of-date object cannot write old values back.'
        NewName     = 'A new name for the task: 1 to 100 printable characters, not used by another task (ExportTaskExists). The runs made under the old name keep it: Get-ExportStatus -Task <old name> still lists them.'
        Enabled     = '$true enables the task, which starts a run at once in the background when it was disabled (see New-ExportTask); $false disables it, as Disable-ExportTask does: a run in progress stops after its current batch. Left out, the state does not change.'
        PassThru    = 'Returns the task as saved.'
        Catalog     = 'The catalog that holds the task, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows which task would be changed, without checking the new settings or saving them. A task that does not exist is still reported.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'Tasks from Get-ExportTask bind to -InputObject; their properties bind to the settings parameters by property name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportTask'; Description = 'With -PassThru, the task as saved. Otherwise nothing.' }
    )
    Examples    = @(
        @{
            Title   = 'Load a template into a task, keeping its own query'
            Code    = 'Set-ExportTask -Name Case-0017 -Template Evidence-Aes -Query (Get-ExportTask Case-0017).Query'
            Remarks = 'Every setting of the task is replaced by those of the template Evidence-Aes; the query given on the same call wins, so the task keeps selecting its case. The stored ZIP password stays, since the template encrypts.'
        }
        @{
            Title   = 'Change the password of a nightly export'
            Code    = 'Set-ExportTask -Name Nightly -ZipPassword (Read-Host -AsSecureString ''New ZIP password'')'
            Remarks = 'The next runs encrypt with the new password; archives already delivered keep the old one. Run it as the account that runs the scheduled exports, since the password is encrypted for the account that saves it.'
        }
        @{
            Title   = 'Move every task to Budapest time and a new share'
            Code    = 'Get-ExportTask | Where-Object TargetType -eq StorageTarget | Set-ExportTask -TimeZone ''Europe/Budapest'' -StorageTarget Evidence2027 -PassThru | Format-Table Name, TimeZone, StorageTarget'
            Remarks = 'Changes the time zone (date folders, file names) and the storage target of every task that delivers to a storage target, and shows the result. Download tasks are left out, since they take no storage target.'
        }
        @{
            Title   = 'Switch from ZipCrypto to AES-256'
            Code    = 'Set-ExportTask -Name AuditorHandover -ArchiveMethod Aes256 -ZipPassword (Read-Host -AsSecureString)'
            Remarks = 'Once the recipient has 7-Zip, the weak ZipCrypto encryption can go. A new password is given on the same call; -ArchiveMethod Zip instead would drop the password.'
        }
        @{
            Title   = 'Rename a task and split its archives'
            Code    = 'Set-ExportTask -Name Nightly -NewName Trading-Nightly -MaxArchiveSize 4GB -RenamePattern ''{StartTime:yyyy-MM-dd_HHmmss}_{ConversationId}'''
            Remarks = 'Renames the task, limits its ZIP parts to 4 GB and names files by start time and conversation id.'
        }
        @{
            Title   = 'Enable a task and follow the run it starts'
            Code    = @'
Set-ExportTask -Name Nightly -Enabled $true
Start-Sleep -Seconds 10
Get-ExportStatus -Task Nightly -Last 1 -Wait
'@
            Remarks = 'Enabling starts a background run at once; it appears in Get-ExportStatus once its process has started.'
        }
    )
    Links       = @('New-ExportTask', 'Get-ExportTask', 'Enable-ExportTask', 'Disable-ExportTask', 'about_ConversationExport')
}
