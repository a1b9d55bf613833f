@{
    Synopsis    = 'Configures the catalog-wide settings: notification e-mail (SMTP server, port, sender, TLS and credential) and direct download (allowed or not, retention).'
    Description = @'
Set-ExportSetting changes the settings that apply to the whole catalog, and so to every export server that uses it. They say how notification e-mail is sent after export runs (see -NotifyEmail and -NotifyOn of New-ExportTask), whether Download-type exports are allowed, and how long their downloads are kept. Only the settings you give change; the others stay as they are.

Notification e-mail is sent once both -SmtpServer and -SmtpFrom are set. Each value is checked before anything is saved: a server that is not a host name or IP address, a port outside 1 to 65535 or a sender that is not an e-mail address is refused with ExportSettingInvalid.

The SMTP password is encrypted at rest, never stored as plain text: for the user account and computer that save it (DPAPI on Windows; elsewhere a key file only its owner can read, in the user's application data folder, or where CONVERSATIONEXPORT_KEYFILE points). Save it as the account that runs the scheduled exports, or their notifications fail with a warning saying that the credential cannot be decrypted. Get-ExportSetting shows only whether a credential is stored. Every change is recorded in the catalog's audit log (SetExportSetting), without the password.

Direct download: -DisableDirectDownload $true refuses every new or resumed run of a Download-type task (Invoke-ConversationExport, Enable-ExportTask, New-ExportTask -Enabled, scheduled runs) and every Save-ExportArchive, with the error DirectDownloadDisabled in the category PermissionDenied; tasks can still be created and edited while it is disabled. -DownloadRetentionDays sets how many days a finished Download-type run stays downloadable, counted from the run's end (default 30): older runs' files are deleted from the download area at the start of every export run and every Save-ExportArchive.
'@
    Parameters  = @{
        SmtpServer     = 'The host name or IP address of the SMTP server, such as smtp.contoso.com. '''' removes it, which stops notification e-mail.'
        SmtpPort       = 'The TCP port of the SMTP server, 1 to 65535. Default: 25. Use 587 for submission with STARTTLS, 465 for TLS from the first byte (with -SmtpUseTls).'
        SmtpCredential = 'The account to log in to the SMTP server with, such as (Get-Credential notify@contoso.com). A user name alone prompts for the password. Leave it out for a server that relays without logging in; $null or [pscredential]::Empty removes a stored credential. The password is stored encrypted and never shown, logged or audited.'
        SmtpUseTls     = 'Requires an encrypted connection: TLS from the first byte on port 465, STARTTLS on any other port; a server that cannot do it fails the notification. Without it, STARTTLS is used when the server offers it, and the mail goes in clear text otherwise. -SmtpUseTls:$false turns the requirement off.'
        SmtpFrom       = 'The sender address of notification e-mail, such as ''ConversationExport <export@contoso.com>''. '''' removes it, which stops notification e-mail.'
        DisableDirectDownload = '$true forbids direct download: runs of Download-type tasks and Save-ExportArchive fail with DirectDownloadDisabled (PermissionDenied) until it is set back to $false. Files already in the download area stay until they expire.'
        DownloadRetentionDays = 'Days a finished Download-type run can be downloaded, counted from the run''s end, 1 to 3650 (default 30). Runs older than that have their files deleted from the download area, and Save-ExportArchive reports DownloadExpired. Shortening it takes effect at the next export run or download.'
        PassThru       = 'Returns the settings as saved (as Get-ExportSetting shows them).'
        Catalog        = 'The catalog whose settings change, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf         = 'Shows the settings that would be saved, without the password, and saves nothing.'
    }
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportSetting'; Description = 'With -PassThru, the settings as saved: SmtpServer, SmtpPort, SmtpFrom, SmtpUseTls, SmtpUserName, HasSmtpCredential, SmtpConfigured, DisableDirectDownload and DownloadRetentionDays. Never the password. Otherwise nothing.' }
    )
    Examples    = @(
        @{
            Title   = 'Send notifications through the company mail server'
            Code    = 'Set-ExportSetting -SmtpServer smtp.contoso.com -SmtpPort 587 -SmtpUseTls -SmtpFrom ''ConversationExport <export@contoso.com>'' -SmtpCredential (Get-Credential export@contoso.com) -PassThru'
            Remarks = 'Configures submission with STARTTLS and a login; run it as the account that runs the scheduled exports, since the password is encrypted for the account that saves it.'
        }
        @{
            Title   = 'Use a relay that needs no login'
            Code    = 'Set-ExportSetting -SmtpServer relay.corp.local -SmtpPort 25 -SmtpCredential $null -SmtpUseTls:$false'
            Remarks = 'Removes the stored credential and sends through an internal relay on port 25, with STARTTLS when the relay offers it.'
        }
        @{
            Title   = 'Stop all notification e-mail'
            Code    = 'Set-ExportSetting -SmtpServer '''''
            Remarks = 'Without a server no e-mail is sent; tasks keep their recipients, and runs that would notify warn that SMTP is not configured.'
        }
        @{
            Title   = 'Keep downloads for a week, or forbid direct download altogether'
            Code    = @'
Set-ExportSetting -DownloadRetentionDays 7 -PassThru
Set-ExportSetting -DisableDirectDownload $true
'@
            Remarks = 'The first keeps Download-type exports for 7 days after their runs end; the second refuses Download-type runs and Save-ExportArchive until -DisableDirectDownload $false.'
        }
    )
    Links       = @('Get-ExportSetting', 'New-ExportTask', 'Set-ExportTask', 'Save-ExportArchive', 'about_ConversationExport')
}
