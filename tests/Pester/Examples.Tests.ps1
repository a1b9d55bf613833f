# The runbooks in examples/ run as a scheduler runs them: the real pwsh, -File, the exit code read.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    $script:nightly = Join-Path $PSScriptRoot '../../examples/Nightly-Export.ps1'

    function Invoke-Nightly([string] $Task) {
        $output = & (Get-PwshPath) -NoProfile -NonInteractive -File $nightly -Task $Task -Catalog $env:CONVERSATIONEXPORT_CATALOG -ModulePath (Get-TestModulePath) 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'examples/Nightly-Export.ps1' {
    BeforeAll {
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null
        $script:folder = Join-Path $TestDrive 'rec'
        $script:ids = Write-TestRecordings -Folder $folder -Count 30
        Import-Conversation -Path $folder | Out-Null
        $script:vault = Join-Path $TestDrive 'vault'
        New-Item -ItemType Directory -Path $vault | Out-Null
        New-StorageTarget -Name Vault -Path $vault | Out-Null
        New-ExportTask -Name Nightly -StorageTarget Vault -ArchiveMethod Aes256 -ZipPassword (ConvertTo-SecureString 'nightly-pw' -AsPlainText -Force) `
            -RenamePattern '{ConversationId}' | Out-Null
        # -Scheduled runs only enabled tasks; enabling starts a run at once, which the nightly then follows.
        Enable-ExportTask -Name Nightly -WarningAction SilentlyContinue
        $null = Wait-Until { $r = @(Get-ExportStatus -Task Nightly); if ($r.Count -gt 0 -and @($r | Where-Object State -In 'Queued', 'Running').Count -eq 0) { $r } } -Because 'the run started by enabling the task ended' -TimeoutSeconds 120
    }

    It 'exits 0 on an Aes256 task, verifying with the stored password (no password parameter)' {
        Write-TestRecordings -Folder (Join-Path $TestDrive 'rec2') -Count 10 -Prefix 'late' -Seed 7 | Out-Null
        Import-Conversation -Path (Join-Path $TestDrive 'rec2') | Out-Null
        $result = Invoke-Nightly 'Nightly'
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $run = Get-ExportStatus -Task Nightly -Last 1
        $run.State | Should -Be 'Completed'
        $run.Exported | Should -Be 10 -Because 'the nightly run is incremental: only what arrived since the last run'
        (Test-ExportArchive -RunId $run.RunId).Passed | Should -BeTrue
        Get-7zEntryName $run.Outputs[0] -Password 'nightly-pw' | Should -Contain 'manifest.json'
    }

    It 'exits 3 when some conversations failed, naming them' {
        Write-TestRecordings -Folder (Join-Path $TestDrive 'rec3') -Count 3 -Prefix 'broken' -Seed 8 | Out-Null
        Import-Conversation -Path (Join-Path $TestDrive 'rec3') | Out-Null
        $gone = Get-ChildItem (Join-Path $TestDrive 'rec3') -Filter '*.wav' -Recurse | Select-Object -First 1
        Remove-Item $gone.FullName
        $result = Invoke-Nightly 'Nightly'
        $result.ExitCode | Should -Be 3 -Because $result.Output
        $result.Output | Should -BeLike '*media file missing*'
    }

    It 'exits 1 when the run fails' {
        Write-TestRecordings -Folder (Join-Path $TestDrive 'rec4') -Count 2 -Prefix 'more' -Seed 9 | Out-Null
        Import-Conversation -Path (Join-Path $TestDrive 'rec4') | Out-Null
        Rename-Item $vault "$vault-away"
        try {
            $result = Invoke-Nightly 'Nightly'
            $result.ExitCode | Should -Be 1 -Because $result.Output
        }
        finally { Rename-Item "$vault-away" $vault }
    }

    It 'exits 0 without a run while the task is disabled' {
        Disable-ExportTask -Name Nightly
        $before = @(Get-ExportStatus -Task Nightly).Count
        $result = Invoke-Nightly 'Nightly'
        $result.ExitCode | Should -Be 0 -Because $result.Output
        @(Get-ExportStatus -Task Nightly).Count | Should -Be $before
    }
}
