# CSV safety (issue 5, SPEC §5): every CSV the module writes — the metadata sidecar, the run's
# cdr.csv and Export-ConversationList — is RFC 4180 as Python's csv module reads it, neutralizes
# cells that would start a spreadsheet formula (= + - @) unless -AllowFormulas, writes a UTF-8 BOM
# only with -ExcelBom, and keeps commas, quotes and line breaks inside values.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'OutputsSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null

    $rec = Join-Path $TestDrive 'rec'
    # A caller whose name is a formula, and each other character a spreadsheet starts a formula with.
    $script:formula = New-TestRecording -Folder $rec -Name 'formula' -FromInfo '=HYPERLINK("http://x")' -ToInfo '@SUM(A1:A2)' `
        -User '-2+3' -From '+3612345678' -Start '2026-11-28T09:00:00.000Z' -End '2026-11-28T09:00:30.000Z'
    # Values a naive writer breaks: a comma and quotes, a line break, accents.
    $script:awkwardFrom = 'Smith, John "JJ"'
    $script:awkwardTo = "Line one`nLine two, ""quoted"""
    $script:awkward = New-TestRecording -Folder $rec -Name 'awkward' -FromInfo $awkwardFrom -ToInfo $awkwardTo -User 'Zsófia Kovács' `
        -From '3612345678' -Start '2026-11-28T10:00:00.000Z' -End '2026-11-28T10:00:30.000Z'
    (Import-Conversation -Path $rec).Imported | Should -Be 2
    $script:columns = 'ConversationId', 'From', 'FromInfo', 'ToInfo', 'User'

    # The CSV of one kind of output for both conversations, written with the given switches.
    function New-CsvOutput {
        param([Parameter(Mandatory)] [string] $Output, [switch] $AllowFormulas, [switch] $ExcelBom)
        $name = "$Output-$([int] $AllowFormulas.IsPresent)$([int] $ExcelBom.IsPresent)" -replace '\W', '-'
        $switches = @{ AllowFormulas = $AllowFormulas; ExcelBom = $ExcelBom }
        $conversations = Get-Conversation -ConversationId $formula, $awkward
        if ($Output -eq 'Export-ConversationList') {
            $path = Join-Path $TestDrive "$name.csv"
            $conversations | Export-ConversationList -Path $path -Column $columns @switches | Out-Null
            return @{ Path = $path; Rows = 2 }
        }
        $destination = New-OutputsFolder (Join-Path $TestDrive "out-$name")
        $run = $conversations | Invoke-ConversationExport -Destination $destination -RunName $name -ArchiveMethod None `
            -MetadataFormat Csv -MetadataColumns $columns -CdrFormat Csv -CdrColumns $columns @switches
        $run.State | Should -Be 'Completed' -Because $run.Message
        if ($Output -eq 'cdr.csv') { return @{ Path = Join-Path $run.Outputs[0] 'cdr.csv'; Rows = 2 } }
        # The two sidecars, one row each: returned as the formula one; the awkward one beside it.
        @{ Path = Join-Path $run.Outputs[0] '2026/11/28/formula.csv'; Other = Join-Path $run.Outputs[0] '2026/11/28/awkward.csv'; Rows = 1 }
    }

    # Rows of the output as records, both conversations together.
    function Read-Records([hashtable] $File) {
        @(Read-PythonCsvRecord $File.Path) + @(if ($File.Other) { Read-PythonCsvRecord $File.Other })
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'CSV safety in <_>' -ForEach 'the CSV sidecar', 'cdr.csv', 'Export-ConversationList' {
    BeforeAll {
        $output = $_
        $script:plain = New-CsvOutput -Output $output
        $script:records = Read-Records $plain
        $script:formulaRow = $records | Where-Object ConversationId -eq $formula
        $script:awkwardRow = $records | Where-Object ConversationId -eq $awkward
    }

    It 'has the chosen columns and a row per conversation' {
        (Read-PythonCsv $plain.Path).Header | Should -Be $columns
        (Read-PythonCsv $plain.Path).Rows | Should -HaveCount $plain.Rows
        $formulaRow | Should -HaveCount 1
        $awkwardRow | Should -HaveCount 1
    }

    It 'neutralizes =HYPERLINK("http://x") with a leading single quote, the text otherwise intact' {
        $formulaRow.FromInfo | Should -BeExactly '''=HYPERLINK("http://x")'
    }

    It 'neutralizes cells starting with @, - and + as well' {
        $formulaRow.ToInfo | Should -BeExactly '''@SUM(A1:A2)'
        $formulaRow.User | Should -BeExactly '''-2+3'
        $formulaRow.From | Should -BeExactly '''+3612345678'
    }

    It 'leaves no cell anywhere in the file that starts like a formula' {
        $csv = Read-PythonCsv $plain.Path
        $csv.Rows | Should -Not -BeNullOrEmpty
        foreach ($cell in @($csv.Rows | ForEach-Object { $_ })) { $cell | Should -Not -Match '^[=+\-@\t\r]' }
    }

    It 'keeps commas, quotes, line breaks and accents inside values (RFC 4180 quoting)' {
        $awkwardRow.FromInfo | Should -BeExactly $awkwardFrom
        $awkwardRow.ToInfo | Should -BeExactly $awkwardTo
        $awkwardRow.User | Should -BeExactly 'Zsófia Kovács'
        $awkwardRow.From | Should -BeExactly '3612345678' -Because 'a cell that is no formula is not touched'
    }

    It 'writes no byte order mark by default, and one with -ExcelBom' {
        (Read-PythonCsv $plain.Path).Bom | Should -BeFalse
        $bom = New-CsvOutput -Output $output -ExcelBom
        $csv = Read-PythonCsv $bom.Path
        $csv.Bom | Should -BeTrue
        $csv.Header | Should -Be $columns -Because 'the BOM is before the header, not part of its first name'
        (Read-Records $bom | Where-Object ConversationId -eq $awkward).User | Should -BeExactly 'Zsófia Kovács'
    }

    It 'keeps formulas verbatim with -AllowFormulas' {
        $allowed = Read-Records (New-CsvOutput -Output $output -AllowFormulas)
        $row = $allowed | Where-Object ConversationId -eq $formula
        $row.FromInfo | Should -BeExactly '=HYPERLINK("http://x")'
        $row.ToInfo | Should -BeExactly '@SUM(A1:A2)'
        $row.User | Should -BeExactly '-2+3'
        $row.From | Should -BeExactly '+3612345678'
        ($allowed | Where-Object ConversationId -eq $awkward).ToInfo | Should -BeExactly $awkwardTo
    }
}
