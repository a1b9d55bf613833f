# Archive Method (seed §4.1, SPEC §5): every archive is checked with a tool that is not ours —
# 7-Zip, Info-ZIP unzip, .NET's ZipArchive — and every extracted file against the source bytes.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')

    # A task over the whole catalog writing to a fresh folder of its own; returns the run.
    function Invoke-TestExport {
        param([Parameter(Mandatory)] [string] $Name, [hashtable] $Settings = @{})
        $destination = Join-Path $TestDrive "dest-$Name"
        New-Item -ItemType Directory -Path $destination | Out-Null
        New-StorageTarget -Name "target-$Name" -Path $destination | Out-Null
        # The recorder's own XML sidecar only: every file in the export then has a source to compare with.
        New-ExportTask -Name $Name -StorageTarget "target-$Name" -SourceDataset Both -MetadataFormat Xml @Settings | Out-Null
        Invoke-ConversationExport -Task $Name -WarningAction SilentlyContinue
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Archive Method' {
    BeforeAll {
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'methods') | Out-Null
        $folder = Join-Path $TestDrive 'rec-methods'
        # Deflatable and incompressible audio, a video that must be stored as it is, an IM transcript, an empty media file.
        New-TestRecording -Folder $folder -Name 'call-small' -MediaBytes 3000 | Out-Null
        New-TestRecording -Folder $folder -Name 'call-large' -MediaBytes 700000 | Out-Null
        New-TestRecording -Folder $folder -Name 'video' -MediaExtension mp4 -MediaBytes 50000 -Type Video | Out-Null
        New-TestRecording -Folder $folder -Name 'chat' -MediaExtension im -MediaBytes 900 -Type InstantMessage | Out-Null
        New-TestRecording -Folder $folder -Name 'silence' -MediaBytes 0 | Out-Null
        [IO.File]::WriteAllText((Join-Path $folder 'call-small.wav'), ('RIFF' + ('a' * 2996)))   # compressible, same size
        (Import-Conversation -Path $folder).Imported | Should -Be 5

        # What the export must hold: each source file under the date folder, by its original name.
        $script:expected = @{}
        foreach ($file in Get-ChildItem $folder -File) { $expected["2026/11/28/$($file.Name)"] = Get-Sha256 $file.FullName }
        $expected.Count | Should -Be 10
        $script:password = 'c0rrect horse;battery$staple'
        $script:securePassword = ConvertTo-SecureString $password -AsPlainText -Force
    }

    Context 'Aes256' {
        BeforeAll {
            $script:run = Invoke-TestExport -Name 'aes' -Settings @{ ArchiveMethod = 'Aes256'; ZipPassword = $securePassword }
            $script:zip = $run.Outputs | Select-Object -First 1
        }

        It 'delivers one archive named after the task and start time (aes_yyyyMMdd_HHmmss.zip), and the run says so' {
            $run.State | Should -Be 'Completed'
            $run.Exported | Should -Be 5
            $files = @(Get-ChildItem (Join-Path $TestDrive 'dest-aes') -Recurse -File)
            $files | Should -HaveCount 1
            $files[0].Name | Should -Match '^aes_\d{8}_\d{6}\.zip$'
            $run.Outputs | Should -Be @($files[0].FullName)
        }

        It 'opens in 7-Zip with the password (7z t)' {
            $test = Invoke-NativeTool 7z 't', "-p$password", $zip
            $test.ExitCode | Should -Be 0 -Because $test.Output
            $test.Output | Should -Match 'Everything is Ok'
        }

        It 'encrypts every entry with WinZip AES-256' {
            $listing = (Invoke-NativeTool 7z 'l', '-slt', "-p$password", $zip).Output
            $methods = @([regex]::Matches($listing, '(?m)^Method = (.*)$') | ForEach-Object { $_.Groups[1].Value.Trim() })
            $methods.Count | Should -Be @(Get-7zEntryName $zip -Password $password).Count -Because 'every entry, the manifest too'
            $methods.Count | Should -BeGreaterOrEqual $expected.Count
            $methods | ForEach-Object { $_ | Should -Match 'AES-256' }
        }

        It 'extracts in 7-Zip into files byte-identical to the source media and sidecars' {
            $out = Join-Path $TestDrive 'aes-out'
            $extract = Invoke-NativeTool 7z 'x', "-p$password", "-o$out", $zip
            $extract.ExitCode | Should -Be 0 -Because $extract.Output
            $found = Get-FolderHashes $out
            $found.Keys | Select-ConversationFile | Sort-Object | Should -Be ($expected.Keys | Sort-Object)
            foreach ($name in $expected.Keys) { $found[$name] | Should -Be $expected[$name] -Because $name }
        }

        It 'is refused by 7-Zip with a wrong password' {
            $test = Invoke-NativeTool 7z 't', '-pnot-the-password', $zip
            $test.ExitCode | Should -Not -Be 0
            $test.Output | Should -Match 'Wrong password'
        }
    }

    Context 'ZipCrypto' {
        BeforeAll {
            $script:run = Invoke-TestExport -Name 'zipcrypto' -Settings @{ ArchiveMethod = 'ZipCrypto'; ZipPassword = $securePassword }
            $script:zip = $run.Outputs | Select-Object -First 1
        }

        It 'passes unzip -t with the password' {
            $run.State | Should -Be 'Completed'
            $test = Invoke-NativeTool unzip '-t', '-P', $password, $zip
            $test.ExitCode | Should -Be 0 -Because $test.Output
            $test.Output | Should -Match 'No errors detected'
        }

        It 'extracts with unzip -P into files byte-identical to the source' {
            $out = Join-Path $TestDrive 'zipcrypto-out'
            $extract = Invoke-NativeTool unzip '-q', '-P', $password, $zip, '-d', $out
            $extract.ExitCode | Should -Be 0 -Because $extract.Output
            $found = Get-FolderHashes $out
            $found.Keys | Select-ConversationFile | Sort-Object | Should -Be ($expected.Keys | Sort-Object)
            foreach ($name in $expected.Keys) { $found[$name] | Should -Be $expected[$name] -Because $name }
        }

        It 'encrypts every entry, and unzip refuses a wrong password' {
            $listing = (Invoke-NativeTool 7z 'l', '-slt', "-p$password", $zip).Output
            $encrypted = @([regex]::Matches($listing, '(?m)^Encrypted = \+$')).Count
            $encrypted | Should -Be @(Get-7zEntryName $zip -Password $password).Count -Because 'every entry, the manifest too'
            $encrypted | Should -BeGreaterOrEqual $expected.Count
            $wrong = Invoke-NativeTool unzip '-t', '-P', 'not-the-password', $zip
            $wrong.ExitCode | Should -Not -Be 0
            $wrong.Output | Should -Match 'incorrect password'
        }

        It 'warns that ZipCrypto is weak when a task is saved with it (SPEC §4: "weak, warned")' {
            New-StorageTarget -Name 'target-weak' -Path $TestDrive | Out-Null
            $null = New-ExportTask -Name 'weak' -StorageTarget 'target-weak' -ArchiveMethod ZipCrypto -ZipPassword $securePassword -WarningVariable warnings -WarningAction SilentlyContinue
            "$warnings" | Should -Match 'ZipCrypto'
        }
    }

    Context 'Zip' {
        BeforeAll {
            $script:run = Invoke-TestExport -Name 'zip'
            $script:zip = $run.Outputs | Select-Object -First 1
        }

        It 'passes unzip -t' {
            $run.State | Should -Be 'Completed'
            $test = Invoke-NativeTool unzip '-t', $zip
            $test.ExitCode | Should -Be 0 -Because $test.Output
            $test.Output | Should -Match 'No errors detected'
        }

        It 'reads back in .NET ZipArchive with every entry byte-identical to the source' {
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $archive = [IO.Compression.ZipFile]::OpenRead($zip)
            try {
                $entries = @($archive.Entries | Where-Object { -not $_.FullName.EndsWith('/') -and ($_.FullName | Select-ConversationFile) })
                ($entries.FullName | Sort-Object) | Should -Be ($expected.Keys | Sort-Object)
                foreach ($entry in $entries) {
                    $stream = $entry.Open()
                    try { $hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($stream)) }
                    finally { $stream.Dispose() }
                    $hash | Should -Be $expected[$entry.FullName] -Because $entry.FullName
                    $entry.Length | Should -Be (Get-Item (Join-Path $TestDrive 'rec-methods' ($entry.Name))).Length
                }
            }
            finally { $archive.Dispose() }
        }

        It 'stores already-compressed media as they are and deflates the rest' {
            $listing = (Invoke-NativeTool 7z 'l', '-slt', $zip).Output
            $methods = @{}
            foreach ($block in $listing -split '(?m)^(?=Path = )') {
                if ($block -match '(?ms)^Path = (?<path>[^\r\n]+).*?^Method = (?<method>[^\r\n]+)') { $methods[$Matches.path.Trim()] = $Matches.method.Trim() }
            }
            $methods['2026/11/28/video.mp4'] | Should -Be 'Store'
            $methods['2026/11/28/call-small.wav'] | Should -Be 'Deflate'
            $methods['2026/11/28/call-small.xml'] | Should -Be 'Deflate'
        }
    }

    Context 'None (loose files)' {
        BeforeAll {
            $script:run = Invoke-TestExport -Name 'loose' -Settings @{ ArchiveMethod = 'None' }
        }

        It 'writes the files under a folder named after the task and start time (loose_yyyyMMdd_HHmmss), byte-identical to the source' {
            $run.State | Should -Be 'Completed'
            $top = @(Get-ChildItem (Join-Path $TestDrive 'dest-loose'))
            $top | Should -HaveCount 1
            $top[0].PSIsContainer | Should -BeTrue
            $top[0].Name | Should -Match '^loose_\d{8}_\d{6}$'
            $run.Outputs | Should -Be @($top[0].FullName)
            $found = Get-FolderHashes $top[0].FullName
            $found.Keys | Select-ConversationFile | Sort-Object | Should -Be ($expected.Keys | Sort-Object)
            $found.Keys | Where-Object { $_ -like '*.partial' } | Should -BeNullOrEmpty
            foreach ($name in $expected.Keys) { $found[$name] | Should -Be $expected[$name] -Because $name }
        }
    }
}

