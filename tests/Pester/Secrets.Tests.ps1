# Where a task's ZIP password can be decrypted (SPEC §12): by the account that saved it, or by the machine's accounts.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
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
