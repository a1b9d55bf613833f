@{
    Synopsis    = 'Configures how the catalog sends notification e-mail (SMTP server, port, sender, TLS and credential).'
    Description = @'
Set-ExportSetting changes the settings that apply to the whole catalog, and so to every export server that uses it. In this version they say how notification e-mail is sent after export runs (see -NotifyEmail and -NotifyOn of New-ExportTask). Only the settings you give change; the others stay as they are.

Notification e-mail is sent once both -SmtpServer and -SmtpFrom are set. Each value is checked before anything is saved: a server that is not a host name or IP address, a port outside 1 to 65535 or a sender that is not an e-mail address is refused with ExportSettingInvalid.

The SMTP password is encrypted at rest, never stored as plain text: for the user account and computer that save it (DPAPI on Windows; elsewhere a key file only its owner can read, in the user's application data folder, or where CONVERSATIONEXPORT_KEYFILE points). Save it as the account that runs the scheduled exports, or their notifications fail with a warning saying that the credential cannot be decrypted. Get-ExportSetting shows only whether a credential is stored. Every change is recorded in the catalog's audit log (SetExportSetting), without the password.
'@
    Parameters  = @{
        SmtpServer     = 'The host name or IP address of the SMTP server, such as smtp.contoso.com. '''' removes it, which stops notification e-mail.'
        SmtpPort       = 'The TCP port of the SMTP server, 1 to 65535. Default: 25. Use 587 for submission with STARTTLS, 465 for TLS from the first byte (with -SmtpUseTls).'
        SmtpCredential = 'The account to log in to the SMTP server with, such as (Get-Credential notify@contoso.com). A user name alone prompts for the password. Leave it out for a server that relays without logging in; $null or [pscredential]::Empty removes a stored credential. The password is stored encrypted and never shown, logged or audited.'
        SmtpUseTls     = 'Requires an encrypted connection: TLS from the first byte on port 465, STARTTLS on any other port; a server that cannot do it fails the notification. Without it, STARTTLS is used when the server offers it, and the mail goes in clear text otherwise. -SmtpUseTls:$false turns the requirement off.'
        SmtpFrom       = 'The sender address of notification e-mail, such as ''ConversationExport <export@contoso.com>''. '''' removes it, which stops notification e-mail.'
        PassThru       = 'Returns the settings as saved (as Get-ExportSetting shows them).'
        Catalog        = 'The catalog whose settings change, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf         = 'Shows the settings that would be saved, without the password, and saves nothing.'
    }
    Outputs     = @(
        @{ Type = 'ConversationExport.ExportSetting'; Description = 'With -PassThru, the settings as saved: SmtpServer, SmtpPort, SmtpFrom, SmtpUseTls, SmtpUserName, HasSmtpCredential and SmtpConfigured. Never the password. Otherwise nothing.' }
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
    )
    Links       = @('Get-ExportSetting', 'New-ExportTask', 'Set-ExportTask', 'about_ConversationExport')
}
