# Bad input (SPEC §4, §14): a terminating error with a stable ErrorId that names the fault, and
# nothing written — no task, no run, no file in the destination.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null
    $folder = Join-Path $TestDrive 'rec'
    1..2 | ForEach-Object { New-TestRecording -Folder $folder -Name "call$_" } | Out-Null
    Import-Conversation -Path $folder | Out-Null

    $script:destination = Join-Path $TestDrive 'dest'
    New-Item -ItemType Directory -Path $destination | Out-Null
    New-StorageTarget -Name 'good' -Path $destination | Out-Null
    $script:password = ConvertTo-SecureString 'pw-123' -AsPlainText -Force

    # Nothing may have been written: the catalog holds no task or run, the destination is empty.
    function Assert-NothingWritten {
        @(Get-ExportTask) | Should -HaveCount 0 -Because 'no task may be created'
        @(Get-ExportStatus) | Should -HaveCount 0 -Because 'no run may be recorded'
        @(Get-ChildItem -LiteralPath $destination -Force) | Should -HaveCount 0 -Because 'nothing may be written to the destination'
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'New-ExportTask with bad input' {
    It 'refuses <Case> with <ErrorId>, naming it, and creates nothing' -ForEach @(
        @{ Case = 'an unknown time zone'; ErrorId = 'TimeZoneNotFound'; Message = '*Mars/Olympus_Mons*'; Settings = @{ TimeZone = 'Mars/Olympus_Mons' } }
        @{ Case = 'an unknown rename token'; ErrorId = 'RenamePatternInvalid'; Message = '*{Colour}*'; Settings = @{ RenamePattern = '{StartTime}_{Colour}' } }
        @{ Case = 'a rename pattern that climbs out of the export root'; ErrorId = 'RenamePatternInvalid'; Message = '*'; Settings = @{ RenamePattern = '../{ConversationId}' } }
        @{ Case = 'Aes256 without a password'; ErrorId = 'ExportSettingInvalid'; Message = '*ZipPassword*'; Settings = @{ ArchiveMethod = 'Aes256' } }
        @{ Case = 'ZipCrypto without a password'; ErrorId = 'ExportSettingInvalid'; Message = '*ZipPassword*'; Settings = @{ ArchiveMethod = 'ZipCrypto' } }
        @{ Case = 'a password with ArchiveMethod None'; ErrorId = 'ExportSettingInvalid'; Message = '*ZipPassword*'; Settings = @{ ArchiveMethod = 'None'; ZipPassword = 'set below' } }
        @{ Case = 'a password with ArchiveMethod Zip'; ErrorId = 'ExportSettingInvalid'; Message = '*ZipPassword*'; Settings = @{ ArchiveMethod = 'Zip'; ZipPassword = 'set below' } }
        @{ Case = 'an unknown storage target'; ErrorId = 'StorageTargetNotFound'; Message = '*nowhere*'; Settings = @{ StorageTarget = 'nowhere' } }
        @{ Case = '-MaxArchiveSize 0'; ErrorId = 'ExportSettingInvalid'; Message = '*-MaxArchiveSize 0 *1 MB*'; Settings = @{ MaxArchiveSize = 0 } }
        @{ Case = '-MaxArchiveSize -5'; ErrorId = 'ExportSettingInvalid'; Message = '*-MaxArchiveSize -5 *1 MB*'; Settings = @{ MaxArchiveSize = -5 } }
        @{ Case = '-MaxArchiveSize 0 with ArchiveMethod None'; ErrorId = 'ExportSettingInvalid'; Message = '*-MaxArchiveSize 0 *'; Settings = @{ MaxArchiveSize = 0; ArchiveMethod = 'None' } }
    ) {
        $parameters = @{ Name = 'bad'; StorageTarget = 'good' } + @{}
        foreach ($key in $Settings.Keys) { $parameters[$key] = $Settings[$key] }
        if ($parameters.ContainsKey('ZipPassword')) { $parameters.ZipPassword = $password }
        { New-ExportTask @parameters -Enabled } | Should -Throw -ErrorId "$ErrorId,*" -ExpectedMessage $Message
        Assert-NothingWritten
    }
}

Describe 'Invoke-ConversationExport with bad input' {
    It 'refuses an ad-hoc export with <Case> with <ErrorId>, and writes nothing' -ForEach @(
        @{ Case = 'an unknown time zone'; ErrorId = 'TimeZoneNotFound'; Settings = @{ TimeZone = 'Europe/Atlantis' } }
        @{ Case = 'an unknown rename token'; ErrorId = 'RenamePatternInvalid'; Settings = @{ RenamePattern = '{Nope}' } }
        @{ Case = 'Aes256 without a password'; ErrorId = 'ExportSettingInvalid'; Settings = @{ ArchiveMethod = 'Aes256' } }
        @{ Case = 'a password with ArchiveMethod None'; ErrorId = 'ExportSettingInvalid'; Settings = @{ ArchiveMethod = 'None'; ZipPassword = 'set below' } }
        @{ Case = '-MaxArchiveSize 0'; ErrorId = 'ExportSettingInvalid'; Settings = @{ MaxArchiveSize = 0 } }
        @{ Case = '-MaxArchiveSize -5'; ErrorId = 'ExportSettingInvalid'; Settings = @{ MaxArchiveSize = -5 } }
    ) {
        if ($Settings.ContainsKey('ZipPassword')) { $Settings.ZipPassword = $password }
        { Get-Conversation | Invoke-ConversationExport -Destination $destination @Settings } | Should -Throw -ErrorId "$ErrorId,*"
        Assert-NothingWritten
    }

    It 'refuses an unknown task with ExportTaskNotFound' {
        { Invoke-ConversationExport -Task 'no-such-task' } | Should -Throw -ErrorId 'ExportTaskNotFound,*' -ExpectedMessage '*no-such-task*'
        Assert-NothingWritten
    }

    It 'with -WhatIf does not create a missing ad-hoc destination' {
        $missing = Join-Path $TestDrive 'no-such-folder'
        Get-Conversation | Invoke-ConversationExport -Destination $missing -WhatIf
        Test-Path $missing | Should -BeFalse
        Assert-NothingWritten
    }

    It 'refuses a destination that is a file with OutputPathWrongKind, and leaves the file alone' {
        $file = Join-Path $TestDrive 'a-file'
        Set-Content -Path $file -Value 'keep me'
        { Get-Conversation | Invoke-ConversationExport -Destination $file } | Should -Throw -ErrorId 'OutputPathWrongKind,*' -ExpectedMessage "*$file*existing file*"
        { Get-Conversation | Invoke-ConversationExport -Destination (Join-Path $file 'below') } | Should -Throw -ErrorId 'OutputPathWrongKind,*' -ExpectedMessage "*$file*existing file*"
        Get-Content $file | Should -Be 'keep me'
        Assert-NothingWritten
    }

    # Skipped on Windows only (not temporary): the read-only folder is made with chattr, which Windows lacks.
    It 'refuses a destination it cannot write to with DestinationNotWritable, and leaves it empty' -Skip:$IsWindows {
        # chmod does not stop root; the immutable attribute does (and root is who runs this suite in CI).
        $locked = Join-Path $TestDrive 'read-only'
        New-Item -ItemType Directory -Path $locked | Out-Null
        $root = (& id -u) -eq '0'
        if ($root) { & chattr +i $locked } else { & chmod 0555 $locked }
        $LASTEXITCODE | Should -Be 0 -Because 'the test needs a folder nobody can write to'
        try {
            { Get-Conversation | Invoke-ConversationExport -Destination $locked } | Should -Throw -ErrorId 'DestinationNotWritable,*' -ExpectedMessage "*$locked*"
            @(Get-ChildItem $locked -Force) | Should -HaveCount 0
            Assert-NothingWritten
        }
        finally { if ($root) { & chattr -i $locked } else { & chmod 0755 $locked } }
    }

    It 'refuses a resume of a run that does not exist with RunNotFound' {
        { Invoke-ConversationExport -Resume -RunId 424242 } | Should -Throw -ErrorId 'RunNotFound,*'
        Assert-NothingWritten
    }
}

Describe 'Set-ExportTask -MaxArchiveSize' {
    BeforeAll {
        New-ExportTask -Name 'split' -StorageTarget 'good' -MaxArchiveSize 2GB | Out-Null
    }

    AfterAll {
        Remove-ExportTask -Name 'split' -Confirm:$false
    }

    It 'refuses <Size> with ExportSettingInvalid, naming the value and how to remove the limit, and keeps the stored limit' -ForEach @(
        @{ Size = 0 }
        @{ Size = -5 }
    ) {
        { Set-ExportTask -Name 'split' -MaxArchiveSize $Size } |
            Should -Throw -ErrorId 'ExportSettingInvalid,*' -ExpectedMessage "*-MaxArchiveSize $Size *1 MB*-MaxArchiveSize `$null*"
        (Get-ExportTask -Name 'split').MaxArchiveSize | Should -Be 2GB
    }

    It 'removes the limit with $null' {
        Set-ExportTask -Name 'split' -MaxArchiveSize $null
        (Get-ExportTask -Name 'split').MaxArchiveSize | Should -BeNullOrEmpty
        Set-ExportTask -Name 'split' -MaxArchiveSize 1GB
        (Get-ExportTask -Name 'split').MaxArchiveSize | Should -Be 1GB
    }
}

Describe 'A task whose destination went away' {
    BeforeAll {
        $script:gone = Join-Path $TestDrive 'dest-gone'
        New-Item -ItemType Directory -Path $gone | Out-Null
        New-StorageTarget -Name 'going' -Path $gone | Out-Null
        New-ExportTask -Name 'orphan' -StorageTarget 'going' | Out-Null
        Remove-Item $gone
    }

    It 'fails with DestinationNotWritable naming the folder, records no run, and does not recreate the folder' {
        { Invoke-ConversationExport -Task 'orphan' } | Should -Throw -ErrorId 'DestinationNotWritable,*' -ExpectedMessage "*$gone*"
        @(Get-ExportStatus -Task 'orphan') | Should -HaveCount 0
        Test-Path $gone | Should -BeFalse
    }

    It 'makes $? false in the session and pwsh -Command exit non-zero' {
        $module = (Get-TestModulePath).Replace("'", "''")
        $session = Invoke-CleanSession "Import-Module '$module'; Invoke-ConversationExport -Task orphan 2>`$null; 'succeeded=' + `$?"
        $session.Output | Should -Match 'succeeded=False'
        & (Get-PwshPath) -NoProfile -NonInteractive -Command "Import-Module '$module'; Invoke-ConversationExport -Task orphan" *> $null
        $LASTEXITCODE | Should -Not -Be 0
        @(Get-ExportStatus -Task 'orphan') | Should -HaveCount 0
    }
}
