# Notifications (SPEC §10, §12): SMTP settings (Set-/Get-ExportSetting, the credential encrypted at
# rest), -NotifyEmail/-NotifyOn on tasks, and the e-mail after each run, against a real SMTP server
# (SmtpSink.py on aiosmtpd) that the tests start on a free loopback port.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SmtpSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')

    function Get-AuditEntry([string] $Action) {
        $rows = & sqlite3 -json $env:CONVERSATIONEXPORT_CATALOG "SELECT action, target, detail FROM audit_log WHERE action = '$Action' ORDER BY id"
        if ($rows) { ($rows -join "`n") | ConvertFrom-Json } else { @() }
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Set-ExportSetting and Get-ExportSetting' {
    BeforeAll {
        $null = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'settings')
        $script:secret = 'S3cret-smtp-pa55'
        $script:credential = [pscredential]::new('notifier', (ConvertTo-SecureString $secret -AsPlainText -Force))
    }

    It 'starts unconfigured' {
        $setting = Get-ExportSetting
        $setting | Should -BeOfType ConversationExport.ExportSetting
        $setting.SmtpConfigured | Should -BeFalse
        $setting.SmtpServer | Should -BeNullOrEmpty
    }

    It 'stores server, port, sender, TLS and credential, and returns them without the password' {
        $saved = Set-ExportSetting -SmtpServer 'smtp.contoso.test' -SmtpPort 587 -SmtpFrom 'Export <export@contoso.test>' -SmtpUseTls -SmtpCredential $credential -PassThru
        $saved.SmtpConfigured | Should -BeTrue
        $read = Get-ExportSetting
        $read.SmtpServer | Should -Be 'smtp.contoso.test'
        $read.SmtpPort | Should -Be 587
        $read.SmtpFrom | Should -Be 'Export <export@contoso.test>'
        $read.SmtpUseTls | Should -BeTrue
        $read.SmtpUserName | Should -Be 'notifier'
        $read.HasSmtpCredential | Should -BeTrue
        ($read | ConvertTo-Json) | Should -Not -Match $secret
    }

    It 'keeps the password encrypted in the catalog' {
        $stored = (& sqlite3 $env:CONVERSATIONEXPORT_CATALOG "SELECT name || '=' || value FROM setting") -join "`n"
        $stored | Should -Match 'Smtp.Password=ce1:' -Because 'the password is stored, protected by the secret key'
        $stored | Should -Not -Match $secret
        [IO.File]::ReadAllText($env:CONVERSATIONEXPORT_CATALOG) | Should -Not -Match $secret
    }

    It 'changes only the settings given' {
        Set-ExportSetting -SmtpPort 2525
        $read = Get-ExportSetting
        $read.SmtpPort | Should -Be 2525
        $read.SmtpServer | Should -Be 'smtp.contoso.test'
        $read.HasSmtpCredential | Should -BeTrue
        Set-ExportSetting -SmtpUseTls:$false -SmtpCredential $null
        $read = Get-ExportSetting
        $read.SmtpUseTls | Should -BeFalse
        $read.HasSmtpCredential | Should -BeFalse
        (& sqlite3 $env:CONVERSATIONEXPORT_CATALOG "SELECT COUNT(*) FROM setting WHERE name = 'Smtp.Password'") | Should -Be 0
    }

    It 'refuses a sender that is not an e-mail address with ExportSettingInvalid, saving nothing' {
        { Set-ExportSetting -SmtpFrom 'export' -SmtpPort 25 } | Should -Throw -ErrorId 'ExportSettingInvalid,*' -ExpectedMessage "*'export'*"
        (Get-ExportSetting).SmtpPort | Should -Be 2525
    }

    It 'saves nothing with -WhatIf' {
        Set-ExportSetting -SmtpServer 'other.contoso.test' -WhatIf
        (Get-ExportSetting).SmtpServer | Should -Be 'smtp.contoso.test'
    }

    It 'audits every change, without the password' {
        $entries = @(Get-AuditEntry 'SetExportSetting')
        $entries.Count | Should -Be 3
        $entries[0].detail | Should -Match 'server=smtp\.contoso\.test; port=587'
        $entries[0].detail | Should -Match 'notifier \(password set\)'
        ($entries.detail -join "`n") | Should -Not -Match $secret
    }
}

