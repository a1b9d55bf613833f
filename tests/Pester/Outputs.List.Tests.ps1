# Export-ConversationList (seed §3, SPEC §13): the detail records of a search as CSV, XLSX or PDF.
# The CSV is read by Python's csv module, the XLSX by Python's zipfile and ElementTree (through the
# workbook's relationships, as a spreadsheet program finds the sheet), the PDF by pdftotext and
# pdfinfo. The audit entry it writes is not checked here: no cmdlet shows the audit log yet.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'OutputsSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null

    New-DemoRecording -Path (Join-Path $TestDrive 'demo') -Count 60 -MaxSeconds 2 | Out-Null
    (Import-Conversation -Path (Join-Path $TestDrive 'demo')).Imported | Should -Be 60
    $script:late = New-TestRecording -Folder (Join-Path $TestDrive 'rec') -Name 'late-call' -Start '2026-11-28T23:30:00.000Z' `
        -End '2026-11-28T23:31:05.250Z' -FromInfo '=HYPERLINK("http://x")'
    (Import-Conversation -Path (Join-Path $TestDrive 'rec')).Imported | Should -Be 1
    $script:all = @(Get-Conversation)
    $all | Should -HaveCount 61
    $script:allIds = @($all | ForEach-Object ConversationId | Sort-Object)
    $script:defaultColumns = 'ConversationId', 'StartTime', 'EndTime', 'Duration', 'Direction', 'ConversationType',
        'From', 'FromInfo', 'To', 'ToInfo', 'User', 'Extension', 'Labels', 'Cases'
    $script:lists = New-OutputsFolder (Join-Path $TestDrive 'lists')

    # Nothing but the named file: no .partial or other leftovers beside it.
    function Get-ListFolderNames { @(Get-ChildItem -LiteralPath $lists -Force | ForEach-Object Name | Sort-Object) }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Export-ConversationList -Format Csv' {
    BeforeAll {
        $script:csvPath = Join-Path $lists 'all.csv'
        $script:written = Get-Conversation | Export-ConversationList -Path $csvPath -TimeZone 'Europe/Budapest'
        $script:csv = Read-PythonCsv $csvPath
        $script:records = @(Read-PythonCsvRecord $csvPath)
    }

    It 'returns the file it wrote' {
        $written | Should -BeOfType [IO.FileInfo]
        $written.FullName | Should -Be $csvPath
    }

    It 'has the default columns and one row per conversation' {
        $csv.Header | Should -Be $defaultColumns
        $csv.Rows | Should -HaveCount 61
        @($records | ForEach-Object ConversationId | Sort-Object) | Should -Be $allIds
    }

    It 'shows times in -TimeZone with the offset' {
        ($records | Where-Object ConversationId -eq $late).StartTime | Should -BeExactly '2026-11-29T00:30:00.000+01:00'
    }

    It 'has exactly the -Column columns, in order' {
        $path = Join-Path $lists 'columns.csv'
        Get-Conversation | Export-ConversationList -Path $path -Column 'From', 'conversationid', 'StartTimeUtc' | Out-Null
        $columns = Read-PythonCsv $path
        $columns.Header | Should -Be 'From', 'ConversationId', 'StartTimeUtc'
        $columns.Rows | Should -HaveCount 61
        (@(Read-PythonCsvRecord $path) | Where-Object ConversationId -eq $late).StartTimeUtc | Should -BeExactly '2026-11-28T23:30:00.000Z'
    }

    It 'writes CSV to any extension with -Format Csv' {
        $path = Join-Path $lists 'list.txt'
        Get-Conversation | Export-ConversationList -Path $path -Format Csv | Out-Null
        (Read-PythonCsv $path).Rows | Should -HaveCount 61
    }

    It 'replaces an older list of the same name' {
        $path = Join-Path $lists 'replaced.csv'
        Set-Content -LiteralPath $path -Value 'an older list'
        Get-Conversation -ConversationId $late | Export-ConversationList -Path $path | Out-Null
        $replaced = Read-PythonCsv $path
        $replaced.Header | Should -Be $defaultColumns
        $replaced.Rows | Should -HaveCount 1
    }
}

Describe 'Export-ConversationList -NoClobber and -Force' {
    It 'with -NoClobber refuses an existing file (OutputFileExists, ResourceExists) before writing anything' {
        $path = Join-Path $lists 'kept.csv'
        Set-Content -LiteralPath $path -Value 'a list handed over'
        $before = Get-ListFolderNames
        { Get-Conversation | Export-ConversationList -Path $path -NoClobber } | Should -Throw -ErrorId 'OutputFileExists,*' -ExpectedMessage "*$path*"
        try { Get-Conversation | Export-ConversationList -Path $path -NoClobber } catch { "$($_.CategoryInfo.Category)" | Should -Be 'ResourceExists' }
        Get-Content -Raw -LiteralPath $path | Should -BeLike 'a list handed over*'
        Get-ListFolderNames | Should -Be $before -Because 'no .partial is left beside it'
    }

    It 'with -NoClobber writes a file that does not exist yet' {
        $path = Join-Path $lists 'new-noclobber.csv'
        Get-Conversation -ConversationId $late | Export-ConversationList -Path $path -NoClobber | Out-Null
        (Read-PythonCsv $path).Rows | Should -HaveCount 1
    }

    It 'refuses to replace a read-only file without -Force (DestinationNotWritable), and replaces it with -Force' {
        $path = Join-Path $lists 'read-only.csv'
        Set-Content -LiteralPath $path -Value 'a read-only list'
        Set-ItemProperty -LiteralPath $path -Name IsReadOnly -Value $true
        { Get-Conversation | Export-ConversationList -Path $path } | Should -Throw -ErrorId 'DestinationNotWritable,*' -ExpectedMessage '*-Force*'
        Get-Content -Raw -LiteralPath $path | Should -BeLike 'a read-only list*'
        Get-Conversation -ConversationId $late | Export-ConversationList -Path $path -Force | Out-Null
        (Read-PythonCsv $path).Rows | Should -HaveCount 1
    }

    It 'takes -LiteralPath (and -PSPath) as the file name, wildcard characters and all' {
        $path = Join-Path $lists 'case[1].csv'
        Get-Conversation -ConversationId $late | Export-ConversationList -LiteralPath $path | Out-Null
        Test-Path -LiteralPath $path | Should -BeTrue
        (Read-PythonCsv $path).Rows | Should -HaveCount 1
    }
}

Describe 'Export-ConversationList -Format Xlsx, read by Python''s zipfile and ElementTree' {
    BeforeAll {
        $script:xlsxPath = Join-Path $lists 'all.xlsx'
        Get-Conversation | Export-ConversationList -Path $xlsxPath -TimeZone 'Europe/Budapest' | Out-Null
        $script:xlsx = Read-PythonXlsx $xlsxPath
    }

    It 'has a header row and one row per conversation (row elements of the sheet)' {
        $xlsx.rowElements | Should -Be 62
        @($xlsx.rows[0]) | Should -Be $defaultColumns
        foreach ($row in $xlsx.rows) { @($row) | Should -HaveCount $defaultColumns.Count }
    }

    It 'holds every ConversationId in the ConversationId column' {
        @(for ($i = 1; $i -lt $xlsx.rows.Count; $i++) { $xlsx.rows[$i][0] }) | Sort-Object | Should -Be $allIds
    }

    It 'shows times in -TimeZone, as text' {
        $row = @($xlsx.rows | Where-Object { $_[0] -eq $late })
        $row | Should -HaveCount 1
        $row[0][1] | Should -BeExactly '2026-11-29T00:30:00.000+01:00'
    }

    It 'keeps =HYPERLINK("http://x") as text: no formula anywhere in the sheet' {
        $xlsx.formulas | Should -Be 0
        @($xlsx.rows | Where-Object { $_[0] -eq $late })[0][7] | Should -BeExactly '=HYPERLINK("http://x")'
        $xlsx.cellTypes | Should -Be @('inlineStr')
    }

    It 'has exactly the -Column columns' {
        $path = Join-Path $lists 'columns.xlsx'
        Get-Conversation | Export-ConversationList -Path $path -Column 'ConversationId', 'User' | Out-Null
        $columns = Read-PythonXlsx $path
        @($columns.rows[0]) | Should -Be 'ConversationId', 'User'
        $columns.rowElements | Should -Be 62
    }
}

Describe 'Export-ConversationList -Format Pdf, read by pdftotext' {
    BeforeAll {
        $script:pdfPath = Join-Path $lists 'all.pdf'
        Get-Conversation | Export-ConversationList -Path $pdfPath -TimeZone 'Europe/Budapest' -Column 'ConversationId', 'StartTime', 'From', 'FromInfo' | Out-Null
        $script:text = Get-PdfText $pdfPath
    }

    It 'lists every ConversationId' {
        foreach ($id in $allIds) { $text | Should -BeLike "*$id*" }
    }

    It 'has a title block and the -Column header on every page' {
        $text | Should -BeLike '*Conversation list*'
        $text | Should -BeLike '*Europe/Budapest*'
        $pages = Get-PdfPageCount $pdfPath
        for ($page = 1; $page -le $pages; $page++) {
            $header = @((Get-PdfText $pdfPath -Page $page -Layout) -split "`n" | Where-Object { $_ -match '^\s*ConversationId\s' })
            $header | Should -HaveCount 1 -Because "page $page repeats the header"
            @($header[0].Trim() -split '\s+') | Should -Be 'ConversationId', 'StartTime', 'From', 'FromInfo'
        }
    }

    It 'shows times in -TimeZone' {
        $text | Should -BeLike '*2026-11-29T00:30:00.000+01:00*'
    }

    It 'renders 10,000 rows: every page, the first and the last id' {
        # 10,000 CDR-only sidecars, written by Python, read with Get-Conversation -Path (no catalog).
        $folder = Join-Path $TestDrive 'ten-thousand'
        $ids = Invoke-Python -ArgumentList $folder -Script @'
import json, os, sys, uuid, datetime
folder = sys.argv[1]
os.makedirs(folder)
ids = []
start = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
for i in range(10000):
    cid = str(uuid.UUID(int=i + 1))
    ids.append(cid)
    t = (start + datetime.timedelta(minutes=i)).strftime('%Y-%m-%dT%H:%M:%S.000Z')
    with open(os.path.join(folder, 'c%05d.xml' % i), 'w', encoding='utf-8') as f:
        f.write('<conversation xmlns="urn:conversation-export:recording:1"><id>%s</id><start>%s</start>'
                '<from number="+36%d" info="Caller %d"/><cdrOnly>true</cdrOnly></conversation>' % (cid, t, i, i))
print(json.dumps(ids))
'@
        $ids | Should -HaveCount 10000
        $path = Join-Path $lists 'ten-thousand.pdf'
        Get-Conversation -Path $folder | Export-ConversationList -Path $path | Out-Null
        $pages = Get-PdfPageCount $path
        $pages | Should -BeGreaterThan 100
        $all = Get-PdfText $path
        ([regex]::Matches($all, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')).Count | Should -Be 10000
        $all | Should -BeLike "*$($ids[0])*"
        $all | Should -BeLike "*$($ids[-1])*"
        Get-PdfText $path -Page $pages | Should -BeLike "*Page $pages of $pages*"
    }
}

Describe 'Export-ConversationList with bad input' {
    It 'refuses an unknown column with ColumnUnknown, naming it, and writes nothing' {
        $before = Get-ListFolderNames
        { Get-Conversation | Export-ConversationList -Path (Join-Path $lists 'bad-column.csv') -Column 'ConversationId', 'Colour' } |
            Should -Throw -ErrorId 'ColumnUnknown,*' -ExpectedMessage '*Colour*'
        Get-ListFolderNames | Should -Be $before
    }

    It 'refuses an extension it cannot map with FormatUnknown, and writes nothing' {
        $before = Get-ListFolderNames
        { Get-Conversation | Export-ConversationList -Path (Join-Path $lists 'list.docx') } | Should -Throw -ErrorId 'FormatUnknown,*' -ExpectedMessage '*.docx*'
        Get-ListFolderNames | Should -Be $before
    }

    It 'creates the missing folders of -Path' {
        $path = Join-Path $TestDrive 'no-such-folder/below/list.csv'
        Get-Conversation | Export-ConversationList -Path $path
        @(Import-Csv $path).Count | Should -Be @(Get-Conversation).Count
    }

    It 'refuses a -Path that is an existing folder with OutputPathWrongKind' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'folder.csv') -Force
        { Get-Conversation | Export-ConversationList -Path $folder.FullName } | Should -Throw -ErrorId 'OutputPathWrongKind,*' -ExpectedMessage "*$($folder.FullName)*existing folder*"
        @(Get-ChildItem $folder.FullName -Force) | Should -HaveCount 0
    }

    It 'refuses an unknown time zone with TimeZoneNotFound, and writes nothing' {
        $before = Get-ListFolderNames
        { Get-Conversation | Export-ConversationList -Path (Join-Path $lists 'bad-zone.csv') -TimeZone 'Mars/Olympus_Mons' } | Should -Throw -ErrorId 'TimeZoneNotFound,*'
        Get-ListFolderNames | Should -Be $before
    }
}
