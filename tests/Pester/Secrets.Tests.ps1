# Secrets at rest (SPEC §12): where a task's ZIP password can be decrypted (by the account that saved it, or by
# the machine's accounts); the key file's own protection; and no secret anywhere it could be printed or stored.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TargetServices.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    $script:savedMachineKey = $env:CONVERSATIONEXPORT_MACHINE_KEYFILE
    $env:CONVERSATIONEXPORT_MACHINE_KEYFILE = Join-Path $TestDrive 'etc/conversationexport/machine.key'
}

AfterAll {
    $env:CONVERSATIONEXPORT_MACHINE_KEYFILE = $savedMachineKey
    Restore-IsolatedTestEnvironment
}

# Skipped on Windows only (not temporary): there the machine scope is DPAPI LocalMachine, with no key file to check.
Describe 'A ZIP password stored for the machine' -Skip:$IsWindows {
    BeforeAll {
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null
        Write-TestRecordings -Folder (Join-Path $TestDrive 'rec') -Count 5 | Out-Null
        Import-Conversation -Path (Join-Path $TestDrive 'rec') | Out-Null
        $script:vault = Join-Path $TestDrive 'vault'
        New-Item -ItemType Directory -Path $vault | Out-Null
        New-StorageTarget -Name Vault -Path $vault | Out-Null
    }

    It 'is saved with -SecretScope Machine and shown as such, never in plain text' {
        $task = New-ExportTask -Name Shared -StorageTarget Vault -ArchiveMethod Aes256 -ZipPassword (ConvertTo-SecureString 'shared-pw' -AsPlainText -Force) -SecretScope Machine
        $task.ZipPasswordScope | Should -Be 'Machine'
        [int](Get-Item $env:CONVERSATIONEXPORT_MACHINE_KEYFILE).UnixFileMode | Should -Be ([Convert]::ToInt32('640', 8))
        & sqlite3 $env:CONVERSATIONEXPORT_CATALOG 'SELECT settings FROM export_task' | Should -Not -Match 'shared-pw'
    }

    It 'is used by a run, and the archive opens with it' {
        $run = Invoke-ConversationExport -Task Shared
        $run.State | Should -Be 'Completed'
        (Test-ExportArchive -RunId $run.RunId).Passed | Should -BeTrue
        Get-7zEntryName $run.Outputs[0] -Password 'shared-pw' | Should -Contain 'manifest.json'
    }

    It 'moves between scopes without being typed again' {
        Set-ExportTask -Name Shared -SecretScope User
        (Get-ExportTask -Name Shared).ZipPasswordScope | Should -Be 'User'
        (Invoke-ConversationExport -Task Shared).State | Should -Be 'Completed'
    }

    It 'is refused when the machine key file is readable by others' {
        Set-ExportTask -Name Shared -SecretScope Machine
        chmod 644 $env:CONVERSATIONEXPORT_MACHINE_KEYFILE
        try {
            $run = Invoke-ConversationExport -Task Shared -ErrorAction SilentlyContinue -ErrorVariable problems
            $run.State | Should -Be 'Failed'
            $run.Message | Should -BeLike '*readable or writable by others*chmod 640*'
        }
        finally { chmod 640 $env:CONVERSATIONEXPORT_MACHINE_KEYFILE }
    }
}