Describe 'Zip64' {
    BeforeAll {
        # 140,000 small files: on tmpfs when there is one, the disk is the slow part here.
        $script:bulk = if (Test-Path /dev/shm) { Join-Path /dev/shm "ce-zip64-$([guid]::NewGuid().ToString('N'))" } else { Join-Path $TestDrive 'zip64' }
        New-IsolatedTestCatalog -Root $bulk | Out-Null
        $script:ids = Write-TestRecordings -Folder (Join-Path $bulk 'rec') -Count 70000 -MediaBytes 24 -StepSeconds 1
        (Import-Conversation -Path (Join-Path $bulk 'rec')).Imported | Should -Be 70000
        $destination = Join-Path $bulk 'dest'
        New-Item -ItemType Directory -Path $destination | Out-Null
        New-StorageTarget -Name 'bulk' -Path $destination | Out-Null
        New-ExportTask -Name 'zip64' -StorageTarget 'bulk' -Scope Media -RenamePattern '{ConversationId}' -NoSubfolders | Out-Null
        $script:run = Invoke-ConversationExport -Task 'zip64'
        $script:zip = $run.Outputs | Select-Object -First 1
    }

    AfterAll {
        if ($bulk -like '/dev/shm/*') { Remove-Item -LiteralPath $bulk -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'exports 70,000 conversations into one archive' {
        $run.State | Should -Be 'Completed'
        $run.Exported | Should -Be 70000
        @($run.Outputs) | Should -HaveCount 1
        @(Get-ChildItem (Join-Path $bulk 'dest') -File) | Should -HaveCount 1
    }

    It 'ends with a Zip64 end of central directory, since 70,000 entries do not fit the classic record' {
        $bytes = [IO.File]::ReadAllBytes($zip)
        $tail = [BitConverter]::ToString($bytes, [Math]::Max(0, $bytes.Length - 200)).Replace('-', '')
        $tail | Should -Match '504B0606' -Because 'the Zip64 end of central directory record'
        $tail | Should -Match '504B0607' -Because 'the Zip64 end of central directory locator'
    }

    It 'passes 7z t and unzip -t' {
        $seven = Invoke-NativeTool 7z 't', $zip
        $seven.ExitCode | Should -Be 0 -Because $seven.Output
        $seven.Output | Should -Match 'Everything is Ok'
        $unzip = Invoke-NativeTool unzip '-tq', $zip
        $unzip.ExitCode | Should -Be 0 -Because $unzip.Output
    }

    It 'holds every selected conversation exactly once, as unzip and .NET ZipArchive list it' {
        $names = @(& unzip -Z1 $zip)
        $LASTEXITCODE | Should -Be 0
        $names = @(Select-ConversationFile $names)
        $names | Should -HaveCount 70000
        $listed = [Collections.Generic.HashSet[string]]::new([string[]]@(Get-ConversationIdFromEntry $names))
        $listed.Count | Should -Be 70000 -Because 'no conversation may appear twice'
        $listed.SetEquals([string[]]$ids) | Should -BeTrue -Because 'the archive must hold exactly the selected conversations'
        @(Select-ConversationFile (Get-ZipEntryName $zip)) | Should -HaveCount 70000
    }
}

Describe 'Max Archive Size' {
    BeforeAll {
        New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'split') | Out-Null
        $script:ids = Write-TestRecordings -Folder (Join-Path $TestDrive 'rec-split') -Count 45 -MediaBytes 100000 -Incompressible
        Import-Conversation -Path (Join-Path $TestDrive 'rec-split') | Out-Null
        $script:limit = 1MB
        $script:run = Invoke-TestExport -Name 'split' -Settings @{
            MaxArchiveSize = $limit; ArchiveMethod = 'Aes256'; ZipPassword = (ConvertTo-SecureString 'split-pw' -AsPlainText -Force)
            RenamePattern = '{ConversationId}'; Scope = 'Media'
        }
        $script:parts = @(Get-ChildItem (Join-Path $TestDrive 'dest-split') -File | Sort-Object { [int]($_.Name -replace '^.*_part(\d+)\.zip$', '$1') })
    }

    It 'splits the run into split_yyyyMMdd_HHmmss_part1.zip … _partN.zip, numbered without gaps, none over the limit' {
        $run.State | Should -Be 'Completed'
        $parts.Count | Should -BeGreaterThan 3
        $stem = $parts[0].Name -replace '_part1\.zip$', ''
        $stem | Should -Match '^split_\d{8}_\d{6}$'
        for ($n = 1; $n -le $parts.Count; $n++) { $parts[$n - 1].Name | Should -Be "${stem}_part$n.zip" }
        $parts | ForEach-Object { $_.Length | Should -BeLessOrEqual $limit -Because $_.Name }
        ($run.Outputs | Sort-Object) | Should -Be ($parts.FullName | Sort-Object)
    }

    It 'makes each part an archive that opens on its own (7z t)' {
        foreach ($part in $parts) {
            $test = Invoke-NativeTool 7z 't', '-psplit-pw', $part.FullName
            $test.ExitCode | Should -Be 0 -Because "$($part.Name): $($test.Output)"
        }
    }

    It 'puts every selected conversation into exactly one part' {
        $all = foreach ($part in $parts) { Get-ConversationIdFromEntry (Get-7zEntryName $part.FullName -Password 'split-pw') }
        @($all) | Should -HaveCount $ids.Count
        ($all | Sort-Object) | Should -Be ($ids | Sort-Object)
    }
}
