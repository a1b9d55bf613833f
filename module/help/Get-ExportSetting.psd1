@{
    Synopsis    = 'Shows how the catalog sends notification e-mail (without the SMTP password) and its direct-download settings.'
    Description = @'
Get-ExportSetting returns the catalog-wide settings saved with Set-ExportSetting: the SMTP server, port, sender, whether TLS is required, the user name of the stored credential and whether one is stored. The password is never returned: HasSmtpCredential only says whether one is stored. SmtpConfigured says whether notification e-mail can be sent (a server and a sender are set). DisableDirectDownload says whether Download-type runs and Save-ExportArchive are refused, DownloadRetentionDays how many days a finished Download-type run stays downloadable.
'@
    Parameters  = @{
        Catalog = 'The catalog to read, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportSetting'; Description = 'One object: SmtpServer, SmtpPort, SmtpFrom, SmtpUseTls, SmtpUserName, HasSmtpCredential, SmtpConfigured, DisableDirectDownload and DownloadRetentionDays.' }
    )
    Examples    = @(
        @{
            Title   = 'Check that notifications can be sent'
            Code    = 'Get-ExportSetting | Format-List SmtpConfigured, SmtpServer, SmtpPort, SmtpFrom, SmtpUseTls, HasSmtpCredential'
            Remarks = 'SmtpConfigured is False until both a server and a sender are set with Set-ExportSetting.'
        }
        @{
            Title   = 'Find the tasks that notify, and where their e-mail goes'
            Code    = @'
$smtp = Get-ExportSetting
Get-ExportTask | Where-Object { $_.NotifyEmail } | Format-Table Name, NotifyOn, @{ n = 'To'; e = { $_.NotifyEmail -join ', ' } }, @{ n = 'Via'; e = { "$($smtp.SmtpServer):$($smtp.SmtpPort)" } }
'@
            Remarks = 'Lists every task with recipients, when it notifies and the server the e-mail goes through.'
        }
    )
    Links       = @('Set-ExportSetting', 'Get-ExportTask', 'about_ConversationExport')
}
