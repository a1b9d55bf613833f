# The Conversation Detail Records of a run (seed §4.5, SPEC §5): cdr.csv and cdr.pdf at the export
# root, one row per exported conversation (never a skipped or failed one), the chosen columns,
# times in the task time zone. The CSV is read by Python's csv module, the PDF by poppler's
# pdftotext and pdfinfo; what the rows should say is worked out here from the catalog and .NET's
# own time zone conversion, not from the module's renderers.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'OutputsSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null

    # 80 demo conversations (four or so CDR-only records among them) and three written by hand:
    # one at 23:30 UTC (00:30 the next day in Budapest), one whose media disappears before the run
    # (it fails), one CDR-only record (skipped with -IgnoreCdrOnly).
    New-DemoRecording -Path (Join-Path $TestDrive 'demo') -Count 80 -MaxSeconds 2 | Out-Null
    (Import-Conversation -Path (Join-Path $TestDrive 'demo')).Imported | Should -Be 80
    $script:rec = Join-Path $TestDrive 'rec'
    $script:late = New-TestRecording -Folder $rec -Name 'late-call' -Start '2026-11-28T23:30:00.000Z' -End '2026-11-28T23:31:05.250Z' -FromInfo 'Late Caller'
    $script:doomed = New-TestRecording -Folder $rec -Name 'doomed' -Start '2026-11-27T12:00:00.000Z' -End '2026-11-27T12:00:10.000Z'
    $script:cdrOnly = New-TestRecording -Folder $rec -Name 'cdr-only' -CdrOnly -Start '2026-11-26T12:00:00.000Z' -End '2026-11-26T12:00:10.000Z'
    (Import-Conversation -Path $rec).Imported | Should -Be 3
    Remove-Item -LiteralPath (Join-Path $rec 'doomed.wav')

    $script:all = @(Get-Conversation)
    $all | Should -HaveCount 83
    $script:skippedIds = @($all | Where-Object CdrOnly | ForEach-Object ConversationId)
    $skippedIds | Should -Contain $cdrOnly
    $script:exportedIds = @($all | Where-Object { -not $_.CdrOnly -and $_.ConversationId -ne $doomed } | ForEach-Object ConversationId)
    $script:budapest = [TimeZoneInfo]::FindSystemTimeZoneById('Europe/Budapest')

    # The task every CDR here comes from: every conversation, Budapest time, CDR-only records skipped.
    $script:query = New-ConversationQuery -StartTimeFrom '2026-10-01'
    $script:destination = New-OutputsFolder (Join-Path $TestDrive 'out-task')
    New-StorageTarget -Name 'cdr' -Path $destination | Out-Null
    New-ExportTask -Name 'Nightly CDR' -StorageTarget 'cdr' -ArchiveMethod None -SourceDataset Both -IgnoreCdrOnly -TimeZone 'Europe/Budapest' `
        -Query $query -MetadataFormat Xml -CdrFormat Csv, Pdf | Out-Null
    $script:run = Invoke-ConversationExport -Task 'Nightly CDR' -WarningAction SilentlyContinue
    $script:folder = $run.Outputs[0]

    # A time as the CDR should show it: the zone's local time with its offset, milliseconds, ISO 8601.
    function Format-Expected([datetime] $utc, [TimeZoneInfo] $zone) {
        $offset = [DateTimeOffset]::new([datetime]::SpecifyKind($utc, 'Utc')).ToOffset($zone.GetUtcOffset([datetime]::SpecifyKind($utc, 'Utc')))
        $offset.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", [Globalization.CultureInfo]::InvariantCulture)
    }

    function Export-Cdr {
        param([Parameter(Mandatory)] [string] $Name, [hashtable] $Settings = @{}, [object[]] $Conversation = (Get-Conversation -ConversationId $late))
        $out = New-OutputsFolder (Join-Path $TestDrive "out-$Name")
        $parameters = @{ MetadataFormat = 'Xml' }
        foreach ($key in $Settings.Keys) { $parameters[$key] = $Settings[$key] }
        $adHoc = $Conversation | Invoke-ConversationExport -Destination $out -RunName $Name -ArchiveMethod None -WarningAction SilentlyContinue @parameters
        $adHoc.State | Should -Be 'Completed' -Because $adHoc.Message
        $adHoc.Outputs[0]
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'CDR: the run the tests read' {
    It 'exported all but the failed and the skipped conversations' {
        $run.State | Should -Be 'CompletedWithErrors'
        $run.Selected | Should -Be 83
        $run.Failed | Should -Be 1
        $run.Skipped | Should -Be $skippedIds.Count
        $run.Exported | Should -Be $exportedIds.Count
    }
}

Describe 'CDR CSV (cdr.csv), read by Python''s csv' {
    BeforeAll {
        $script:cdr = Read-PythonCsv (Join-Path $folder 'cdr.csv')
        $script:records = @(Read-PythonCsvRecord (Join-Path $folder 'cdr.csv'))
    }

    It 'has the documented default columns, in order' {
        $cdr.Header | Should -Be 'ConversationId', 'StartTime', 'EndTime', 'Duration', 'Direction', 'ConversationType',
            'From', 'FromInfo', 'To', 'ToInfo', 'User', 'Extension', 'Labels', 'Cases'
    }

    It 'has one row per exported conversation, each once, and none for the failed or skipped ones' {
        $cdr.Rows | Should -HaveCount $exportedIds.Count
        $ids = @($records | ForEach-Object ConversationId)
        @($ids | Sort-Object -Unique) | Should -HaveCount $ids.Count
        @($ids | Sort-Object) | Should -Be @($exportedIds | Sort-Object)
        $ids | Should -Not -Contain $doomed
        foreach ($id in $skippedIds) { $ids | Should -Not -Contain $id }
        foreach ($row in $cdr.Rows) { $row | Should -HaveCount $cdr.Header.Count }
    }

    It 'shows every start and end time in the task time zone with its offset (as .NET converts them)' {
        $byId = @{}
        foreach ($conversation in $all) { $byId[$conversation.ConversationId] = $conversation }
        foreach ($record in $records) {
            $conversation = $byId[$record.ConversationId]
            $record.StartTime | Should -BeExactly (Format-Expected $conversation.StartTimeUtc $budapest) -Because $record.ConversationId
            $record.EndTime | Should -BeExactly (Format-Expected $conversation.EndTimeUtc $budapest) -Because $record.ConversationId
            $record.Direction | Should -BeExactly "$($conversation.Direction)"
        }
        ($records | Where-Object ConversationId -eq $late).StartTime | Should -BeExactly '2026-11-29T00:30:00.000+01:00'
        ($records | Where-Object ConversationId -eq $late).Duration | Should -BeExactly '00:01:05.250'
    }

    It 'has exactly the -CdrColumns, in order, with the same rows' {
        $columns = 'Direction', 'ConversationId', 'StartTimeUtc', 'StartTime', 'User'
        $out = Export-Cdr -Name 'cdr-columns' -Conversation ($all | Where-Object ConversationId -ne $doomed) -Settings @{ CdrColumns = $columns; TimeZone = 'Europe/Budapest'; IgnoreCdrOnly = $true }
        $csv = Read-PythonCsv (Join-Path $out 'cdr.csv')
        $csv.Header | Should -Be $columns
        $csv.Rows | Should -HaveCount $exportedIds.Count
        $row = @(Read-PythonCsvRecord (Join-Path $out 'cdr.csv')) | Where-Object ConversationId -eq $late
        $row.StartTimeUtc | Should -BeExactly '2026-11-28T23:30:00.000Z'
        $row.StartTime | Should -BeExactly '2026-11-29T00:30:00.000+01:00'
        $row.User | Should -BeExactly 'jsmith'
    }

    It 'is the only CDR without -CdrFormat (default Csv), and absent with -CdrFormat @()' {
        $default = Export-Cdr -Name 'cdr-default'
        Test-Path (Join-Path $default 'cdr.csv') | Should -BeTrue
        Test-Path (Join-Path $default 'cdr.pdf') | Should -BeFalse
        $none = Export-Cdr -Name 'cdr-none' -Settings @{ CdrFormat = @() }
        @(Get-ChildItem -LiteralPath $none -Filter 'cdr.*') | Should -HaveCount 0
        $pdfOnly = Export-Cdr -Name 'cdr-pdf-only' -Settings @{ CdrFormat = 'Pdf' }
        @(Get-ChildItem -LiteralPath $pdfOnly -Filter 'cdr.*' | ForEach-Object Name) | Should -Be @('cdr.pdf')
    }
}

Describe 'CDR PDF (cdr.pdf), read by pdftotext and pdfinfo' {
    BeforeAll {
        $script:pdf = Join-Path $folder 'cdr.pdf'
        $script:text = Get-PdfText $pdf
        $script:pages = Get-PdfPageCount $pdf
        # pdftotext may break a long cell or title value over lines; compare words, not line breaks.
        $script:flat = ($text -replace '\s+', ' ')
    }

    It 'lists every exported ConversationId and none of the failed or skipped ones' {
        foreach ($id in $exportedIds) { $text | Should -BeLike "*$id*" }
        $text | Should -Not -BeLike "*$doomed*"
        foreach ($id in $skippedIds) { $text | Should -Not -BeLike "*$id*" }
    }

    It 'has the title block: task, run, query text, who and the counts' {
        $flat | Should -BeLike '*Conversation Detail Records*'
        $flat | Should -BeLike '*Nightly CDR*'
        $layout = Get-PdfText $pdf -Page 1 -Layout
        $layout | Should -Match "(?m)^\s*Run\s+$($run.RunId)\s*$"
        $flat | Should -BeLike "*$(($query.Text -replace '\s+', ' '))*"
        $flat | Should -BeLike "*$($run.StartedBy)*"
        $flat | Should -BeLike "*selected 83, exported $($exportedIds.Count), skipped $($skippedIds.Count), failed 1*"
    }

    It 'is paginated with the column header and "Page i of n" on every page' {
        $pages | Should -BeGreaterThan 1 -Because "$($exportedIds.Count) rows do not fit on one page"
        for ($page = 1; $page -le $pages; $page++) {
            $pageText = Get-PdfText $pdf -Page $page -Layout
            $pageText | Should -Match 'ConversationId\s+StartTime\s+EndTime' -Because "page $page repeats the header"
            $pageText | Should -BeLike "*Page $page of $pages*"
        }
    }

    It 'shows every start time whole, in the task time zone with its offset' {
        $flat | Should -BeLike '*Europe/Budapest*'
        $flat | Should -BeLike '*2026-11-29T00:30:00.000+01:00*'
        # The same times as cdr.csv (checked above against .NET), none broken over two lines.
        foreach ($record in @(Read-PythonCsvRecord (Join-Path $folder 'cdr.csv'))) {
            $flat | Should -BeLike "*$($record.StartTime)*" -Because "the start of $($record.ConversationId) must read as one time"
        }
    }
}

Describe 'CDR: time zone and column selection alike in the CSV and JSON sidecars, cdr.csv and cdr.pdf' {
    BeforeAll {
        $script:alike = Export-Cdr -Name 'alike' -Settings @{
            TimeZone = 'Europe/Budapest'; MetadataFormat = 'Csv', 'Json'; MetadataColumns = 'ConversationId', 'StartTime'
            CdrFormat = 'Csv', 'Pdf'; CdrColumns = 'ConversationId', 'StartTime', 'FromInfo'
        }
        $script:expectedStart = '2026-11-29T00:30:00.000+01:00'
    }

    It 'shows the start as <expectedStart> in the CSV sidecar' {
        $csv = Read-PythonCsv (Join-Path $alike '2026/11/29/late-call.csv')
        $csv.Header | Should -Be 'ConversationId', 'StartTime'
        $csv.Rows[0] | Should -Be $late, $expectedStart
    }

    It 'shows it in the JSON sidecar' {
        (Read-PythonJson (Join-Path $alike '2026/11/29/late-call.json')).value.StartTime | Should -BeExactly $expectedStart
    }

    It 'shows it in cdr.csv, with only the chosen columns' {
        $csv = Read-PythonCsv (Join-Path $alike 'cdr.csv')
        $csv.Header | Should -Be 'ConversationId', 'StartTime', 'FromInfo'
        $csv.Rows | Should -HaveCount 1
        $csv.Rows[0] | Should -Be $late, $expectedStart, 'Late Caller'
    }

    It 'shows it in cdr.pdf, with only the chosen columns' {
        $layout = Get-PdfText (Join-Path $alike 'cdr.pdf') -Layout
        $header = @($layout -split "`n" | Where-Object { $_ -match '^\s*ConversationId\s' })
        $header | Should -HaveCount 1
        @($header[0].Trim() -split '\s+') | Should -Be 'ConversationId', 'StartTime', 'FromInfo'
        $layout | Should -Match ([regex]::Escape($late) + '\s+' + [regex]::Escape($expectedStart) + '\s+Late Caller')
    }
}

Describe 'CDR: bad column names' {
    It 'refuses an unknown -CdrColumns name with ColumnUnknown on <Where>, and writes nothing' -ForEach @(
        @{ Where = 'an ad-hoc export' }
        @{ Where = 'New-ExportTask' }
    ) {
        $out = New-OutputsFolder (Join-Path $TestDrive "out-bad-cdr-$($Where -replace '\W', '')")
        if ($Where -eq 'New-ExportTask') {
            New-StorageTarget -Name 'bad-cdr' -Path $out | Out-Null
            { New-ExportTask -Name 'bad-cdr' -StorageTarget 'bad-cdr' -CdrColumns 'ConversationId', 'Mood' } |
                Should -Throw -ErrorId 'ColumnUnknown,*' -ExpectedMessage '*Mood*'
        }
        else {
            { Get-Conversation -ConversationId $late | Invoke-ConversationExport -Destination $out -CdrColumns 'Mood' } |
                Should -Throw -ErrorId 'ColumnUnknown,*' -ExpectedMessage '*Mood*'
        }
        @(Get-ChildItem -LiteralPath $out -Recurse -Force) | Should -HaveCount 0
    }
}
