# File layout and Rename Files (seed §4.1, SPEC §4, §5): date folders in the task's time zone,
# every rename token, names that stay inside the export root whatever the recorded data says, and
# collision counters.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')

    # Ad-hoc export of the given conversations into a fresh folder; returns the run.
    function Export-Conversations {
        param([Parameter(Mandatory)] [string] $Into, [Parameter(Mandatory)] [object[]] $Conversation, [hashtable] $Settings = @{})
        New-Item -ItemType Directory -Path $Into -Force | Out-Null
        # The recorder's own XML sidecar unless a test asks for more: file lists stay those of the recording.
        $parameters = @{ MetadataFormat = 'Xml' } + @{}
        foreach ($key in $Settings.Keys) { $parameters[$key] = $Settings[$key] }
        $Conversation | Invoke-ConversationExport -Destination $Into @parameters -WarningAction SilentlyContinue
    }

    # Relative paths ('/'-separated, ordinal order) of the files a loose-file run delivered, hidden ones included.
    function Get-RunFile {
        param([Parameter(Mandatory)] $Run)
        $root = $Run.Outputs[0]
        Get-ChildItem -LiteralPath $root -Recurse -File -Force | ForEach-Object { $_.FullName.Substring($root.Length + 1).Replace('\', '/') } |
            Select-ConversationFile | Sort-Ordinal
    }

    function Sort-Ordinal {
        $items = [string[]]@($input)
        [Array]::Sort($items, [StringComparer]::Ordinal)
        $items
    }

    # Every file under the test drive except the catalog's own.
    function Get-TestDriveFile {
        [Collections.Generic.HashSet[string]]@(Get-ChildItem -LiteralPath $TestDrive -Recurse -File -Force |
                Where-Object { $_.DirectoryName -notlike "$TestDrive/rename*" -and $_.DirectoryName -notlike "$TestDrive/env*" } | ForEach-Object FullName)
    }

    # What no exported name may contain, on any OS (SPEC §4 Rename Files: never escapes the export root).
    function Assert-SafeRelativePath {
        param([Parameter(Mandatory)] [string] $Path)
        $Path | Should -Not -Match '^[/\\]' -Because "'$Path' must not be rooted"
        $Path | Should -Not -Match '^[A-Za-z]:' -Because "'$Path' must not name a drive"
        $Path | Should -Not -Match '[\\:]' -Because "'$Path' must not hold '\' or ':' (Windows separators, drives, alternate data streams)"
        foreach ($segment in $Path.Split('/')) {
            $segment | Should -Not -BeIn @('', '.', '..') -Because "'$Path' must not have an empty, '.' or '..' segment"
            $segment | Should -Not -Match '^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?$' -Because "'$Path' must not use a Windows device name"
            $segment | Should -Not -Match '[ .]$' -Because "'$Path' must not end a segment with a dot or blank"
        }
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Date subfolders' {
    BeforeAll {
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'dates') | Out-Null
        $folder = Join-Path $TestDrive 'rec-dates'
        $script:lateWinter = New-TestRecording -Folder $folder -Name 'late-winter' -Start '2026-11-28T23:30:00Z' -End '2026-11-28T23:40:00Z'
        $script:lateSummer = New-TestRecording -Folder $folder -Name 'late-summer' -Start '2026-07-15T22:30:00Z' -End '2026-07-15T22:31:00Z'
        $script:morning = New-TestRecording -Folder $folder -Name 'morning' -Start '2026-11-28T09:00:00Z' -End '2026-11-28T09:05:00Z'
        Import-Conversation -Path $folder | Out-Null
        $script:all = Get-Conversation
    }

    It 'files a conversation at 23:30 UTC under the next day for Europe/Budapest' {
        $run = Export-Conversations -Into (Join-Path $TestDrive 'budapest') -Conversation $all -Settings @{ ArchiveMethod = 'None'; TimeZone = 'Europe/Budapest' }
        $run.State | Should -Be 'Completed'
        Get-RunFile $run | Should -Be @(
            '2026/07/16/late-summer.wav', '2026/07/16/late-summer.xml'
            '2026/11/28/morning.wav', '2026/11/28/morning.xml'
            '2026/11/29/late-winter.wav', '2026/11/29/late-winter.xml'
        )
    }

    It 'files the same conversations by their UTC day when the task time zone is UTC' {
        $run = Export-Conversations -Into (Join-Path $TestDrive 'utc') -Conversation $all -Settings @{ ArchiveMethod = 'None'; TimeZone = 'UTC' }
        Get-RunFile $run | Should -Be @(
            '2026/07/15/late-summer.wav', '2026/07/15/late-summer.xml'
            '2026/11/28/late-winter.wav', '2026/11/28/late-winter.xml'
            '2026/11/28/morning.wav', '2026/11/28/morning.xml'
        )
    }

    It 'accepts the Windows id of the same zone and files the same way' {
        $run = Export-Conversations -Into (Join-Path $TestDrive 'windows-id') -Conversation $all -Settings @{ ArchiveMethod = 'None'; TimeZone = 'Central Europe Standard Time' }
        (Get-RunFile $run) -like '2026/11/29/*' | Should -Be @('2026/11/29/late-winter.wav', '2026/11/29/late-winter.xml')
    }

    It 'uses the task time zone inside a ZIP archive too' {
        $run = Export-Conversations -Into (Join-Path $TestDrive 'zip-dates') -Conversation $all -Settings @{ TimeZone = 'Europe/Budapest' }
        (Get-ZipEntryName $run.Outputs[0]) -like '2026/11/29/*' | Sort-Object | Should -Be @('2026/11/29/late-winter.wav', '2026/11/29/late-winter.xml')
    }

    It 'puts every file at the root of the export with -NoSubfolders' {
        $run = Export-Conversations -Into (Join-Path $TestDrive 'flat') -Conversation $all -Settings @{ ArchiveMethod = 'None'; NoSubfolders = $true }
        Get-RunFile $run | Should -Be @('late-summer.wav', 'late-summer.xml', 'late-winter.wav', 'late-winter.xml', 'morning.wav', 'morning.xml')
        @(Get-ChildItem -LiteralPath $run.Outputs[0] -Recurse -Directory) | Should -HaveCount 0
        $zip = Export-Conversations -Into (Join-Path $TestDrive 'flat-zip') -Conversation $all -Settings @{ NoSubfolders = $true }
        @(Get-ZipEntryName $zip.Outputs[0]) | Where-Object { $_ -match '/' } | Should -BeNullOrEmpty
    }

    It 'gives media and sidecar the same renamed base name' {
        $run = Export-Conversations -Into (Join-Path $TestDrive 'pairs') -Conversation $all -Settings @{ ArchiveMethod = 'None'; RenamePattern = 'call-{ConversationId}' }
        Get-RunFile $run | Should -Be (@(
                "2026/07/15/call-$lateSummer.wav", "2026/07/15/call-$lateSummer.xml"
                "2026/11/28/call-$lateWinter.wav", "2026/11/28/call-$lateWinter.xml"
                "2026/11/28/call-$morning.wav", "2026/11/28/call-$morning.xml"
            ) | Sort-Ordinal)
    }

    It 'names the generated CSV and JSON sidecars like the media and the original XML' {
        $run = Export-Conversations -Into (Join-Path $TestDrive 'generated') -Conversation (Get-Conversation -ConversationId $morning) `
            -Settings @{ ArchiveMethod = 'None'; RenamePattern = 'call-{ConversationId}'; MetadataFormat = 'Xml', 'Csv', 'Json' }
        Get-RunFile $run | Should -Be (@('wav', 'xml', 'csv', 'json') | ForEach-Object { "2026/11/28/call-$morning.$_" } | Sort-Ordinal)
    }
}

Describe 'Rename Files' {
    BeforeAll {
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'rename') | Out-Null
        $script:tokenFolder = Join-Path $TestDrive 'rec-tokens'
        $script:tokenId = New-TestRecording -Folder $tokenFolder -Name 'orig-name' -Id '0f1e2d3c-4b5a-4697-8899-aabbccddeeff' `
            -Start '2026-11-28T09:15:02.123Z' -End '2026-11-28T09:16:07.623Z' -From '+3612345678' -To '1234' -User 'jsmith' `
            -Direction Outbound -Type Video -Server 'rec01.example.local'
        Import-Conversation -Path $tokenFolder | Out-Null
        $script:tokenSource = Get-Sha256 (Join-Path $tokenFolder 'orig-name.wav')
        $script:case = 0
    }

    It 'renders <Pattern> as <Expected>' -ForEach @(
        @{ Pattern = '{ConversationId}'; Expected = '0f1e2d3c-4b5a-4697-8899-aabbccddeeff' }
        @{ Pattern = '{StartTime:yyyyMMdd_HHmmss}'; Expected = '20261128_101502' }
        @{ Pattern = '{StartTime}'; Expected = '20261128_101502' }
        @{ Pattern = '{StartTime:yyyy-MM-dd HH.mm.ss.fff}'; Expected = '2026-11-28 10.15.02.123' }
        @{ Pattern = 'from {From}'; Expected = 'from +3612345678' }
        @{ Pattern = 'to {To}'; Expected = 'to 1234' }
        @{ Pattern = 'user {User}'; Expected = 'user jsmith' }
        @{ Pattern = '{Direction}'; Expected = 'Outbound' }
        @{ Pattern = '{Duration}'; Expected = '65' }
        @{ Pattern = '{Duration:hhmmss}'; Expected = '000105' }
        @{ Pattern = '{Type}'; Expected = 'Video' }
        @{ Pattern = 'server {Server}'; Expected = 'server rec01.example.local' }
        @{ Pattern = '{OriginalName}'; Expected = 'orig-name' }
        @{ Pattern = '{Counter}'; Expected = '1' }
        @{ Pattern = '{Counter:000000}'; Expected = '000001' }
        @{ Pattern = '{StartTime:yyyyMMdd}_{From}_{To}_{User}_{Direction}_{Type}'; Expected = '20261128_+3612345678_1234_jsmith_Outbound_Video' }
        @{ Pattern = '{User}/{StartTime:yyyy}/{ConversationId}'; Expected = 'jsmith/2026/0f1e2d3c-4b5a-4697-8899-aabbccddeeff' }
        @{ Pattern = '{{{Type}}}'; Expected = '{Video}' }
    ) {
        $script:case++
        $run = Export-Conversations -Into (Join-Path $TestDrive "token-$case") -Conversation (Get-Conversation -ConversationId $tokenId) `
            -Settings @{ ArchiveMethod = 'None'; NoSubfolders = $true; TimeZone = 'Europe/Budapest'; RenamePattern = $Pattern }
        $run.Exported | Should -Be 1
        Get-RunFile $run | Should -Be @("$Expected.wav", "$Expected.xml")
        Get-Sha256 (Join-Path $run.Outputs[0] "$Expected.wav") | Should -Be $tokenSource
    }

    It 'numbers {Counter} through the run' {
        $folder = Join-Path $TestDrive 'rec-counter'
        $ids = 1..3 | ForEach-Object { New-TestRecording -Folder $folder -Name "counted$_" -User 'counter-test' }
        Import-Conversation -Path $folder | Out-Null
        $run = Export-Conversations -Into (Join-Path $TestDrive 'counter') -Conversation (Get-Conversation -User 'counter-test') `
            -Settings @{ ArchiveMethod = 'None'; NoSubfolders = $true; RenamePattern = 'n{Counter:000}' }
        (Get-RunFile $run) -like '*.wav' | Should -Be @('n001.wav', 'n002.wav', 'n003.wav')
        $ids | Should -HaveCount 3
    }

    Context 'a <Field> value of <Value>' -ForEach @(
        @{ Field = 'User'; Value = '../../../escaped' }
        @{ Field = 'User'; Value = '..' }
        @{ Field = 'User'; Value = '..\..\..\escaped' }
        @{ Field = 'User'; Value = 'C:\Windows\System32\escaped' }
        @{ Field = 'User'; Value = '/etc/cron.d/escaped' }
        @{ Field = 'User'; Value = 'report.txt:hidden-stream' }
        @{ Field = 'User'; Value = 'CON' }
        @{ Field = 'From'; Value = 'aux.wav' }
        @{ Field = 'From'; Value = 'LPT1' }
        @{ Field = 'From'; Value = 'trailing dot.' }
    ) {
        BeforeAll {
            $script:case++
            $folder = Join-Path $TestDrive "rec-hostile-$case"
            $recording = @{ Folder = $folder; Name = 'hostile'; $Field = $Value }
            $script:hostileId = New-TestRecording @recording
            Import-Conversation -Path $folder | Out-Null
            $script:sandbox = Join-Path $TestDrive "hostile-$case"
            $script:conversation = Get-Conversation -ConversationId $hostileId
            $conversation.$Field | Should -Be $Value
        }

        It 'stays inside the export root as a folder name and as part of a file name (loose files)' -ForEach @(
            @{ Pattern = "{$Field}/{ConversationId}" }
            @{ Pattern = "{$Field}_{Counter}" }
        ) {
            $into = Join-Path $sandbox "loose-$([guid]::NewGuid().ToString('N'))"
            $before = Get-TestDriveFile
            $run = Export-Conversations -Into $into -Conversation $conversation -Settings @{ ArchiveMethod = 'None'; RenamePattern = $Pattern }
            $run.Exported | Should -Be 1
            $root = $run.Outputs[0]
            $root | Should -BeLike "$into/*"
            # The run wrote two files, both inside its own folder, and nothing anywhere a hostile name points to.
            $written = @((Get-TestDriveFile) | Where-Object { -not $before.Contains($_) })
            $written | ForEach-Object { $_ | Should -BeLike "$root/*" }
            @($written | Where-Object { [IO.Path]::GetFileName($_) | Select-ConversationFile }) | Should -HaveCount 2
            Test-Path '/etc/cron.d/escaped' | Should -BeFalse
            Get-RunFile $run | ForEach-Object { Assert-SafeRelativePath $_ }
        }

        It 'stays inside the archive as a safe entry name (Zip)' {
            $run = Export-Conversations -Into (Join-Path $sandbox 'zip') -Conversation $conversation -Settings @{ RenamePattern = "{$Field}/{ConversationId}" }
            $run.Exported | Should -Be 1
            $entries = @(Get-ZipEntryName $run.Outputs[0])
            @(Select-ConversationFile $entries) | Should -HaveCount 2
            $entries | ForEach-Object { Assert-SafeRelativePath $_ }
            @(Get-7zEntryName $run.Outputs[0]) | ForEach-Object { Assert-SafeRelativePath ($_ -replace '\\', '/') }
        }
    }

    It 'gives colliding names counters _1, _2, keeping each media file with its own sidecar' {
        $folder = Join-Path $TestDrive 'rec-collide'
        $ids = 1..3 | ForEach-Object { New-TestRecording -Folder $folder -Name "same$_" -User 'collide' -Direction Internal }
        Import-Conversation -Path $folder | Out-Null
        $run = Export-Conversations -Into (Join-Path $TestDrive 'collide') -Conversation (Get-Conversation -User 'collide') `
            -Settings @{ ArchiveMethod = 'None'; NoSubfolders = $true; RenamePattern = '{User}_{Direction}' }
        $run.Exported | Should -Be 3
        Get-RunFile $run | Should -Be @(
            'collide_Internal.wav', 'collide_Internal.xml', 'collide_Internal_1.wav', 'collide_Internal_1.xml', 'collide_Internal_2.wav', 'collide_Internal_2.xml')
        $sources = @{}
        foreach ($n in 1..3) { $sources[$ids[$n - 1]] = Get-Sha256 (Join-Path $folder "same$n.wav") }
        $seen = foreach ($stem in 'collide_Internal', 'collide_Internal_1', 'collide_Internal_2') {
            $id = ([xml](Get-Content -Raw (Join-Path $run.Outputs[0] "$stem.xml"))).conversation.id
            Get-Sha256 (Join-Path $run.Outputs[0] "$stem.wav") | Should -Be $sources[$id] -Because "$stem.wav must be the media of the conversation in $stem.xml"
            $id
        }
        ($seen | Sort-Object) | Should -Be ($ids | Sort-Object)
    }

    It 'treats names that differ only in case as a collision (they are one file on Windows and macOS)' {
        $folder = Join-Path $TestDrive 'rec-case'
        New-TestRecording -Folder $folder -Name 'upper' -User 'Alice' | Out-Null
        New-TestRecording -Folder $folder -Name 'lower' -User 'alice' | Out-Null
        Import-Conversation -Path $folder | Out-Null
        $run = Export-Conversations -Into (Join-Path $TestDrive 'case') -Conversation (Get-Conversation -User 'Alice', 'alice') `
            -Settings @{ RenamePattern = '{User}_{Type}'; NoSubfolders = $true }
        $names = @(Get-ZipEntryName $run.Outputs[0]) -like '*.wav'
        $names | Should -HaveCount 2
        @($names | ForEach-Object ToUpperInvariant | Sort-Object -Unique) | Should -HaveCount 2
        (Invoke-NativeTool unzip '-t', $run.Outputs[0]).ExitCode | Should -Be 0
    }
}
