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