# Linux as root only (not temporary): it creates a second account and a group, and changes that account's crontab.
Describe 'A schedule that runs as a second, non-root account' -Skip:(-not $IsLinux -or (& id -u) -ne '0') {
    BeforeAll {
        $script:account = 'ce-sched-test'
        $script:group = 'ce-secrets-test'
        & getent group $group *> $null; if ($LASTEXITCODE -ne 0) { & groupadd $group }
        & id -u $account *> $null; if ($LASTEXITCODE -ne 0) { & useradd --no-create-home --shell /bin/sh $account }
        & crontab -u $account -r 2>$null

        $root = Join-Path ([IO.Path]::GetTempPath()) "ce-runas-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory -Path $root | Out-Null
        & chmod 755 $root
        $script:root = $root
        $env:CONVERSATIONEXPORT_MACHINE_KEYFILE = Join-Path $root 'machine.key'
        New-IsolatedTestCatalog -Root (Join-Path $root 'catalog') | Out-Null
        # The account a schedule runs as must be the task's owner or an administrator (SPEC §12): here, an administrator.
        New-ExportUser -Name $account -Administrator -Permission ([Enum]::GetNames([ConversationExport.ExportPermission])) | Out-Null
        Write-TestRecordings -Folder (Join-Path $root 'rec') -Count 3 | Out-Null
        Import-Conversation -Path (Join-Path $root 'rec') | Out-Null
        New-Item -ItemType Directory -Path (Join-Path $root 'vault') | Out-Null
        New-StorageTarget -Name RunAsVault -Path (Join-Path $root 'vault') | Out-Null
        New-ExportTask -Name RunAs -StorageTarget RunAsVault -ArchiveMethod Aes256 -ZipPassword (ConvertTo-SecureString 'runas-pw' -AsPlainText -Force) | Out-Null
        $script:run = Invoke-ConversationExport -Task RunAs
        # -Scheduled runs only enabled tasks; enabling starts a run at once, which ends before the tests.
        Set-ExportTask -Name RunAs -Enabled $true -MaxResumeAttempts 0 -WarningAction SilentlyContinue
        $null = Wait-Until { $r = @(Get-ExportStatus -Task RunAs); if (@($r | Where-Object State -In 'Queued', 'Running').Count -eq 0) { $r } } -Because 'the run started by enabling the task ended' -TimeoutSeconds 120
        & chmod -R a+rX $root

        # PowerShell as the other account can reach: the tool's own folder is under root's home.
        $script:pwshCopy = Join-Path $root 'pwsh'
        Copy-Item -Recurse (Split-Path $PSHOME) $pwshCopy
        & chmod -R a+rX $pwshCopy
        $script:pwshDll = Join-Path $pwshCopy "$(Split-Path $PSHOME -Leaf)/pwsh.dll"
        New-Item -ItemType Directory -Path (Join-Path $root 'modules') | Out-Null
        Copy-Item -Recurse (Get-TestModulePath) (Join-Path $root 'modules')
        $script:moduleCopy = Join-Path $root "modules/$(Split-Path (Get-TestModulePath) -Leaf)/ConversationExport.psd1"
        & chmod -R a+rX (Join-Path $root 'modules')

        # The other account writes the catalog (SQLite also writes its -wal and -shm beside it) and the
        # export; the machine key keeps its own 0640.
        function Open-ForAccount {
            & chmod -R a+rwX (Join-Path $root 'catalog') (Join-Path $root 'vault')
        }

        function Invoke-AsAccount([string] $Script) {
            $output = & runuser -u $account -- env "CONVERSATIONEXPORT_CATALOG=$env:CONVERSATIONEXPORT_CATALOG" "CONVERSATIONEXPORT_MACHINE_KEYFILE=$env:CONVERSATIONEXPORT_MACHINE_KEYFILE" `
                "HOME=$root" "DOTNET_CLI_HOME=$root" dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$moduleCopy'; $Script" 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
        }
    }

    AfterAll {
        & crontab -u $account -r 2>$null
        Remove-Item -Recurse -Force $root -ErrorAction SilentlyContinue
    }

    It 'is refused while the password is stored for the user who saved it, naming the fix' {
        { Register-ExportSchedule -Task RunAs -Daily -At 02:00 -RunAs $account } | Should -Throw -ErrorId 'SecretUnreadable,*' -ExpectedMessage '*-SecretScope Machine*'
        & crontab -u $account -l 2>$null | Should -BeNullOrEmpty
    }

    It 'fails a scheduled run as that account while the password is stored for the user, naming the fix' {
        Open-ForAccount
        $result = Invoke-AsAccount '$r = Invoke-ConversationExport -Task RunAs -Scheduled -ErrorAction SilentlyContinue; "state=$($r.State)"; $r.Message'
        $result.Output | Should -BeLike '*state=Failed*SecretScope Machine*'
        Open-ForAccount
    }

    It 'is refused for a machine-scope password while the account is not in the key file''s group' {
        Set-ExportTask -Name RunAs -SecretScope Machine
        { Register-ExportSchedule -Task RunAs -Daily -At 02:00 -RunAs $account } | Should -Throw -ErrorId 'SecretUnreadable,*' -ExpectedMessage '*not in the group*'
    }

    It 'runs the task as that account with the machine-scope password, and the archive verifies' {
        & chgrp $group $env:CONVERSATIONEXPORT_MACHINE_KEYFILE
        & usermod -aG $group $account
        Open-ForAccount
        # The failed run kept its user-scope copy of the password; with -MaxResumeAttempts 0 the scheduled
        # start gives it up and a new run uses the task's machine-scope password.
        Write-TestRecordings -Folder (Join-Path $root 'rec2') -Count 2 -Prefix 'more' -Seed 5 | Out-Null
        Import-Conversation -Path (Join-Path $root 'rec2') | Out-Null
        Open-ForAccount
        $result = Invoke-AsAccount '$r = Invoke-ConversationExport -Task RunAs -Scheduled -WarningAction SilentlyContinue; "state=$($r.State) exported=$($r.Exported)"; "verified=$((Test-ExportArchive -RunId $r.RunId).Passed)"'
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -BeLike '*state=Completed exported=2*verified=True*'
        $last = Get-ExportStatus -Task RunAs -Last 1
        $last.StartedBy | Should -Be $account
        Get-7zEntryName $last.Outputs[0] -Password 'runas-pw' | Should -Contain 'manifest.json'
    }

    It 'is registered in that account''s crontab once the account may read the machine key' {
        $schedule = Register-ExportSchedule -Task RunAs -Daily -At 02:00 -RunAs $account
        $schedule.RunAs | Should -Be $account
        (& crontab -u $account -l) -join "`n" | Should -BeLike '*Invoke-ConversationExport*RunAs*-Scheduled*'
    }

    It 'is removed from that account''s crontab by Unregister-ExportSchedule' {
        Unregister-ExportSchedule -Task RunAs
        @(& crontab -u $account -l 2>$null | Where-Object { $_ -like '*ConversationExport*' }) | Should -HaveCount 0
    }
}

# Unix only (not temporary): on Windows the user scope is DPAPI, with no key file.
Describe 'The user key file' -Skip:$IsWindows {
    BeforeAll {
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'keys-catalog') | Out-Null
        $script:keyVault = Join-Path $TestDrive 'key-vault'
        New-Item -ItemType Directory -Path $keyVault | Out-Null
        New-StorageTarget -Name KeyVault -Path $keyVault | Out-Null
        $script:savedKeyFile = $env:CONVERSATIONEXPORT_KEYFILE
        $script:savedConfig = $env:XDG_CONFIG_HOME
    }

    AfterEach {
        $env:CONVERSATIONEXPORT_KEYFILE = $savedKeyFile
        $env:XDG_CONFIG_HOME = $savedConfig
    }

    It 'is created on first use under the user''s config folder, 0600 in a 0700 folder' {
        Remove-Item Env:CONVERSATIONEXPORT_KEYFILE
        $env:XDG_CONFIG_HOME = Join-Path $TestDrive 'config'
        $key = Join-Path $env:XDG_CONFIG_HOME 'ConversationExport/secret.key'
        Test-Path $key | Should -BeFalse
        New-ExportTask -Name FirstUse -StorageTarget KeyVault -ArchiveMethod Aes256 -ZipPassword (ConvertTo-SecureString 'first-use-pw' -AsPlainText -Force) | Out-Null
        (Get-Item $key).Length | Should -Be 32
        [int](Get-Item $key).UnixFileMode | Should -Be ([Convert]::ToInt32('600', 8))
        [int](Get-Item (Split-Path $key)).UnixFileMode | Should -Be ([Convert]::ToInt32('700', 8))
        (Invoke-ConversationExport -Task FirstUse).State | Should -Be 'Completed'
    }

    It 'is refused while its group or others may read it, naming the file and chmod 600' -ForEach '640', '604', '660' {
        $env:CONVERSATIONEXPORT_KEYFILE = Join-Path $TestDrive "loose-$_/secret.key"
        New-ExportTask -Name "Loose$_" -StorageTarget KeyVault -ArchiveMethod Aes256 -ZipPassword (ConvertTo-SecureString 'loose-pw' -AsPlainText -Force) | Out-Null
        chmod $_ $env:CONVERSATIONEXPORT_KEYFILE
        $expected = "*$($env:CONVERSATIONEXPORT_KEYFILE)*readable or writable by its group or others*chmod 600*"
        { New-ExportTask -Name "Refused$_" -StorageTarget KeyVault -ArchiveMethod Aes256 -ZipPassword (ConvertTo-SecureString 'x' -AsPlainText -Force) } |
            Should -Throw -ErrorId 'SecretKeyInsecure,*' -ExpectedMessage $expected
        $run = Invoke-ConversationExport -Task "Loose$_" -ErrorAction SilentlyContinue
        $run.State | Should -Be 'Failed'
        $run.Message | Should -BeLike $expected
        chmod 600 $env:CONVERSATIONEXPORT_KEYFILE
        (Invoke-ConversationExport -Task "Loose$_" -Resume).State | Should -Be 'Completed'
    }

    It 'is refused in a folder others may write, naming the folder and chmod 700' {
        $folder = Join-Path $TestDrive 'open-folder'
        $env:CONVERSATIONEXPORT_KEYFILE = Join-Path $folder 'secret.key'
        New-ExportTask -Name OpenFolder -StorageTarget KeyVault -ArchiveMethod Aes256 -ZipPassword (ConvertTo-SecureString 'open-pw' -AsPlainText -Force) | Out-Null
        chmod 777 $folder
        try {
            { Set-ExportTask -Name OpenFolder -ZipPassword (ConvertTo-SecureString 'other-pw' -AsPlainText -Force) } |
                Should -Throw -ErrorId 'SecretKeyInsecure,*' -ExpectedMessage "*$folder*writable by others*chmod 700*"
        }
        finally { chmod 700 $folder }
        (Invoke-ConversationExport -Task OpenFolder).State | Should -Be 'Completed'
    }
}

