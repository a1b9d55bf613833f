# Metadata sidecars (seed §4.4, SPEC §5): -MetadataFormat Csv,Xml,Json in any combination, on tasks
# and ad-hoc exports. Read back with Python's csv and json modules and sha256sum, never with our
# own code: the CSV has exactly the -MetadataColumns in order, the JSON every field of SPEC §2.1,
# the XML is the recorder's file byte for byte (never generated), times are in the task time zone
# with their offset, and sidecars follow the media's renamed name and folder.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'OutputsSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null

    # The Conversation Detail Fields of SPEC §2.1, as the spec lists them (not as the code does).
    $script:SpecFields = @(
        'Id', 'ConversationId', 'NativeId',
        'From', 'FromInfo', 'FromDeviceId', 'FromIp', 'To', 'ToInfo', 'ToDeviceId', 'ToIp', 'DialedNumber',
        'User', 'UserLocation', 'Extension', 'Group', 'UserId',
        'StartTimeUtc', 'EndTimeUtc', 'Duration', 'Direction', 'EndCause', 'ConversationType', 'ForwardReason',
        'Protected', 'Labels', 'Cases', 'EncryptedWithCertificate', 'SignedWithCertificate', 'HasQmScorecard',
        'SourcePlatform', 'Imported', 'SilenceRatio', 'TalkoverRatio', 'LongestSilence',
        'RecordingServer', 'MediaFileName', 'StorageTarget', 'Dataset', 'CdrOnly', 'Files')

    # Hand-written recordings whose every value is known. 'late' starts at 23:30 UTC on 28 November:
    # 00:30 on the 29th in Budapest (+01:00 in November), so the day, the hour and the offset all move.
    $script:rec = Join-Path $TestDrive 'rec'
    $script:lateToInfo = "Line one`nLine two, with a comma and `"quotes`""
    $script:late = New-TestRecording -Folder $rec -Name 'late-call' -Start '2026-11-28T23:30:00.000Z' -End '2026-11-28T23:31:05.250Z' `
        -FromInfo '=HYPERLINK("http://x")' -ToInfo $lateToInfo -Group 'Sales', 'Trading' -LegalHoldLabel 'Complaint' -Label 'VIP' `
        -Case '2026-0017', '2026-0042' -AllFields -MediaBytes 512
    $script:plain = New-TestRecording -Folder $rec -Name 'plain-call' -Start '2026-11-20T08:00:00.000Z' -End '2026-11-20T08:00:42.000Z'
    $script:cdrOnly = New-TestRecording -Folder $rec -Name 'cdr-only' -CdrOnly -Start '2026-11-21T10:00:00.000Z' -End '2026-11-21T10:01:00.000Z'
    $script:vanishing = New-TestRecording -Folder $rec -Name 'vanishing' -Start '2026-11-22T10:00:00.000Z' -End '2026-11-22T10:01:00.000Z'
    (Import-Conversation -Path $rec).Imported | Should -Be 4

    # A realistic corpus for the format combinations.
    $script:demoFolder = Join-Path $TestDrive 'demo'
    New-DemoRecording -Path $demoFolder -Count 40 -MaxSeconds 2 | Out-Null
    (Import-Conversation -Path $demoFolder).Imported | Should -Be 40
    $script:demo = @(Get-Conversation | Where-Object RecordingServer -ne 'rec-hand.example.local')
    $demo | Should -HaveCount 40

    # An ad-hoc export of the given conversations into a fresh folder as loose files; returns the run folder.
    function Export-Sidecars {
        param([Parameter(Mandatory)] [object[]] $Conversation, [Parameter(Mandatory)] [string] $Name, [hashtable] $Settings = @{})
        $destination = New-OutputsFolder (Join-Path $TestDrive "out-$Name")
        $run = $Conversation | Invoke-ConversationExport -Destination $destination -RunName $Name -ArchiveMethod None -WarningAction SilentlyContinue @Settings
        $run.State | Should -Be 'Completed' -Because $run.Message
        $run.Outputs | Should -HaveCount 1
        $run.Outputs[0]
    }

    function Get-RelativeFiles([string] $Folder) {
        @(Get-ChildItem -LiteralPath $Folder -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($Folder, $_.FullName).Replace('\', '/') } | Sort-Object)
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Metadata sidecars: which formats (-MetadataFormat)' {
    It 'writes exactly the <Expected> sidecars for each of 40 conversations when asked for <Label>' -ForEach @(
        @{ Label = 'the default'; Formats = $null; Expected = @('csv', 'xml') }
        @{ Label = 'Csv'; Formats = @('Csv'); Expected = @('csv') }
        @{ Label = 'Xml'; Formats = @('Xml'); Expected = @('xml') }
        @{ Label = 'Json'; Formats = @('Json'); Expected = @('json') }
        @{ Label = 'Csv,Json'; Formats = @('Csv', 'Json'); Expected = @('csv', 'json') }
        @{ Label = 'Xml,Json'; Formats = @('Xml', 'Json'); Expected = @('json', 'xml') }
        @{ Label = 'Json,Xml,Csv'; Formats = @('Json', 'Xml', 'Csv'); Expected = @('csv', 'json', 'xml') }
    ) {
        $settings = if ($Formats) { @{ MetadataFormat = $Formats } } else { @{} }
        $folder = Export-Sidecars -Conversation $demo -Name ("fmt-" + ($Label -replace '\W', '')) -Settings $settings
        $files = Get-RelativeFiles $folder
        $conversationFiles = @($files | Where-Object { $_ -match '^\d{4}/\d{2}/\d{2}/' })
        $sidecars = @($conversationFiles | Where-Object { $_ -match '\.(xml|csv|json)$' })

        # Sidecars per conversation: one of each chosen format, named like the conversation's media.
        $byBase = $sidecars | Group-Object { $_ -replace '\.(xml|csv|json)$', '' }
        $byBase | Should -HaveCount 40 -Because 'every one of the 40 conversations (CDR-only records too) has its sidecars'
        foreach ($group in $byBase) {
            @($group.Group | ForEach-Object { [IO.Path]::GetExtension($_).TrimStart('.') } | Sort-Object) | Should -Be $Expected -Because $group.Name
        }
        # The media are there whatever the sidecars: each media file shares a base name with sidecars.
        $media = @($conversationFiles | Where-Object { $_ -notmatch '\.(xml|csv|json)$' })
        $media.Count | Should -Be (@($demo | Where-Object { -not $_.CdrOnly } | ForEach-Object { $_.Files }).Count)
        foreach ($file in $media) { $byBase.Name | Should -Contain ($file -replace '\.[^./]+$', '') }
    }

    It 'copies the recorder''s XML sidecar byte for byte (sha256sum of export and source agree)' {
        $folder = Export-Sidecars -Conversation (Get-Conversation -ConversationId $late, $plain, $cdrOnly) -Name 'xml-copy' -Settings @{ MetadataFormat = 'Xml' }
        # Exported name -> the recorder's file; without media, a conversation's files are named by its ConversationId.
        $pairs = @{ 'late-call.xml' = 'late-call.xml'; 'plain-call.xml' = 'plain-call.xml'; "$cdrOnly.xml" = 'cdr-only.xml' }
        foreach ($name in $pairs.Keys) {
            $exported = @(Get-ChildItem -LiteralPath $folder -Recurse -Filter $name)
            $exported | Should -HaveCount 1 -Because "$name is exported once"
            Get-Sha256Sum $exported[0].FullName | Should -Be (Get-Sha256Sum (Join-Path $rec $pairs[$name]))
        }
    }

    It 'writes no XML sidecar in a Csv,Json export: none is generated' {
        $folder = Export-Sidecars -Conversation $demo -Name 'no-xml' -Settings @{ MetadataFormat = 'Csv', 'Json' }
        @(Get-ChildItem -LiteralPath $folder -Recurse -Filter '*.xml') | Should -HaveCount 0
        @(Get-ChildItem -LiteralPath $folder -Recurse -Filter '*.json' | Where-Object Name -ne 'manifest.json') | Should -HaveCount 40
    }

    It 'does not make up an XML sidecar when the recorder''s file is gone: JSON yes, XML no' {
        Remove-Item -LiteralPath (Join-Path $rec 'vanishing.xml')
        $folder = Export-Sidecars -Conversation (Get-Conversation -ConversationId $vanishing) -Name 'vanished-xml' -Settings @{ MetadataFormat = 'Xml', 'Json' }
        @(Get-ChildItem -LiteralPath $folder -Recurse -Filter 'vanishing.*' | ForEach-Object Extension | Sort-Object) | Should -Be @('.json', '.wav')
    }
}

Describe 'Metadata sidecars: the CSV (-MetadataColumns), read by Python''s csv' {
    BeforeAll {
        $script:columns = 'StartTime', 'ConversationId', 'FromInfo', 'ToInfo', 'Labels', 'LegalHold', 'Group', 'Cases', 'Duration', 'EndTimeUtc'
        $script:chosen = Export-Sidecars -Conversation (Get-Conversation -ConversationId $late) -Name 'csv-columns' `
            -Settings @{ MetadataFormat = 'Csv'; MetadataColumns = $columns; TimeZone = 'Europe/Budapest' }
        $script:lateCsv = Join-Path $chosen '2026/11/29/late-call.csv'
    }

    It 'has exactly the chosen columns, in the chosen order, and one row' {
        $csv = Read-PythonCsv $lateCsv
        $csv.Header | Should -Be $columns
        $csv.Rows | Should -HaveCount 1
        $csv.Rows[0] | Should -HaveCount $columns.Count
        $csv.Bom | Should -BeFalse -Because 'a BOM is written only with -ExcelBom'
        $csv.EndsWithCrLf | Should -BeTrue -Because 'RFC 4180 records end with CRLF'
    }

    It 'renders each value as documented: local time with offset, joined multi-values, hh:mm:ss.fff' {
        $row = @(Read-PythonCsvRecord $lateCsv)[0]
        $row.StartTime | Should -BeExactly '2026-11-29T00:30:00.000+01:00'
        $row.EndTimeUtc | Should -BeExactly '2026-11-28T23:31:05.250Z'
        $row.ConversationId | Should -BeExactly $late
        $row.ToInfo | Should -BeExactly $lateToInfo -Because 'a line break, a comma and quotes survive the CSV'
        $row.Labels | Should -BeExactly 'Complaint (legal hold); VIP'
        $row.LegalHold | Should -BeExactly 'true'
        $row.Group | Should -BeExactly 'Sales; Trading'
        $row.Cases | Should -BeExactly '2026-0017; 2026-0042'
        $row.Duration | Should -BeExactly '00:01:05.250'
    }

    It 'has every field of SPEC §2.1 as a column by default, each once' {
        $folder = Export-Sidecars -Conversation (Get-Conversation -ConversationId $late) -Name 'csv-default' -Settings @{ MetadataFormat = 'Csv' }
        $csv = Read-PythonCsv (Join-Path $folder '2026/11/28/late-call.csv')
        $csv.Rows | Should -HaveCount 1
        foreach ($field in $SpecFields) { $csv.Header | Should -Contain $field }
        @($csv.Header | Sort-Object -Unique).Count | Should -Be $csv.Header.Count -Because 'a header named twice breaks Import-Csv and most readers'
        $csv.Header | Should -Contain 'StartTime' -Because 'times in the task time zone, beside the UTC ones'
    }

    It 'takes the column names in any case and as one comma-separated string' {
        $folder = Export-Sidecars -Conversation (Get-Conversation -ConversationId $plain) -Name 'csv-case' `
            -Settings @{ MetadataFormat = 'Csv'; MetadataColumns = 'fromINFO, conversationid' }
        (Read-PythonCsv (Join-Path $folder '2026/11/20/plain-call.csv')).Header | Should -Be 'FromInfo', 'ConversationId'
    }
}

Describe 'Metadata sidecars: the JSON, read by Python''s json' {
    BeforeAll {
        $folder = Export-Sidecars -Conversation (Get-Conversation -ConversationId $late, $cdrOnly) -Name 'json' `
            -Settings @{ MetadataFormat = 'Json'; TimeZone = 'Europe/Budapest' }
        $script:lateJsonPath = Join-Path $folder '2026/11/29/late-call.json'
        $script:lateJson = Read-PythonJson $lateJsonPath
        $script:cdrJson = Read-PythonJson (Join-Path $folder "2026/11/21/$cdrOnly.json")
    }

    It 'has every field of SPEC §2.1, in every file (absent values are null, not left out)' {
        foreach ($field in $SpecFields) {
            $lateJson.keys | Should -Contain $field
            $cdrJson.keys | Should -Contain $field -Because 'a CDR-only record has the same fields'
        }
        $lateJson.keys.Count | Should -Be $cdrJson.keys.Count
    }

    It 'gives times in the task time zone with offset, beside UTC, and names the zone' {
        $value = $lateJson.value
        $value.TimeZone | Should -BeExactly 'Europe/Budapest'
        $value.StartTime | Should -BeExactly '2026-11-29T00:30:00.000+01:00'
        $value.EndTime | Should -BeExactly '2026-11-29T00:31:05.250+01:00'
        $value.StartTimeUtc | Should -BeExactly '2026-11-28T23:30:00.000Z'
        $value.EndTimeUtc | Should -BeExactly '2026-11-28T23:31:05.250Z'
        $value.Duration | Should -BeExactly '00:01:05.250'
        $value.DurationSeconds | Should -Be 65.25
    }

    It 'keeps values verbatim and typed: no formula prefix, arrays for multi-values, numbers and booleans' {
        $value = $lateJson.value
        $value.ConversationId | Should -BeExactly $late
        $value.FromInfo | Should -BeExactly '=HYPERLINK("http://x")' -Because 'JSON is not a spreadsheet: nothing to neutralize'
        $value.From | Should -BeExactly '+3612345678'
        $value.ToInfo | Should -BeExactly $lateToInfo
        $value.Group | Should -Be @('Sales', 'Trading')
        $value.Cases | Should -Be @('2026-0017', '2026-0042')
        @($value.Labels) | Should -HaveCount 2
        $value.Labels[0].Name | Should -BeExactly 'Complaint'
        $value.Labels[0].LegalHold | Should -BeTrue
        $value.Labels[1].Name | Should -BeExactly 'VIP'
        $value.Labels[1].LegalHold | Should -BeFalse
        $value.Protected | Should -BeOfType [bool]
        $value.Protected | Should -BeTrue
        $value.SilenceRatio | Should -Be 0.12
        $value.TalkoverRatio | Should -Be 0.03
        $value.LongestSilence | Should -BeExactly '00:00:04.200'
        $value.NativeId | Should -BeExactly 'CISCO-778812'
        $value.SourcePlatform | Should -BeExactly 'Cisco'
        $value.CdrOnly | Should -BeFalse
        $cdrJson.value.CdrOnly | Should -BeTrue
        $cdrJson.value.EncryptedWithCertificate | Should -BeNullOrEmpty
        $cdrJson.keys | Should -Contain 'EncryptedWithCertificate'
    }

    It 'lists the files by name and size, never with the recording storage''s paths' {
        @($lateJson.value.Files) | Should -HaveCount 1
        $lateJson.value.Files[0].Name | Should -BeExactly 'late-call.wav'
        $lateJson.value.Files[0].Size | Should -Be 512
        $lateJson.value.MediaFileName | Should -BeExactly 'late-call.wav'
        Get-Content -Raw -LiteralPath $lateJsonPath | Should -Not -BeLike "*$rec*"
    }
}

