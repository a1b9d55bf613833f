# Argument completion as a console user gets it (TabExpansion2): time zones, recent runs, values already
# in the catalog and scheduled tasks.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')

    $script:catalog = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'completion')
    $folder = Join-Path $TestDrive 'rec'
    $null = New-TestRecording -Folder $folder -Name 'a' -LegalHoldLabel 'Complaint' -Label 'VIP customer' -Case '2026-0017' -RecordingServer 'rec01.example.local'
    $null = New-TestRecording -Folder $folder -Name 'b' -User 'mkovacs' -Server 'rec02.example.local'
    Import-Conversation -Path $folder | Out-Null
    New-TestTask -Name 'nightly' | Out-Null
    New-TestTask -Name 'weekly' | Out-Null
    $script:run = Invoke-ConversationExport -Task 'nightly'

    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Completion of -TimeZone' {
    It 'offers IANA ids, also from a part after the slash' {
        (Get-Completion 'New-ExportTask -Name x -TimeZone Europe/Buda').CompletionText | Should -Contain 'Europe/Budapest'
        (Get-Completion 'Register-ExportSchedule -Task x -Daily -At 02:00 -TimeZone Budap').CompletionText | Should -Contain 'Europe/Budapest'
    }

    It 'offers Windows ids, quoted' {
        (Get-Completion 'Export-ConversationList -Path x.csv -TimeZone Central*Europe').CompletionText | Should -Contain "'Central Europe Standard Time'"
        (Get-Completion 'Invoke-ConversationExport -Destination x -TimeZone W.*Europe').CompletionText | Should -Contain "'W. Europe Standard Time'"
    }

    It 'offers UTC, and a zone the engine accepts' {
        $offered = (Get-Completion 'Save-Conversation -Destination x -TimeZone U').CompletionText
        $offered | Should -Contain 'UTC'
        foreach ($zone in $offered | Select-Object -First 5) {
            { [TimeZoneInfo]::FindSystemTimeZoneById($zone.Trim("'")) } | Should -Not -Throw
        }
    }
}

Describe 'Completion of -RunId' {
    It 'offers recent runs, newest first, with task and state in the tooltip' {
        $second = Invoke-ConversationExport -Task 'weekly'
        $offered = Get-Completion 'Get-ExportLog -RunId '
        $offered[0].CompletionText | Should -Be "$($second.RunId)"
        $offered[0].ToolTip | Should -Match '^weekly: Completed'
        ($offered | Where-Object CompletionText -eq "$($run.RunId)").ToolTip | Should -Match '^nightly: Completed'
        (Get-Completion 'Test-ExportArchive -RunId ').CompletionText | Should -Contain "$($run.RunId)"
    }

    It 'offers nothing, and does not fail, without a catalog' {
        $missing = Join-Path $TestDrive 'missing.db'
        $line = "Get-ExportStatus -Catalog ([ConversationExport.CatalogInfo]::new('Sqlite', 'Data Source=$missing', '$missing')) -RunId "
        { Get-Completion $line } | Should -Not -Throw
        $missing | Should -Not -Exist
    }
}

Describe 'Completion of catalog values' {
    It 'offers labels, quoted when they hold a space' {
        (Get-Completion 'Get-Conversation -Label V').CompletionText | Should -Be @("'VIP customer'")
        (Get-Completion 'New-ConversationQuery -ExcludeLabel C').CompletionText | Should -Be @('Complaint')
    }

    It 'offers groups, cases, users and recording servers from the catalog' {
        (Get-Completion 'Get-Conversation -Group Sa').CompletionText | Should -Be @('Sales')
        (Get-Completion 'Get-Conversation -Case 2026').CompletionText | Should -Be @('2026-0017')
        (Get-Completion 'Get-Conversation -User mk').CompletionText | Should -Be @('mkovacs')
        (Get-Completion 'Get-Conversation -RecordingServer rec').CompletionText | Should -Be @('rec01.example.local', 'rec02.example.local')
    }
}

Describe 'Completion of schedule task names' {
    It 'offers only the tasks that have a schedule' {
        # The schedule row is written straight into the catalog: completion reads only the catalog, and a
        # real Register-ExportSchedule would change this machine's crontab.
        $taskId = & sqlite3 $catalog.Path "SELECT id FROM export_task WHERE name = 'weekly'"
        & sqlite3 $catalog.Path "INSERT INTO export_schedule (task_id, definition, trigger_id, trigger_text, handled_utc, created_utc, created_by, modified_utc, modified_by) VALUES ($taskId, '{}', 't', 't', 0, 0, 'test', 0, 'test')"
        (Get-Completion 'Get-ExportSchedule -Task ').CompletionText | Should -Be @('weekly')
        (Get-Completion 'Unregister-ExportSchedule -Task ').CompletionText | Should -Be @('weekly')
        (Get-Completion 'Register-ExportSchedule -Task ').CompletionText | Should -Contain 'nightly'
    }
}
