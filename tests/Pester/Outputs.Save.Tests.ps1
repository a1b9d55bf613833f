# Save-Conversation (seed §3, SPEC §13): one conversation's media plus the chosen sidecars, named by
# the export's rules, byte-identical (sha256sum), never overwriting unless -Force (a second save gets _1;
# -NoClobber refuses), whole or not at all. Sidecars are read with Python's csv and json modules.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'OutputsSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null

    $script:rec = Join-Path $TestDrive 'rec'
    $script:late = New-TestRecording -Folder $rec -Name 'late-call' -Start '2026-11-28T23:30:00.000Z' -End '2026-11-28T23:31:05.250Z' -MediaBytes 40000
    $script:other = New-TestRecording -Folder $rec -Name 'other-call' -Start '2026-11-20T08:00:00.000Z' -End '2026-11-20T08:00:42.000Z'
    $script:cdrOnly = New-TestRecording -Folder $rec -Name 'cdr-only' -CdrOnly
    $script:vanishing = New-TestRecording -Folder $rec -Name 'vanishing' -Start '2026-11-21T08:00:00.000Z' -End '2026-11-21T08:00:42.000Z'
    (Import-Conversation -Path $rec).Imported | Should -Be 4
    Remove-Item -LiteralPath (Join-Path $rec 'vanishing.wav')

    # A demo conversation with a recording and an IM transcript.
    New-DemoRecording -Path (Join-Path $TestDrive 'demo') -Count 40 -MaxSeconds 2 | Out-Null
    (Import-Conversation -Path (Join-Path $TestDrive 'demo')).Imported | Should -Be 40
    $script:withTranscript = @(Get-Conversation | Where-Object { @($_.Files).Count -ge 2 })[0]
    $withTranscript | Should -Not -BeNullOrEmpty

    $script:lateConversation = Get-Conversation -ConversationId $late
    $script:lateMediaHash = Get-Sha256Sum (Join-Path $rec 'late-call.wav')

    function New-SaveFolder([string] $Name) { New-OutputsFolder (Join-Path $TestDrive "save-$Name") }
    # Every file in the folder (hidden and .partial ones too), relative, in ordinal order.
    function Get-SavedNames([string] $Folder) {
        [string[]] $names = @(Get-ChildItem -LiteralPath $Folder -Recurse -File -Force | ForEach-Object { [IO.Path]::GetRelativePath($Folder, $_.FullName).Replace('\', '/') })
        [Array]::Sort($names, [StringComparer]::Ordinal)
        $names
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Save-Conversation: what is saved' {
    It 'creates a missing destination folder with its parents' {
        $folder = Join-Path $TestDrive 'save-new/downloads'
        $lateConversation | Save-Conversation -Destination $folder | Out-Null
        Get-Sha256Sum (Join-Path $folder 'late-call.wav') | Should -Be $lateMediaHash
    }

    It 'saves the media and the original XML by default, byte for byte, under the original names' {
        $folder = New-SaveFolder 'default'
        $saved = @($lateConversation | Save-Conversation -Destination $folder)
        Get-SavedNames $folder | Should -Be 'late-call.wav', 'late-call.xml'
        @($saved | ForEach-Object Name | Sort-Object) | Should -Be 'late-call.wav', 'late-call.xml'
        $saved | ForEach-Object { $_ | Should -BeOfType [IO.FileInfo] }
        Get-Sha256Sum (Join-Path $folder 'late-call.wav') | Should -Be $lateMediaHash
        Get-Sha256Sum (Join-Path $folder 'late-call.xml') | Should -Be (Get-Sha256Sum (Join-Path $rec 'late-call.xml'))
    }

    It 'saves the chosen sidecars: CSV and JSON, times in -TimeZone' {
        $folder = New-SaveFolder 'sidecars'
        $lateConversation | Save-Conversation -Destination $folder -MetadataFormat Csv, Json -TimeZone 'Europe/Budapest' | Out-Null
        Get-SavedNames $folder | Should -Be 'late-call.csv', 'late-call.json', 'late-call.wav'
        $csv = @(Read-PythonCsvRecord (Join-Path $folder 'late-call.csv'))
        $csv | Should -HaveCount 1
        $csv[0].ConversationId | Should -BeExactly $late
        $csv[0].StartTime | Should -BeExactly '2026-11-29T00:30:00.000+01:00'
        $json = (Read-PythonJson (Join-Path $folder 'late-call.json')).value
        $json.ConversationId | Should -BeExactly $late
        $json.StartTime | Should -BeExactly '2026-11-29T00:30:00.000+01:00'
    }

    It 'saves the recording and its transcript, nothing else, with -MediaOnly' {
        $folder = New-SaveFolder 'media-only'
        $withTranscript | Save-Conversation -Destination $folder -MediaOnly | Out-Null
        $names = Get-SavedNames $folder
        $names | Should -HaveCount @($withTranscript.Files).Count
        foreach ($file in $withTranscript.Files) {
            $name = [IO.Path]::GetFileName($file.Location)
            $names | Should -Contain $name
            Get-Sha256Sum (Join-Path $folder $name) | Should -Be (Get-Sha256Sum $file.Location)
        }
    }

    It 'names the files by -RenamePattern, in -TimeZone, without date folders' {
        $folder = New-SaveFolder 'renamed'
        $lateConversation | Save-Conversation -Destination $folder -MetadataFormat Xml, Json -RenamePattern '{StartTime:yyyyMMdd_HHmmss}_{From}_{To}' -TimeZone 'Europe/Budapest' | Out-Null
        Get-SavedNames $folder | Should -Be '20261129_003000_+3612345678_1234.json', '20261129_003000_+3612345678_1234.wav', '20261129_003000_+3612345678_1234.xml'
        Get-Sha256Sum (Join-Path $folder '20261129_003000_+3612345678_1234.wav') | Should -Be $lateMediaHash
    }

    It 'makes the folders a -RenamePattern with / asks for, as an export does' {
        $folder = New-SaveFolder 'pattern-folders'
        $lateConversation | Save-Conversation -Destination $folder -RenamePattern 'calls/{ConversationId}' -ErrorAction Stop | Out-Null
        Get-SavedNames $folder | Should -Be "calls/$late.wav", "calls/$late.xml"
    }

    It 'saves by catalog key with -Id' {
        $folder = New-SaveFolder 'by-id'
        Save-Conversation -Id $lateConversation.Id -Destination $folder -MediaOnly | Out-Null
        Get-SavedNames $folder | Should -Be 'late-call.wav'
    }
}

Describe 'Save-Conversation never overwrites' {
    It 'gives a second and a third save _1 and _2, leaving the first files as they were' {
        $folder = New-SaveFolder 'twice'
        $lateConversation | Save-Conversation -Destination $folder -MetadataFormat Xml, Csv | Out-Null
        $first = Get-OutputsFolderFiles $folder
        $second = @($lateConversation | Save-Conversation -Destination $folder -MetadataFormat Xml, Csv | ForEach-Object Name | Sort-Object)
        $second | Should -Be 'late-call_1.csv', 'late-call_1.wav', 'late-call_1.xml'
        $lateConversation | Save-Conversation -Destination $folder -MetadataFormat Xml, Csv | Out-Null
        Get-SavedNames $folder | Should -Be 'late-call.csv', 'late-call.wav', 'late-call.xml',
            'late-call_1.csv', 'late-call_1.wav', 'late-call_1.xml', 'late-call_2.csv', 'late-call_2.wav', 'late-call_2.xml'
        foreach ($name in $first.Keys) { Get-Sha256Sum (Join-Path $folder $name) | Should -Be $first[$name].Sha256 }
        Get-Sha256Sum (Join-Path $folder 'late-call_2.wav') | Should -Be $lateMediaHash
    }

    It 'keeps a stranger''s file of the same name, saving beside it with _1' {
        $folder = New-SaveFolder 'stranger'
        Set-Content -LiteralPath (Join-Path $folder 'late-call.xml') -Value 'somebody else''s notes'
        $lateConversation | Save-Conversation -Destination $folder | Out-Null
        Get-Content -Raw -LiteralPath (Join-Path $folder 'late-call.xml') | Should -BeLike 'somebody else''s notes*'
        Get-SavedNames $folder | Should -Be 'late-call.xml', 'late-call_1.wav', 'late-call_1.xml' -Because 'media and sidecars keep one name'
    }
}

Describe 'Save-Conversation -NoClobber and -Force' {
    It 'with -NoClobber refuses a conversation whose names are taken (OutputFileExists, ResourceExists), saving nothing of it and the others still' {
        $folder = New-SaveFolder 'noclobber'
        $lateConversation | Save-Conversation -Destination $folder | Out-Null
        $before = Get-OutputsFolderFiles $folder
        $saved = @(Get-Conversation -ConversationId $late, $other | Save-Conversation -Destination $folder -NoClobber -ErrorVariable failures -ErrorAction SilentlyContinue)
        @($failures) | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'OutputFileExists,*'
        "$($failures[0].CategoryInfo.Category)" | Should -Be 'ResourceExists'
        $failures[0].Exception.Message | Should -BeLike '*late-call.*'
        @($saved | ForEach-Object Name | Sort-Object) | Should -Be 'other-call.wav', 'other-call.xml'
        Get-SavedNames $folder | Should -Be 'late-call.wav', 'late-call.xml', 'other-call.wav', 'other-call.xml' -Because 'no _1 copy and no .partial'
        foreach ($name in $before.Keys) { Get-Sha256Sum (Join-Path $folder $name) | Should -Be $before[$name].Sha256 }
    }

    It 'with -Force replaces the files of the same names, a read-only one too, and makes no _1 copy' {
        $folder = New-SaveFolder 'force'
        Set-Content -LiteralPath (Join-Path $folder 'late-call.wav') -Value 'an older download'
        Set-Content -LiteralPath (Join-Path $folder 'late-call.xml') -Value 'an older sidecar'
        Set-ItemProperty -LiteralPath (Join-Path $folder 'late-call.wav') -Name IsReadOnly -Value $true
        $saved = @($lateConversation | Save-Conversation -Destination $folder -Force -ErrorAction Stop)
        @($saved | ForEach-Object Name | Sort-Object) | Should -Be 'late-call.wav', 'late-call.xml'
        Get-SavedNames $folder | Should -Be 'late-call.wav', 'late-call.xml'
        Get-Sha256Sum (Join-Path $folder 'late-call.wav') | Should -Be $lateMediaHash
        Get-Content -Raw -LiteralPath (Join-Path $folder 'late-call.xml') | Should -BeLike '<*conversation*' -Because 'the original sidecar replaced the old one'
    }

    It 'refuses -NoClobber with -Force' {
        { $lateConversation | Save-Conversation -Destination (New-SaveFolder 'both') -NoClobber -Force } | Should -Throw -ErrorId 'InvalidArgument,*'
    }
}

Describe 'Save-Conversation: nothing to save, or nothing whole' {
    It 'refuses a CDR-only record with NothingToSave and saves nothing (<Label>)' -ForEach @(
        @{ Label = 'the default sidecars'; Parameters = @{} }
        @{ Label = '-MediaOnly'; Parameters = @{ MediaOnly = $true } }
    ) {
        $folder = New-SaveFolder "cdr-only-$($Label -replace '\W', '')"
        Get-Conversation -ConversationId $cdrOnly | Save-Conversation -Destination $folder @Parameters -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
        @($failures) | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NothingToSave,*'
        $failures[0].Exception.Message | Should -BeLike "*$cdrOnly*"
        Get-SavedNames $folder | Should -BeNullOrEmpty
    }

    It 'reports a missing media file with NothingToSave, leaves nothing of that conversation, and saves the others' {
        $folder = New-SaveFolder 'missing-media'
        $saved = @(Get-Conversation -ConversationId $other, $vanishing | Save-Conversation -Destination $folder -ErrorVariable failures -ErrorAction SilentlyContinue)
        @($failures) | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NothingToSave,*'
        $failures[0].Exception.Message | Should -BeLike "*$vanishing*"
        Get-SavedNames $folder | Should -Be 'other-call.wav', 'other-call.xml' -Because 'no vanishing.xml without its media, no .partial left behind'
        @($saved | ForEach-Object Name | Sort-Object) | Should -Be 'other-call.wav', 'other-call.xml'
    }

    It 'refuses an -Id that is not in the catalog with ConversationNotFound' {
        $folder = New-SaveFolder 'unknown-id'
        Save-Conversation -Id 999999 -Destination $folder -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
        @($failures) | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ConversationNotFound,*'
        "$($failures[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        Get-SavedNames $folder | Should -BeNullOrEmpty
    }

    It 'refuses a destination that is an existing file with OutputPathWrongKind, and leaves the file' {
        $file = Join-Path $TestDrive 'a-file-not-a-folder'
        Set-Content -Path $file -Value 'keep me'
        $lateConversation | Save-Conversation -Destination $file -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
        @($failures) | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'OutputPathWrongKind,*'
        Get-Content $file | Should -Be 'keep me'
    }
}
