BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
}

Describe 'Import-Conversation' {
    BeforeEach {
        $script:catalog = Initialize-ConversationCatalog -Path (Join-Path $TestDrive "catalog-$([guid]::NewGuid()).db")
        $script:folder = Join-Path $TestDrive "rec-$([guid]::NewGuid())"
    }

    It 'imports media with their sidecars and returns a summary' {
        $ids = 1..3 | ForEach-Object { New-TestRecording -Folder $folder -Name "call$_" -MediaBytes 64 }
        $summary = Import-Conversation -Path $folder
        $summary | Should -BeOfType ConversationExport.ImportSummary
        $summary.Imported | Should -Be 3
        $summary.Failed | Should -Be 0
        (Get-Conversation).ConversationId | Sort-Object | Should -Be ($ids | Sort-Object)
        $one = Get-Conversation -ConversationId $ids[0]
        $one.From | Should -Be '+3612345678'
        $one.FromInfo | Should -Be 'Jane Caller'
        $one.Group | Should -Be @('Sales')
        $one.Files[0].Location | Should -Be (Join-Path $folder 'call1.wav')
        $one.Files[0].Size | Should -Be 64
    }

    It 'changes nothing when the same folder is imported again' {
        1..2 | ForEach-Object { New-TestRecording -Folder $folder -Name "call$_" } | Out-Null
        Import-Conversation -Path $folder | Out-Null
        $sequences = (Get-Conversation).ChangeSequence
        $again = Import-Conversation -Path $folder
        $again.Unchanged | Should -Be 2
        $again.Imported + $again.Updated | Should -Be 0
        (Get-Conversation).ChangeSequence | Should -Be $sequences
    }

    It 'reports a malformed sidecar as a non-terminating error naming the file, and imports the rest' {
        New-TestRecording -Folder $folder -Name 'good' | Out-Null
        Set-Content -Path (Join-Path $folder 'broken.xml') -Value '<conversation xmlns="urn:conversation-export:recording:1"><id>x'
        $summary = Import-Conversation -Path $folder -ErrorVariable problems -ErrorAction SilentlyContinue
        $summary.Imported | Should -Be 1
        $summary.Failed | Should -Be 1
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'SidecarInvalidXml,*'
        $problems[0].Exception.Message | Should -BeLike "*broken.xml*"
    }

    It 'reports invalid dates and enum values naming the element and accepted values' {
        New-TestRecording -Folder $folder -Name 'baddate' -Start 'yesterday' | Out-Null
        New-TestRecording -Folder $folder -Name 'baddir' -Dataset 'Attic' | Out-Null
        $summary = Import-Conversation -Path $folder -ErrorVariable problems -ErrorAction SilentlyContinue
        $summary.Failed | Should -Be 2
        $summary.Imported | Should -Be 0
        ($problems | Where-Object { $_.Exception.Message -like '*baddate.xml*<start>*yesterday*' }) | Should -Not -BeNullOrEmpty
        ($problems | Where-Object { $_.Exception.Message -like '*baddir.xml*Online, Archived*' }) | Should -Not -BeNullOrEmpty
        @(Get-Conversation).Count | Should -Be 0
    }

    It 'reports a missing media file and does not import that conversation' {
        New-TestRecording -Folder $folder -Name 'gone' | Out-Null
        Remove-Item (Join-Path $folder 'gone.wav')
        $summary = Import-Conversation -Path $folder -ErrorVariable problems -ErrorAction SilentlyContinue
        $summary.Failed | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'SidecarFileMissing,*'
        $problems[0].Exception.Message | Should -BeLike '*gone.wav*'
    }

    It 'warns about an unknown element and still imports the record' {
        New-TestRecording -Folder $folder -Name 'extra' -Extra '<colour>blue</colour>' | Out-Null
        $summary = Import-Conversation -Path $folder -WarningVariable warnings -WarningAction SilentlyContinue
        $summary.Imported | Should -Be 1
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -BeLike '*colour*'
    }

    It 'imports a CDR-only record that has no media' {
        $id = New-TestRecording -Folder $folder -Name 'cdr' -CdrOnly
        (Import-Conversation -Path $folder).Imported | Should -Be 1
        $record = Get-Conversation -ConversationId $id
        $record.CdrOnly | Should -BeTrue
        $record.Files | Should -HaveCount 0
    }

    It 'with -WhatIf reports what would be imported and writes nothing' {
        1..2 | ForEach-Object { New-TestRecording -Folder $folder -Name "call$_" } | Out-Null
        $summary = Import-Conversation -Path $folder -WhatIf
        $summary.Imported | Should -Be 2
        $summary.WhatIf | Should -BeTrue
        @(Get-Conversation).Count | Should -Be 0
    }

    It 'fails clearly when the folder does not exist' {
        { Import-Conversation -Path (Join-Path $TestDrive 'nowhere') } | Should -Throw -ErrorId 'ImportPathNotFound,*' -ExpectedMessage '*nowhere*'
    }

    It 'takes folders from the pipeline' {
        New-TestRecording -Folder (Join-Path $folder 'a') -Name 'one' | Out-Null
        New-TestRecording -Folder (Join-Path $folder 'b') -Name 'two' | Out-Null
        $summaries = Get-ChildItem $folder -Directory | Import-Conversation
        $summaries | Should -HaveCount 2
        @(Get-Conversation).Count | Should -Be 2
    }
}