Describe 'Notification settings of export tasks' {
    BeforeAll {
        $null = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'tasks')
    }

    It 'warns how to configure SMTP when -NotifyEmail is saved before SMTP is configured' {
        $task = New-TestTask -Name 'unconfigured' -Settings @{ NotifyEmail = 'ops@contoso.test' } -WarningVariable warned -WarningAction SilentlyContinue
        $task.NotifyEmail | Should -Be 'ops@contoso.test'
        @($warned) | Should -HaveCount 1
        "$warned" | Should -BeLike '*ops@contoso.test*Set-ExportSetting -SmtpServer*'
        Set-ExportTask -Name 'unconfigured' -NotifyEmail 'ops2@contoso.test' -WarningVariable again -WarningAction SilentlyContinue
        "$again" | Should -BeLike '*Set-ExportSetting -SmtpServer*'
    }

    It 'does not warn once SMTP is configured' {
        Set-ExportSetting -SmtpServer '127.0.0.1' -SmtpFrom 'export@contoso.test'
        Set-ExportTask -Name 'unconfigured' -NotifyEmail 'ops@contoso.test' -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -BeNullOrEmpty
    }

    It 'stores -NotifyOn, Failure by default' {
        (Get-ExportTask -Name 'unconfigured').NotifyOn | Should -Be 'Failure'
        Set-ExportTask -Name 'unconfigured' -NotifyOn Always
        (Get-ExportTask -Name 'unconfigured').NotifyOn | Should -Be 'Always'
    }

    It 'refuses an address that is not one with ExportSettingInvalid naming it, saving nothing' {
        { Set-ExportTask -Name 'unconfigured' -NotifyEmail 'ops@contoso.test', 'not-an-address' } |
            Should -Throw -ErrorId 'ExportSettingInvalid,*' -ExpectedMessage "*'not-an-address'*"
        { New-TestTask -Name 'bad-address' -Settings @{ NotifyEmail = 'a@contoso.test, b@contoso.test' } } |
            Should -Throw -ErrorId 'ExportSettingInvalid,*' -ExpectedMessage "*'a@contoso.test, b@contoso.test'*"
        (Get-ExportTask -Name 'unconfigured').NotifyEmail | Should -Be 'ops@contoso.test'
        Get-ExportTask -Name 'bad-address' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Notification e-mail after a run' {
    BeforeAll {
        $null = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'mail')
        $folder = Join-Path $TestDrive 'rec-mail'
        1..3 | ForEach-Object { New-TestRecording -Folder $folder -Name "call$_" } | Out-Null
        Import-Conversation -Path $folder | Out-Null
        $script:smtp = Start-TestSmtpServer -Folder (Join-Path $TestDrive 'inbox')
        Set-ExportSetting -SmtpServer '127.0.0.1' -SmtpPort $smtp.Port -SmtpFrom 'ConversationExport <export@contoso.test>'
    }

    AfterAll {
        Stop-TestSmtpServer $smtp
    }

    BeforeEach {
        Get-ChildItem -LiteralPath $smtp.Folder -Filter '*.json' | Remove-Item
    }

    It 'sends the task''s subject and message, the state, counts, duration and destination to every recipient' {
        New-TestTask -Name 'always' -Settings @{
            NotifyEmail = 'ops@contoso.test', 'Legal <legal@contoso.test>'; NotifyOn = 'Always'
            EmailSubject = 'Nightly evidence export'; EmailMessage = 'Call the duty officer if this failed.'
        } | Out-Null
        $run = Invoke-ConversationExport -Task 'always' -WarningVariable warned
        $run.State | Should -Be 'Completed'
        $warned | Should -BeNullOrEmpty
        $mail = @(Get-TestMail $smtp)
        $mail | Should -HaveCount 1
        ($mail[0].Recipients | Sort-Object) | Should -Be @('legal@contoso.test', 'ops@contoso.test')
        $mail[0].MailFrom | Should -Be 'export@contoso.test'
        $mail[0].To | Should -BeLike '*ops@contoso.test*Legal*legal@contoso.test*'
        $mail[0].Subject | Should -Be 'Nightly evidence export: Completed'
        $body = $mail[0].Body
        $body | Should -BeLike 'Call the duty officer if this failed.*'
        $body | Should -Match "Run:\s+$($run.RunId)\b"
        $body | Should -Match 'State:\s+Completed'
        $body | Should -Match 'Conversations:\s+3 selected, 3 exported, 0 skipped, 0 failed'
        $body | Should -Match 'Duration:\s+\d\d:\d\d:\d\d'
        $body | Should -Match "Destination:\s+$([regex]::Escape($run.Destination))"
        $body | Should -Match "Output:\s+$([regex]::Escape($run.Outputs[0]))"
        (Get-AuditEntry 'Notified' | Where-Object target -EQ 'always').detail | Should -BeLike "run $($run.RunId) Completed: sent to ops@contoso.test, Legal <legal@contoso.test>*"
        (Get-ExportAuditLog -Action Notified -Target always -Last 1).Outcome | Should -Be 'Succeeded'
    }

    It 'sends nothing for a Completed run when the task notifies on Failure' {
        New-TestTask -Name 'on-failure' -Settings @{ NotifyEmail = 'ops@contoso.test' } | Out-Null
        $run = Invoke-ConversationExport -Task 'on-failure'
        $run.State | Should -Be 'Completed'
        Start-Sleep -Milliseconds 500
        @(Get-TestMail $smtp) | Should -HaveCount 0
    }

    It 'sends the reason when a run of a task that notifies on Failure fails' {
        $password = ConvertTo-SecureString 'zip-pass' -AsPlainText -Force
        New-TestTask -Name 'failing' -Settings @{ NotifyEmail = 'ops@contoso.test'; ArchiveMethod = 'Aes256'; ZipPassword = $password } | Out-Null
        # Another account's key: the stored ZIP password cannot be decrypted, so the run fails at its start.
        $key = $env:CONVERSATIONEXPORT_KEYFILE
        $env:CONVERSATIONEXPORT_KEYFILE = Join-Path $TestDrive 'no-such.key'
        try { $run = Invoke-ConversationExport -Task 'failing' -ErrorAction SilentlyContinue -ErrorVariable problems }
        finally { $env:CONVERSATIONEXPORT_KEYFILE = $key }
        $run.State | Should -Be 'Failed'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'RunFailed,*'
        $mail = @(Get-TestMail $smtp)
        $mail | Should -HaveCount 1
        $mail[0].Recipients | Should -Be 'ops@contoso.test'
        $mail[0].Subject | Should -Be "Export 'failing' run $($run.RunId): Failed"
        $mail[0].Body | Should -Match 'Reason:\s+A stored secret cannot be decrypted'
        $mail[0].Body | Should -Match 'Conversations:\s+3 selected, 0 exported'
        $mail[0].Raw | Should -Not -Match 'zip-pass'
    }

    It 'keeps the run Completed when the SMTP server is down, with a warning and a NotifyFailed audit entry' {
        New-TestTask -Name 'server-down' -Settings @{ NotifyEmail = 'ops@contoso.test'; NotifyOn = 'Always' } | Out-Null
        $closed = Get-ClosedPort
        Set-ExportSetting -SmtpPort $closed
        try { $run = Invoke-ConversationExport -Task 'server-down' -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable problems }
        finally { Set-ExportSetting -SmtpPort $smtp.Port }
        $succeeded = $?
        $run.State | Should -Be 'Completed'
        (Get-ExportStatus -RunId $run.RunId).State | Should -Be 'Completed'
        $succeeded | Should -BeTrue
        $problems | Should -BeNullOrEmpty
        @($warned) | Should -HaveCount 1
        "$warned" | Should -BeLike "*notification*run $($run.RunId)*not sent*127.0.0.1:$closed*"
        (Get-AuditEntry 'NotifyFailed' | Where-Object target -EQ 'server-down').detail | Should -BeLike "run $($run.RunId) Completed:*127.0.0.1:$closed*"
        (Get-ExportAuditLog -Action NotifyFailed -Target server-down -Last 1).Outcome | Should -Be 'Failed'
    }

    It 'warns, and audits, that SMTP is not configured when a run would notify' {
        New-TestTask -Name 'unconfigured-run' -Settings @{ NotifyEmail = 'ops@contoso.test'; NotifyOn = 'Always' } | Out-Null
        Set-ExportSetting -SmtpServer ''
        try { $run = Invoke-ConversationExport -Task 'unconfigured-run' -WarningVariable warned -WarningAction SilentlyContinue }
        finally { Set-ExportSetting -SmtpServer '127.0.0.1' }
        $run.State | Should -Be 'Completed'
        "$warned" | Should -BeLike '*not sent: SMTP is not configured*Set-ExportSetting -SmtpServer*'
        (Get-AuditEntry 'NotifyFailed' | Where-Object target -EQ 'unconfigured-run') | Should -Not -BeNullOrEmpty
    }

    It 'logs in with the stored credential and never shows its password' {
        $secret = 'Mail-Pa55-word'
        $auth = Start-TestSmtpServer -Folder (Join-Path $TestDrive 'inbox-auth') -Login "notifier:$secret"
        try {
            Set-ExportSetting -SmtpPort $auth.Port -SmtpCredential ([pscredential]::new('notifier', (ConvertTo-SecureString $secret -AsPlainText -Force)))
            New-TestTask -Name 'with-login' -Settings @{ NotifyEmail = 'ops@contoso.test'; NotifyOn = 'Always' } | Out-Null
            $run = Invoke-ConversationExport -Task 'with-login' -WarningVariable warned -Verbose 4>&1
            $mail = @(Get-TestMail $auth)
            $mail | Should -HaveCount 1
            $mail[0].Login | Should -Be 'notifier'
            $mail[0].Raw | Should -Not -Match $secret
            $warned | Should -BeNullOrEmpty
            ($run | Out-String) | Should -Not -Match $secret
            # A wrong password: the server refuses it; the warning and the audit entry do not carry the password.
            Set-ExportSetting -SmtpCredential ([pscredential]::new('notifier', (ConvertTo-SecureString 'Wrong-Pa55' -AsPlainText -Force)))
            $null = Invoke-ConversationExport -Task 'with-login' -WarningVariable refused -WarningAction SilentlyContinue
            "$refused" | Should -BeLike "*refused the credential of 'notifier'*"
            "$refused" | Should -Not -Match 'Wrong-Pa55'
            ((Get-AuditEntry 'NotifyFailed').detail -join "`n") | Should -Not -Match 'Wrong-Pa55|Mail-Pa55'
        }
        finally {
            Set-ExportSetting -SmtpPort $smtp.Port -SmtpCredential $null
            Stop-TestSmtpServer $auth
        }
    }

    It 'is sent by the background run that enabling a task starts' {
        New-TestTask -Name 'background' -Settings @{ NotifyEmail = 'ops@contoso.test'; NotifyOn = 'Always'; EmailSubject = 'Background export' } | Out-Null
        Enable-ExportTask -Name 'background'
        $mail = Wait-Until -TimeoutSeconds 90 -Because 'the background run sent its notification' { @(Get-TestMail $smtp | Where-Object Subject -Like 'Background export*') }
        $mail[0].Subject | Should -Be 'Background export: Completed'
        $mail[0].Body | Should -Match 'Conversations:\s+3 selected, 3 exported'
        $mail[0].Recipients | Should -Be 'ops@contoso.test'
    }
}
