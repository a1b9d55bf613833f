@{
    RootModule           = 'ConversationExport.Commands.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0b8a3e-6c2d-4e8f-9a71-3d2c1b0e9f47'
    Author               = 'ConversationExport maintainers'
    CompanyName          = 'ConversationExport project'
    Copyright            = '(c) 2026 ConversationExport contributors. MIT licence.'
    Description          = 'Exports recorded conversations (call audio, video, IM transcripts, metadata) from a compliance recording catalog into verifiable archives on storage targets, on demand or on a schedule.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    # Updatable help (Update-Help) is not published yet; the cmdlets' HelpUri links lead to the online pages.
    HelpInfoUri          = 'https://github.com/conversation-export/ConversationExport/tree/main/docs/commands'
    # The model holds the types scripts name ([ConversationExport.Conversation]); it has no dependencies.
    RequiredAssemblies   = @('ConversationExport.Model.dll')
    FormatsToProcess     = @('ConversationExport.format.ps1xml')
    TypesToProcess       = @('ConversationExport.types.ps1xml')
    CmdletsToExport      = @(
        'Initialize-ConversationCatalog'
        'Connect-ConversationCatalog'
        'Get-ConversationCatalog'
        'Import-Conversation'
        'Get-Conversation'
        'New-ConversationQuery'
        'New-DemoRecording'
        'New-StorageTarget'
        'Get-StorageTarget'
        'Set-StorageTarget'
        'Test-StorageTarget'
        'Remove-StorageTarget'
        'New-ExportUser'
        'Get-ExportUser'
        'Remove-ExportUser'
        'Get-ExportGroup'
        'Remove-ExportGroup'
        'Add-ExportGroupMember'
        'Remove-ExportGroupMember'
        'Grant-ExportPermission'
        'Revoke-ExportPermission'
        'Get-ExportPermission'
        'New-ExportTask'
        'Get-ExportTask'
        'Set-ExportTask'
        'Remove-ExportTask'
        'New-ExportTemplate'
        'Get-ExportTemplate'
        'Set-ExportTemplate'
        'Remove-ExportTemplate'
        'Register-ExportSchedule'
        'Get-ExportSchedule'
        'Set-ExportSchedule'
        'Unregister-ExportSchedule'
        'Enable-ExportTask'
        'Disable-ExportTask'
        'Invoke-ConversationExport'
        'Get-ExportStatus'
        'Stop-ConversationExport'
        'Get-ExportLog'
        'Get-ExportAuditLog'
        'Test-ExportArchive'
        'Export-ConversationList'
        'Save-Conversation'
        'Save-ExportArchive'
        'Set-ExportSetting'
        'Get-ExportSetting'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Export', 'Recording', 'CallRecording', 'Compliance', 'Archive', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ProjectUri   = 'https://github.com/conversation-export/ConversationExport'
            LicenseUri   = 'https://github.com/conversation-export/ConversationExport/blob/main/LICENSE'
            ReleaseNotes = 'Readable ConvertTo-Json and Export-Csv of every object (enums by name, durations in seconds, joined *Text companions of arrays); table views for runs, tasks, targets, logs, archive checks and schedules; Get-ConversationCatalog; argument completion for time zones, runs and catalog values; a .nupkg for Install-PSResource. Full history: https://github.com/conversation-export/ConversationExport/blob/main/CHANGELOG.md'
        }
    }
}
