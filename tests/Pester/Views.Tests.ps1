# What a sysadmin sees and what leaves the module as text: the default table views, and every
# object's ConvertTo-Json and Export-Csv (read back with Python's csv module, not ours).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')

    $script:catalog = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'views')
    $script:folder = Join-Path $TestDrive 'rec'
    $script:ids = 1..3 | ForEach-Object { New-TestRecording -Folder $folder -Name "call$_" -MediaBytes 300000 }
    # One conversation with several groups, labels (one on legal hold) and cases: the array properties.
    $script:richId = New-TestRecording -Folder $folder -Name 'rich' -LegalHoldLabel 'Complaint' -Label 'VIP' -Case '2026-0017', '2026-0018' `
        -Extra '<analytics silenceRatio="0.12" talkoverRatio="0.03" longestSilence="PT4.2S"/>'
    $script:import = Import-Conversation -Path $folder
    # This machine runs the task, so it is its one server (several need a server catalog).
    $script:thisServer = $env:CONVERSATIONEXPORT_SERVER_NAME ? $env:CONVERSATIONEXPORT_SERVER_NAME : [Environment]::MachineName
    New-TestTask -Name 'nightly' -Settings @{ ArchiveMethod = 'Zip'; FileExtension = 'wav', 'xml'; Server = $thisServer } | Out-Null
    $script:run = Invoke-ConversationExport -Task 'nightly'
    $script:rich = Get-Conversation -ConversationId $richId

    # Every enum-typed property of an object, with its value's name.
    function Get-EnumProperty($object) {
        foreach ($property in $object.PSObject.Properties) {
            if ($property.Value -is [enum]) { [pscustomobject]@{ Name = $property.Name; Value = $property.Value.ToString() } }
        }
    }

    # The rows of a CSV file as Python's csv module reads them (a parser that is not ours).
    function Read-CsvWithPython([string] $Path) {
        $code = 'import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")))))'
        $json = & python3 -c $code $Path
        if ($LASTEXITCODE -ne 0) { throw "python3 could not read $Path" }
        $json | ConvertFrom-Json
    }

    # The property names of a JSON text at any depth.
    function Get-JsonKey([string] $Json) {
        [regex]::Matches($Json, '"([^"\\]+)"\s*:') | ForEach-Object { $_.Groups[1].Value }
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Default table views' {
    It 'has a table view for every object a cmdlet returns' -ForEach @(
        'Conversation', 'ImportSummary', 'CatalogInfo', 'DemoRecordingSummary', 'ExportRun', 'ExportTask', 'ExportTemplate',
        'StorageTarget', 'ExportLogEntry', 'ArchiveVerification', 'ArchiveProblem', 'ExportSchedule'
    ) {
        $view = Get-FormatData -TypeName "ConversationExport.$_"
        $view | Should -Not -BeNullOrEmpty
        $view.FormatViewDefinition.Control | Should -BeOfType System.Management.Automation.TableControl
    }

    It 'shows a run as RunId, Task, State, Exported/Selected, Failed, Size, Duration and Started' {
        $lines = ($run | Out-String -Width 120).Trim() -split '\r?\n'
        $lines[0] -split '\s+' | Where-Object { $_ } | Should -Be @('RunId', 'Task', 'State', 'Exported/Selected', 'Failed', 'Size', 'Duration', 'Started')
        $lines[2] | Should -Match "^\s*$($run.RunId)\s+nightly\s+Completed\s+4/4\s+0\s+"
        $lines[2] | Should -Match '\d+\.\d (KB|MB)\s+\d+:\d\d:\d\d\s+\d{4}-\d\d-\d\d \d\d:\d\d$'
    }

    It 'writes sizes in binary units and durations as h:mm:ss, while the objects keep bytes and seconds' {
        $display = [ConversationExport.Commands.Infrastructure.Display]
        $display::Size(0) | Should -BeExactly '0 B'
        $display::Size(1023) | Should -BeExactly '1023 B'
        $display::Size(1536) | Should -BeExactly '1.5 KB'
        $display::Size(5GB) | Should -BeExactly '5.0 GB'
        $display::Duration(0) | Should -BeExactly '0:00:00'
        $display::Duration(3725.4) | Should -BeExactly '1:02:05'
        $display::Duration(27 * 3600) | Should -BeExactly '27:00:00'
        $run.Bytes | Should -BeOfType long
        $run.DurationSeconds | Should -BeOfType double
    }

    It 'shows every ConversationId whole in a 120-column console' {
        $text = Get-Conversation | Out-String -Width 120
        foreach ($id in $ids + $richId) { $text | Should -Match ([regex]::Escape($id)) }
        ($text -split '\r?\n' | Measure-Object Length -Maximum).Maximum | Should -BeLessOrEqual 120
    }

    It 'shows the per-conversation log with sizes and whole ConversationIds' {
        $text = Get-ExportLog -RunId $run.RunId | Out-String -Width 120
        $text | Should -Match 'ConversationId'
        foreach ($id in $ids) { $text | Should -Match ([regex]::Escape($id)) }
        $text | Should -Match '\d+\.\d KB'
    }

    It 'shows an archive check as Passed, Files and Problems' {
        $text = Test-ExportArchive -Path $run.Outputs[0] | Out-String -Width 120
        ($text.Trim() -split '\r?\n')[0] -split '\s+' | Select-Object -First 3 | Should -Be @('Passed', 'Files', 'Problems')
        $text | Should -Match 'True\s+\d+\s+0'
    }

    It 'shows a task with its target and query text, and a target with its path' {
        (Get-ExportTask -Name nightly | Out-String -Width 120) | Should -Match 'nightly\s+False\s+target-nightly\s+Zip\s+UTC'
        (Get-StorageTarget -Name target-nightly | Out-String -Width 120) | Should -Match ('target-nightly\s+FileSystem\s+' + [regex]::Escape((Join-Path $TestDrive 'dest-nightly')) + '\s*$')
    }
}

Describe 'ConvertTo-Json of the module''s objects' {
    BeforeAll {
        $script:objects = [ordered]@{
            ExportRun           = $run
            Conversation        = $rich
            ExportTask          = Get-ExportTask -Name nightly
            StorageTarget       = Get-StorageTarget -Name target-nightly
            ExportLogEntry      = Get-ExportLog -RunId $run.RunId | Select-Object -First 1
            ArchiveVerification = Test-ExportArchive -Path $run.Outputs[0]
            ImportSummary       = $import
            CatalogInfo         = Get-ConversationCatalog
        }
    }

    It 'writes every enum of <_> by its name, never as a number' -ForEach @(
        'ExportRun', 'Conversation', 'ExportTask', 'StorageTarget', 'ExportLogEntry', 'CatalogInfo'
    ) {
        $object = $objects[$_]
        $enums = @(Get-EnumProperty $object)
        $enums | Should -Not -BeNullOrEmpty -Because "$_ has enum properties to check"
        $parsed = $object | ConvertTo-Json -WarningAction Ignore | ConvertFrom-Json
        foreach ($enum in $enums) {
            $parsed.($enum.Name) | Should -BeOfType string -Because "$($enum.Name) is an enum"
            $parsed.($enum.Name) | Should -BeExactly $enum.Value
        }
    }

    # Durations stay TimeSpans for scripts (compare with [TimeSpan], .TotalMinutes); every one also has a plain
    # number of seconds beside it, which is what a JSON or CSV reader takes.
    It 'writes every duration of <_> also as a number of seconds' -ForEach @(
        'ExportRun', 'Conversation', 'ExportTask', 'StorageTarget', 'ExportLogEntry', 'ArchiveVerification', 'ImportSummary', 'CatalogInfo'
    ) {
        $object = $objects[$_]
        $parsed = $object | ConvertTo-Json -Depth 5 -WarningAction Ignore | ConvertFrom-Json
        foreach ($property in $object.PSObject.Properties | Where-Object { $_.TypeNameOfValue -match 'TimeSpan' }) {
            $seconds = "$($property.Name)Seconds"
            $parsed.PSObject.Properties.Name | Should -Contain $seconds -Because "$_.$($property.Name) is a TimeSpan"
            if ($null -ne $property.Value) { $parsed.$seconds | Should -Be ([math]::Round($property.Value.TotalSeconds, 3)) }
        }
    }

    It 'writes durations as seconds' {
        $parsed = $run | ConvertTo-Json | ConvertFrom-Json
        $parsed.DurationSeconds | Should -Be $run.DurationSeconds
        $parsed.DurationSeconds | Should -BeGreaterThan 0
        $conversation = $rich | ConvertTo-Json | ConvertFrom-Json
        $conversation.DurationSeconds | Should -Be 398.377
        $conversation.LongestSilenceSeconds | Should -Be 4.2
        ($import | ConvertTo-Json | ConvertFrom-Json).DurationSeconds | Should -BeOfType double
    }

    It 'writes a schedule''s next runs as times and its window as text' {
        $schedule = [ConversationExport.ExportSchedule]::new()
        $schedule.Task = 'nightly'
        $schedule.NextRunUtc = [datetime]::SpecifyKind('2026-12-01 02:00', 'Utc'), [datetime]::SpecifyKind('2026-12-02 02:00', 'Utc')
        $schedule.LastRunState = 'Failed'
        $json = $schedule | ConvertTo-Json
        Get-JsonKey $json | Should -Not -Contain 'Ticks'
        ($json | ConvertFrom-Json).LastRunState | Should -BeExactly 'Failed'
        $schedule.NextRunUtcText | Should -BeExactly '2026-12-01T02:00:00Z; 2026-12-02T02:00:00Z'
    }
}

Describe 'Export-Csv of the module''s objects' {
    It 'keeps a conversation''s groups, labels, cases and files readable, and its enums as names' {
        $path = Join-Path $TestDrive 'conversations.csv'
        Get-Conversation | Export-Csv -Path $path
        $row = Read-CsvWithPython $path | Where-Object ConversationId -eq $richId
        $row.GroupText | Should -BeExactly 'Sales'
        $row.LabelText | Should -BeExactly 'Complaint (legal hold); VIP'
        $row.CaseText | Should -BeExactly '2026-0017; 2026-0018'
        $row.FileText | Should -BeExactly (Join-Path $folder 'rich.wav')
        $row.Direction | Should -BeExactly 'Inbound'
        $row.ConversationType | Should -BeExactly 'Voice'
        $row.DurationSeconds | Should -Be '398.377'
    }

    It 'keeps a run''s servers and outputs, and a task''s servers and extensions readable' {
        $path = Join-Path $TestDrive 'runs.csv'
        $run | Export-Csv -Path $path
        $row = Read-CsvWithPython $path
        $row.State | Should -BeExactly 'Completed'
        $row.OutputText | Should -BeExactly $run.Outputs[0]
        $row.ServerText | Should -BeExactly ($run.Servers -join '; ')

        $path = Join-Path $TestDrive 'tasks.csv'
        Get-ExportTask -Name nightly | Export-Csv -Path $path
        $task = Read-CsvWithPython $path
        $task.ServerText | Should -BeExactly $thisServer
        $task.FileExtensionText | Should -BeExactly 'wav; xml'
        $task.ArchiveMethod | Should -BeExactly 'Zip'
        $task.Query | Should -Not -Match 'ConversationExport\.'
    }

    It 'keeps an archive check''s containers and problems readable' {
        $copy = Join-Path $TestDrive 'tampered.zip'
        Copy-Item $run.Outputs[0] $copy
        & zip -q -d $copy '*.wav' | Out-Null   # removes the media the manifest lists: Missing problems
        $path = Join-Path $TestDrive 'check.csv'
        Test-ExportArchive -Path $copy -ErrorAction SilentlyContinue | Export-Csv -Path $path
        $row = Read-CsvWithPython $path
        $row.Passed | Should -BeExactly 'False'
        $row.ContainerText | Should -BeExactly $copy
        $row.ProblemText | Should -Match '^Missing: .+\.wav'
    }
}