Describe 'Import-Conversation progress' {
    BeforeAll {
        $script:progressFolder = Join-Path $TestDrive 'progress-rec'
        New-DemoRecording -Path $progressFolder -Count 120 -Seed 3 | Out-Null
        # Progress is read from a runspace of its own: its Progress stream keeps every record, without a console.
        function Invoke-WithProgress([string] $Script) {
            $session = [powershell]::Create()
            try {
                $null = $session.AddScript("Import-Module '$(Get-TestModulePath)'; $Script").Invoke()
                $session.Streams.Error | Should -BeNullOrEmpty
                @($session.Streams.Progress | Where-Object Activity -eq 'Import-Conversation')
            }
            finally { $session.Dispose() }
        }
    }

    It 'counts the sidecars first and reports a percentage and the time left, ending at 100' {
        $catalogPath = Join-Path $TestDrive 'progress.db'
        $records = Invoke-WithProgress "Initialize-ConversationCatalog -Path '$catalogPath' | Out-Null; Import-Conversation -Path '$progressFolder' | Out-Null"
        $reading = @($records | Where-Object { $_.RecordType -eq 'Processing' -and $_.PercentComplete -ge 0 })
        $reading.Count | Should -BeGreaterThan 0
        $reading[-1].PercentComplete | Should -Be 100
        $reading[-1].StatusDescription | Should -Be '120 of 120 sidecars read'
        $reading[-1].SecondsRemaining | Should -Be 0
        $percents = @($reading | ForEach-Object PercentComplete)
        for ($i = 1; $i -lt $percents.Count; $i++) { $percents[$i] | Should -BeGreaterOrEqual $percents[$i - 1] }
        $records[0].StatusDescription | Should -Be 'Counting sidecars' -Because 'the count comes before the first sidecar is read'
        $records[-1].RecordType | Should -Be 'Completed'
        & sqlite3 $catalogPath 'SELECT count(*) FROM conversation;' | Should -Be 120
    }

    It 'ends its progress with a Completed record when the folder does not exist' {
        $catalogPath = Join-Path $TestDrive 'progress-missing.db'
        $session = [powershell]::Create()
        try {
            $null = $session.AddScript("Import-Module '$(Get-TestModulePath)'; Initialize-ConversationCatalog -Path '$catalogPath' | Out-Null; Import-Conversation -Path '$TestDrive/no-such-folder'").Invoke()
            $session.Streams.Error[0].FullyQualifiedErrorId | Should -BeLike 'ImportPathNotFound,*'
            @($session.Streams.Progress)[-1].RecordType | Should -Be 'Completed'
        }
        finally { $session.Dispose() }
    }
}