Describe 'Metadata sidecars: names, folders and time zone follow the media' {
    It 'names every sidecar like the renamed media, in the same folder of the task time zone''s day' {
        $settings = @{ MetadataFormat = 'Xml', 'Csv', 'Json'; TimeZone = 'Europe/Budapest'; RenamePattern = 'calls/{StartTime:yyyyMMdd_HHmmss}_{User}' }
        $folder = Export-Sidecars -Conversation (Get-Conversation -ConversationId $late, $cdrOnly) -Name 'renamed' -Settings $settings
        $files = Get-RelativeFiles $folder | Where-Object { $_ -notin 'cdr.csv', 'manifest.json' }
        $lateFiles = $files | Where-Object { $_ -like '*20261129_003000*' }
        @($lateFiles | Sort-Object) | Should -Be @(
            '2026/11/29/calls/20261129_003000_jsmith.csv'
            '2026/11/29/calls/20261129_003000_jsmith.json'
            '2026/11/29/calls/20261129_003000_jsmith.wav'
            '2026/11/29/calls/20261129_003000_jsmith.xml')
        # The CDR-only record has no media: its sidecars still take the pattern's name.
        @($files | Where-Object { $_ -notin $lateFiles } | Sort-Object) | Should -Be @(
            '2026/11/21/calls/20261121_110000_jsmith.csv'
            '2026/11/21/calls/20261121_110000_jsmith.json'
            '2026/11/21/calls/20261121_110000_jsmith.xml')
        # What each renamed sidecar holds is still that conversation's.
        (Read-PythonJson (Join-Path $folder '2026/11/29/calls/20261129_003000_jsmith.json')).value.ConversationId | Should -BeExactly $late
        @(Read-PythonCsvRecord (Join-Path $folder '2026/11/21/calls/20261121_110000_jsmith.csv'))[0].ConversationId | Should -BeExactly $cdrOnly
    }

    It 'moves the same call to another day''s folder, and its times, with the time zone (UTC vs Budapest)' {
        $utc = Export-Sidecars -Conversation (Get-Conversation -ConversationId $late) -Name 'tz-utc' -Settings @{ MetadataFormat = 'Csv', 'Json'; MetadataColumns = 'StartTime' }
        $budapest = Export-Sidecars -Conversation (Get-Conversation -ConversationId $late) -Name 'tz-bud' -Settings @{ MetadataFormat = 'Csv', 'Json'; MetadataColumns = 'StartTime'; TimeZone = 'Europe/Budapest' }
        (Read-PythonCsv (Join-Path $utc '2026/11/28/late-call.csv')).Rows[0] | Should -Be '2026-11-28T23:30:00.000+00:00'
        (Read-PythonJson (Join-Path $utc '2026/11/28/late-call.json')).value.StartTime | Should -BeExactly '2026-11-28T23:30:00.000+00:00'
        (Read-PythonCsv (Join-Path $budapest '2026/11/29/late-call.csv')).Rows[0] | Should -Be '2026-11-29T00:30:00.000+01:00'
        (Read-PythonJson (Join-Path $budapest '2026/11/29/late-call.json')).value.StartTime | Should -BeExactly '2026-11-29T00:30:00.000+01:00'
    }

    It 'writes the same sidecars from a task as from an ad-hoc export with the same settings' {
        $settings = @{ MetadataFormat = 'Csv', 'Json'; MetadataColumns = 'ConversationId', 'StartTime', 'ToInfo'; TimeZone = 'Europe/Budapest' }
        $adHoc = Export-Sidecars -Conversation (Get-Conversation -ConversationId $late) -Name 'adhoc-same' -Settings $settings

        $destination = New-OutputsFolder (Join-Path $TestDrive 'out-task-same')
        New-StorageTarget -Name 'task-same' -Path $destination | Out-Null
        New-ExportTask -Name 'task-same' -StorageTarget 'task-same' -ArchiveMethod None -SourceDataset Both `
            -Query (New-ConversationQuery -ConversationId $late) @settings | Out-Null
        $run = Invoke-ConversationExport -Task 'task-same' -WarningAction SilentlyContinue
        $run.State | Should -Be 'Completed' -Because $run.Message
        $run.Exported | Should -Be 1
        $task = $run.Outputs[0]

        foreach ($name in 'late-call.csv', 'late-call.json') {
            $fromTask = Join-Path $task "2026/11/29/$name"
            Test-Path -LiteralPath $fromTask | Should -BeTrue -Because "the task writes $name into the Budapest day's folder"
            Get-Sha256Sum $fromTask | Should -Be (Get-Sha256Sum (Join-Path $adHoc "2026/11/29/$name"))
        }
        (Read-PythonCsv (Join-Path $task '2026/11/29/late-call.csv')).Header | Should -Be 'ConversationId', 'StartTime', 'ToInfo'
        @(Get-ChildItem -LiteralPath $task -Recurse -Filter '*.xml') | Should -HaveCount 0
    }
}

Describe 'Metadata sidecars: bad column names' {
    It 'refuses an unknown -MetadataColumns name with ColumnUnknown on <Where>, and writes nothing' -ForEach @(
        @{ Where = 'an ad-hoc export' }
        @{ Where = 'New-ExportTask' }
    ) {
        $destination = New-OutputsFolder (Join-Path $TestDrive "out-bad-$($Where -replace '\W', '')")
        if ($Where -eq 'New-ExportTask') {
            New-StorageTarget -Name 'bad-columns' -Path $destination | Out-Null
            { New-ExportTask -Name 'bad-columns' -StorageTarget 'bad-columns' -MetadataColumns 'ConversationId', 'Colour' } |
                Should -Throw -ErrorId 'ColumnUnknown,*' -ExpectedMessage '*Colour*'
            Get-ExportTask -Name 'bad-columns' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        else {
            { Get-Conversation -ConversationId $plain | Invoke-ConversationExport -Destination $destination -MetadataColumns 'ConversationId', 'Colour' } |
                Should -Throw -ErrorId 'ColumnUnknown,*' -ExpectedMessage '*Colour*'
        }
        @(Get-ChildItem -LiteralPath $destination -Recurse -Force) | Should -HaveCount 0
    }
}