# Linux only (not temporary): the target servers (sshd, Azurite, s3rver) and the crontab entry are Linux's here.
Describe 'No secret is stored or shown in clear' -Skip:(-not $IsLinux -or $env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
    BeforeAll {
        $root = Join-Path $TestDrive 'leak'
        New-Item -ItemType Directory -Path $root | Out-Null
        $script:leakCatalog = New-IsolatedTestCatalog -Root (Join-Path $root 'catalog')
        Write-TestRecordings -Folder (Join-Path $root 'rec') -Count 4 | Out-Null
        Import-Conversation -Path (Join-Path $root 'rec') | Out-Null

        $script:sftp = Start-SftpServer -Root (Join-Path $root 'sftp')
        $script:azurite = Start-AzuriteServer -Root (Join-Path $root 'azurite')
        $script:s3 = Start-S3Server -Root (Join-Path $root 's3')

        # Each secret is unique to this test, so finding it anywhere can only be a leak.
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 12)
        $sftpKey = Join-Path $root 'passphrase_ed25519'
        & ssh-keygen -q -t ed25519 -N "Pass-$tag" -f $sftpKey | Out-Null
        Get-Content "$sftpKey.pub" | Add-Content (Join-Path $sftp.Root 'authorized_keys')
        $script:secrets = [ordered]@{
            ZipPassword        = "Zip-$tag"
            SftpPassword       = "SftpPw-$tag"
            SftpPassphrase     = "Pass-$tag"
            SftpPrivateKeyLine = (Get-Content $sftpKey)[2]
            S3SecretKey        = "S3Secret-$tag"
            S3ServerSecret     = "$($s3.SecretAccessKey)-$tag"
            AzureAccountKey    = ($azurite.ConnectionString -split 'AccountKey=')[1].Split(';')[0]
            SmtpPassword       = "Smtp-$tag"
        }
        function Secure([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }
        $script:transcript = Join-Path $root 'transcript.txt'
        $Error.Clear()
        Start-Transcript -Path $transcript | Out-Null
        try {
            $smtpPort = Get-FreeTcpPort  # nothing listens: the notification fails, naming the server, never the password
            Set-ExportSetting -SmtpServer 127.0.0.1 -SmtpPort $smtpPort -SmtpFrom 'export@contoso.test' -SmtpCredential ([pscredential]::new('mailer', (Secure $secrets.SmtpPassword))) -Verbose -Debug
            $vault = Join-Path $root 'vault'
            New-Item -ItemType Directory -Path $vault | Out-Null
            New-StorageTarget -Name LeakVault -Path $vault -Verbose -Debug | Out-Null
            New-StorageTarget -Name LeakSftpPassword -Type Sftp -HostName $sftp.Host -Port $sftp.Port -Credential ([pscredential]::new('root', (Secure $secrets.SftpPassword))) `
                -HostKeyFingerprint $sftp.Fingerprint -RemoteFolder $sftp.Folder -Verbose -Debug | Out-Null
            New-StorageTarget -Name LeakSftpKey -Type Sftp -HostName $sftp.Host -Port $sftp.Port -UserName root -PrivateKeyPath $sftpKey -PrivateKeyPassphrase (Secure $secrets.SftpPassphrase) `
                -HostKeyFingerprint $sftp.Fingerprint -RemoteFolder $sftp.Folder -Verbose -Debug | Out-Null
            New-StorageTarget -Name LeakBlob -Type AzureBlob -ConnectionString (Secure $azurite.ConnectionString) -Container leaks -Verbose -Debug | Out-Null
            New-StorageTarget -Name LeakS3 -Type S3 -Endpoint $s3.Endpoint -Bucket $s3.Bucket -Credential ([pscredential]::new($s3.AccessKeyId, (Secure $s3.SecretAccessKey))) -Verbose -Debug | Out-Null
            New-StorageTarget -Name LeakS3Wrong -Type S3 -Endpoint $s3.Endpoint -Bucket $s3.Bucket -Credential ([pscredential]::new($s3.AccessKeyId, (Secure $secrets.S3SecretKey))) -Verbose -Debug | Out-Null
            Set-StorageTarget -Name LeakS3Wrong -Credential ([pscredential]::new($s3.AccessKeyId, (Secure $secrets.S3ServerSecret))) -Verbose -Debug | Out-Null

            $script:runs = foreach ($target in 'LeakVault', 'LeakSftpKey', 'LeakBlob', 'LeakS3') {
                New-ExportTask -Name "To$target" -StorageTarget $target -ArchiveMethod Aes256 -ZipPassword (Secure $secrets.ZipPassword) -CdrFormat Csv, Pdf `
                    -NotifyEmail ops@contoso.test -NotifyOn Always -Verbose -Debug -WarningAction Continue | Out-Null
                Invoke-ConversationExport -Task "To$target" -Verbose -Debug -WarningAction Continue
            }
            foreach ($target in 'LeakSftpPassword', 'LeakS3Wrong') {
                New-ExportTask -Name "To$target" -StorageTarget $target -ArchiveMethod Aes256 -ZipPassword (Secure $secrets.ZipPassword) -Verbose -Debug | Out-Null
                try { Invoke-ConversationExport -Task "To$target" -Verbose -Debug -ErrorAction SilentlyContinue } catch { Write-Host "Refused as expected: $_" }
            }
            $runs | Format-List * | Out-Host
            Set-ExportTask -Name ToLeakVault -ZipPassword (Secure $secrets.ZipPassword) -Verbose -Debug
            Register-ExportSchedule -Task ToLeakVault -Daily -At 02:00 -WhatIf -Verbose -Debug
            Get-ExportTask | Format-List * | Out-Host
            Get-StorageTarget | Format-List * | Out-Host
            Get-ExportSetting | Format-List * | Out-Host
            Get-ExportStatus | Format-List * | Out-Host
            Get-ExportAuditLog | Format-List * | Out-Host
            $script:errorText = ($Error | Out-String) + ($Error | ForEach-Object { $_ | Get-Error | Out-String }) -join "`n"
        }
        finally { Stop-Transcript | Out-Null }

        # Every occurrence of each secret in the bytes of a file: as UTF-8, UTF-16 and Base64 of UTF-8.
        function Find-Secret([string] $Path) {
            # Shared read: the servers' own logs are still open.
            $stream = [IO.File]::Open($Path, 'Open', 'Read', 'ReadWrite')
            try { $buffer = [IO.MemoryStream]::new(); $stream.CopyTo($buffer); $bytes = $buffer.ToArray() } finally { $stream.Dispose() }
            $latin = [Text.Encoding]::Latin1.GetString($bytes)
            foreach ($name in $secrets.Keys) {
                $value = $secrets[$name]
                foreach ($form in [Text.Encoding]::UTF8.GetBytes($value), [Text.Encoding]::Unicode.GetBytes($value), [Text.Encoding]::UTF8.GetBytes([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($value)))) {
                    if ($latin.Contains([Text.Encoding]::Latin1.GetString($form), [StringComparison]::Ordinal)) { "$name in $Path" }
                }
            }
        }
    }

    AfterAll {
        Stop-TestService $sftp
        Stop-TestService $azurite
        Stop-TestService $s3
    }

    It 'finds a secret written in any of the forms searched (the search itself works)' {
        $planted = Join-Path $TestDrive 'planted.bin'
        [IO.File]::WriteAllBytes($planted, [byte[]](0, 1) + [Text.Encoding]::Unicode.GetBytes("x$($secrets.SmtpPassword)y") + [byte[]](2))
        Find-Secret $planted | Should -Be "SmtpPassword in $planted"
        Set-Content -LiteralPath $planted -Value ([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($secrets.AzureAccountKey)))
        Find-Secret $planted | Should -Be "AzureAccountKey in $planted"
    }

    It 'ran the exports, so there was something to leak' {
        @($runs | Where-Object State -EQ 'Completed').Count | Should -Be 4 -Because ($runs | Format-Table Task, State, Message | Out-String)
        # s3rver takes any secret key, so that run completes; sshd refuses the password before a run exists.
        (Get-ExportStatus -Task ToLeakS3Wrong).State | Should -Be 'Completed'
        @(Get-ExportStatus -Task ToLeakSftpPassword).Count | Should -Be 0
        $errorText | Should -Match 'sftp://root@.*authentication' -Because 'the refused SFTP login is among the errors searched'
        Get-Content $transcript -Raw | Should -Match 'Invoke-ConversationExport.*-Scheduled' -Because 'the crontab entry -WhatIf shows is in the transcript searched'
        Get-Content $transcript -Raw | Should -Match 'VERBOSE: ' -Because 'the verbose stream is in the transcript searched'
    }

    It 'stores none in the catalog file, its WAL or its shared memory file' {
        $files = @(Get-ChildItem "$($leakCatalog.Path)*" -File)
        $files.Name | Should -Contain 'catalog.db'
        $files | ForEach-Object { Find-Secret $_.FullName } | Should -BeNullOrEmpty
        # They are there, encrypted: the check above can only pass for lack of clear text.
        & sqlite3 $leakCatalog.Path "SELECT COUNT(*) FROM storage_target WHERE settings LIKE '%ce1:gcm:%'" | Should -Be 5
    }

    It 'shows none in the transcript of -Verbose -Debug runs, their output and the crontab entry' {
        Find-Secret $transcript | Should -BeNullOrEmpty
    }

    It 'shows none in the error records' {
        $path = Join-Path $TestDrive 'errors.txt'
        Set-Content -LiteralPath $path -Value $errorText
        Find-Secret $path | Should -BeNullOrEmpty
    }

    It 'writes none into an export: archives, their names, manifest and CDR, on every target' {
        $vaultFiles = @(Get-ChildItem (Join-Path $TestDrive 'leak/vault') -Recurse -File)
        $vaultFiles.Count | Should -BeGreaterThan 0
        # What the servers stored (not the console logs of their processes, which this session holds open).
        $serverFiles = @(Get-ChildItem $sftp.Folder, (Join-Path $TestDrive 'leak/azurite'), (Join-Path $TestDrive 'leak/s3') -Recurse -File |
            Where-Object Name -NotMatch '^(azurite|s3rver)\.(out|err)$')
        $serverFiles.Count | Should -BeGreaterThan 2
        $vaultFiles + $serverFiles | ForEach-Object { Find-Secret $_.FullName } | Should -BeNullOrEmpty
        # Inside the encrypted archives too: every entry extracted with the password.
        $inside = Join-Path $TestDrive 'leak/extracted'
        foreach ($zip in $vaultFiles | Where-Object Extension -EQ '.zip') {
            $result = Invoke-NativeTool 7z @('x', "-p$($secrets.ZipPassword)", "-o$inside/$($zip.BaseName)", '-y', $zip.FullName)
            $result.ExitCode | Should -Be 0 -Because $result.Output
        }
        $extracted = @(Get-ChildItem $inside -Recurse -File)
        $extracted.Name | Should -Contain 'manifest.json'
        $extracted | ForEach-Object { Find-Secret $_.FullName } | Should -BeNullOrEmpty
    }

    It 'writes none into the audit log' {
        $entries = Get-ExportAuditLog | Out-String
        $entries | Should -Match 'NewStorageTarget'
        $path = Join-Path $TestDrive 'audit.txt'
        Set-Content -LiteralPath $path -Value $entries
        Find-Secret $path | Should -BeNullOrEmpty
    }
}