Describe 'Get-Conversation' {
    BeforeAll {
        Initialize-ConversationCatalog -Path (Join-Path $TestDrive 'list.db') | Out-Null
        $script:ids = 1..5 | ForEach-Object { New-TestRecording -Folder (Join-Path $TestDrive 'list') -Name "call$_" }
        Import-Conversation -Path (Join-Path $TestDrive 'list') | Out-Null
    }

    It 'lists every conversation as a typed object' {
        $all = Get-Conversation
        $all | Should -HaveCount 5
        $all[0] | Should -BeOfType ConversationExport.Conversation
    }

    It 'stops after -First' {
        Get-Conversation -First 2 | Should -HaveCount 2
    }

    It 'finds by catalog id and by conversation id, from the pipeline too' {
        $target = Get-Conversation -ConversationId $ids[2]
        $target.ConversationId | Should -Be $ids[2]
        (Get-Conversation -Id $target.Id).ConversationId | Should -Be $ids[2]
        (Get-Conversation -First 2 | Get-Conversation) | Should -HaveCount 2
    }

    It 'shows a table by default' {
        $text = Get-Conversation -First 1 | Out-String -Width 250
        $text | Should -Match 'ConversationId'
        $text | Should -Match 'StartTimeUtc'
    }
}

# Skipped on Windows only (not temporary): symbolic links and FIFOs need privileges or do not exist there.
Describe 'Import-Conversation with links and special files in the folder' -Skip:$IsWindows {
    BeforeEach {
        $script:catalog = Initialize-ConversationCatalog -Path (Join-Path $TestDrive "catalog-$([guid]::NewGuid()).db")
        $script:folder = Join-Path $TestDrive "rec-$([guid]::NewGuid())"
        $script:outside = Join-Path $TestDrive "outside-$([guid]::NewGuid())"
        New-Item -ItemType Directory -Path $outside | Out-Null
        Set-Content -Path (Join-Path $outside 'secret.txt') -Value 'top-secret-content' -NoNewline
    }

    It 'refuses a media link to a file outside the folder, naming the sidecar and the file but not the target' {
        New-TestRecording -Folder $folder -Name 'call' | Out-Null
        Remove-Item (Join-Path $folder 'call.wav')
        New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'call.wav') -Target (Join-Path $outside 'secret.txt') | Out-Null
        $summary = Import-Conversation -Path $folder -ErrorVariable problems -ErrorAction SilentlyContinue
        $summary.Failed | Should -Be 1
        $summary.Imported | Should -Be 0
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'SidecarFileOutsideRoot,*'
        $problems[0].Exception.Message | Should -BeLike '*call.xml*call.wav*'
        $problems[0].Exception.Message | Should -Not -BeLike '*secret*'
        $problems[0].Exception.Message | Should -Not -BeLike '*bytes*'  # nothing of the target's size
        @(Get-Conversation) | Should -HaveCount 0
    }

    It 'does not enter a linked folder that leads out, and ends on a link loop' {
        New-TestRecording -Folder $folder -Name 'good' | Out-Null
        New-TestRecording -Folder $outside -Name 'foreign' | Out-Null
        New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'linked') -Target $outside | Out-Null
        New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'loop') -Target '..' | Out-Null
        $summary = Import-Conversation -Path $folder -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable problems -ErrorAction SilentlyContinue
        $summary.Imported | Should -Be 1
        $problems | Should -HaveCount 0
        @($warnings | Where-Object { "$_" -like '*is a link to a folder*' }) | Should -HaveCount 2
        (Get-Conversation).Files.Location | ForEach-Object { $_ | Should -BeLike "$folder/*" }
    }

    It 'refuses a FIFO without blocking' {
        New-TestRecording -Folder $folder -Name 'pipe' | Out-Null
        Remove-Item (Join-Path $folder 'pipe.wav')
        & mkfifo (Join-Path $folder 'pipe.wav')
        $summary = Import-Conversation -Path $folder -ErrorVariable problems -ErrorAction SilentlyContinue
        $summary.Failed | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'SidecarFileNotRegular,*'
    }
}
