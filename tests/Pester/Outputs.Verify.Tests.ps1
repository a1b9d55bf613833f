# Test-ExportArchive (SPEC §5, chain of custody): passes on a fresh export — ZIP, AES-256 with its
# password, a loose-files folder, a run split into parts given any part — and fails naming the
# exact file once one byte of one media file is changed, a file is removed or an extra file is
# added. Exports are tampered with by tools that are not ours: 7-Zip and Info-ZIP's zip.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'OutputsSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null

    # 20 demo conversations and one written by hand (the file the tests tamper with), all from
    # October and November; three large incompressible ones from September for the split run.
    New-DemoRecording -Path (Join-Path $TestDrive 'demo') -Count 20 -MaxSeconds 2 | Out-Null
    (Import-Conversation -Path (Join-Path $TestDrive 'demo')).Imported | Should -Be 20
    New-TestRecording -Folder (Join-Path $TestDrive 'rec') -Name 'hand-a' -MediaBytes 20000 -Start '2026-11-25T09:00:00.000Z' -End '2026-11-25T09:05:00.000Z' | Out-Null
    foreach ($i in 1..3) {
        New-TestRecording -Folder (Join-Path $TestDrive 'rec') -Name "big-$i" -MediaBytes 700000 -Start "2026-09-0$($i)T12:00:00.000Z" -End "2026-09-0$($i)T12:30:00.000Z" | Out-Null
    }
    (Import-Conversation -Path (Join-Path $TestDrive 'rec')).Imported | Should -Be 4
    $script:target = '2026/11/25/hand-a.wav'

    $script:password = 'c0rrect horse;battery$staple'
    $script:securePassword = ConvertTo-SecureString $password -AsPlainText -Force

    function Invoke-VerifyTask {
        param([Parameter(Mandatory)] [string] $Name, [hashtable] $Settings = @{}, [ConversationExport.ConversationQuery] $Query = (New-ConversationQuery -StartTimeFrom '2026-10-01'))
        $destination = New-OutputsFolder (Join-Path $TestDrive "out-$Name")
        New-StorageTarget -Name $Name -Path $destination | Out-Null
        New-ExportTask -Name $Name -StorageTarget $Name -SourceDataset Both -Query $Query -MetadataFormat Xml, Json -CdrFormat Csv @Settings -ErrorAction SilentlyContinue | Out-Null
        $run = Invoke-ConversationExport -Task $Name -ErrorAction SilentlyContinue
        $run.State | Should -Be 'Completed' -Because $run.Message
        $run
    }

    $script:zipRun = Invoke-VerifyTask -Name 'zip' -Settings @{ ArchiveMethod = 'Zip' }
    $script:aesRun = Invoke-VerifyTask -Name 'aes' -Settings @{ ArchiveMethod = 'Aes256'; ZipPassword = $securePassword }
    $script:noneRun = Invoke-VerifyTask -Name 'none' -Settings @{ ArchiveMethod = 'None' }
    $script:manifest = (Read-PythonJson (Join-Path $noneRun.Outputs[0] 'manifest.json')).value
    @($manifest.files | Where-Object path -eq $target) | Should -HaveCount 1

    # A copy of a fresh export to tamper with: the run folder, or the ZIP unpacked by 7-Zip.
    function Copy-Export {
        param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] $Run, [string] $Password)
        $folder = Join-Path $TestDrive "tamper-$Name"
        if ($Run.ArchiveMethod -eq 'None') { Copy-Item -LiteralPath $Run.Outputs[0] -Destination $folder -Recurse }
        else { Expand-WithSevenZip -Path $Run.Outputs[0] -Destination $folder -Password $Password | Out-Null }
        $folder
    }

    # The tampered copy as Test-ExportArchive gets it: the folder itself, or packed again with Info-ZIP.
    function Get-Tampered {
        param([Parameter(Mandatory)] [string] $Folder, [Parameter(Mandatory)] [string] $As)
        if ($As -eq 'folder') { return $Folder }
        Compress-WithInfoZip -Folder $Folder -Path "$Folder.zip"
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Test-ExportArchive on a fresh export' {
    It 'passes a <Kind> export, having checked every file of its manifest' -ForEach @(
        @{ Kind = 'Zip'; Run = 'zipRun' }
        @{ Kind = 'Aes256 (with -Password)'; Run = 'aesRun' }
        @{ Kind = 'loose-files folder'; Run = 'noneRun' }
    ) {
        $exportRun = Get-Variable -Name $Run -Scope Script -ValueOnly
        $parameters = $Kind -like 'Aes256*' ? @{ Password = $securePassword } : @{}
        $check = Test-ExportArchive -Path $exportRun.Outputs[0] @parameters
        $check.Problems | Should -BeNullOrEmpty
        $check.Passed | Should -BeTrue
        $check.FilesChecked | Should -Be @($manifest.files).Count -Because 'all three exports hold the same files'
        $check.Task | Should -BeExactly $exportRun.Task
        $check.RunId | Should -Be $exportRun.RunId
    }

    It 'checks a run piped to it through its Outputs' {
        $check = @($zipRun | Test-ExportArchive)
        $check | Should -HaveCount 1
        $check[0].Passed | Should -BeTrue
    }

    It 'checks the archives a wildcard names; a wildcard that names none checks nothing, as Get-Item does' {
        $zip = Get-Item $zipRun.Outputs[0]
        $pattern = Join-Path $zip.DirectoryName ($zip.Name -replace '_\d{8}_\d{6}', '_*')
        $pattern | Should -Not -Be $zip.FullName -Because 'the pattern stands for the timestamp'
        $check = @(Test-ExportArchive $pattern)
        $check | Should -HaveCount 1
        $check[0].Passed | Should -BeTrue
        $missing = Join-Path $zip.DirectoryName 'no-such-run_*.zip'
        @(Test-ExportArchive $missing -ErrorAction Stop -ErrorVariable problems) | Should -HaveCount 0
        @($problems) | Should -HaveCount 0
        { Test-ExportArchive (Join-Path $zip.DirectoryName 'no-such-run.zip') -ErrorAction Stop } | Should -Throw -ErrorId 'ArchiveUnreadable,*'
    }
}

Describe 'Test-ExportArchive on a tampered <As>' -ForEach @(
    @{ As = 'folder' }
    @{ As = 'zip' }
) {
    BeforeAll {
        $script:source = $As -eq 'folder' ? $noneRun : $zipRun
    }

    It 'passes the untouched copy (the repacking itself changes nothing)' {
        $copy = Copy-Export -Name "$As-untouched" -Run $source
        $check = Test-ExportArchive -Path (Get-Tampered -Folder $copy -As $As)
        $check.Problems | Should -BeNullOrEmpty
        $check.Passed | Should -BeTrue
    }

    It 'fails when one byte of one media file changed, naming that file (HashMismatch)' {
        $copy = Copy-Export -Name "$As-byte" -Run $source
        Edit-OneByte (Join-Path $copy $target)
        $changed = Get-Sha256Sum (Join-Path $copy $target)
        $check = Test-ExportArchive -Path (Get-Tampered -Folder $copy -As $As) -ErrorVariable problems -ErrorAction SilentlyContinue
        $succeeded = $?
        $check.Passed | Should -BeFalse
        @($check.Problems) | Should -HaveCount 1
        $check.Problems[0].File | Should -BeExactly $target
        "$($check.Problems[0].Problem)" | Should -Be 'HashMismatch'
        $check.Problems[0].Expected | Should -BeExactly ($manifest.files | Where-Object path -eq $target).sha256
        $check.Problems[0].Found | Should -BeExactly $changed
        $succeeded | Should -BeFalse -Because 'a failed check is an error, not only a warning'
        @($problems) | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ArchiveVerificationFailed,*'
        "$($problems[0].CategoryInfo.Category)" | Should -Be 'InvalidData'
        $problems[0].Exception.Message | Should -BeLike "*$target*"
    }

    It 'fails when a file was removed, naming it (Missing)' {
        $copy = Copy-Export -Name "$As-removed" -Run $source
        Remove-Item -LiteralPath (Join-Path $copy $target)
        $check = Test-ExportArchive -Path (Get-Tampered -Folder $copy -As $As) -ErrorAction SilentlyContinue
        $check.Passed | Should -BeFalse
        @($check.Problems) | Should -HaveCount 1
        $check.Problems[0].File | Should -BeExactly $target
        "$($check.Problems[0].Problem)" | Should -Be 'Missing'
    }

    It 'fails when an extra file was added, naming it (Extra)' {
        $copy = Copy-Export -Name "$As-extra" -Run $source
        Set-Content -LiteralPath (Join-Path $copy '2026/11/25/planted.wav') -Value 'not from the recorder'
        $check = Test-ExportArchive -Path (Get-Tampered -Folder $copy -As $As) -ErrorAction SilentlyContinue
        $check.Passed | Should -BeFalse
        @($check.Problems) | Should -HaveCount 1
        $check.Problems[0].File | Should -BeExactly '2026/11/25/planted.wav'
        "$($check.Problems[0].Problem)" | Should -Be 'Extra'
    }

    It 'fails when a file was truncated, naming it (SizeMismatch)' {
        $copy = Copy-Export -Name "$As-size" -Run $source
        $path = Join-Path $copy $target
        [IO.File]::WriteAllBytes($path, [IO.File]::ReadAllBytes($path)[0..99])
        $check = Test-ExportArchive -Path (Get-Tampered -Folder $copy -As $As) -ErrorAction SilentlyContinue
        $check.Passed | Should -BeFalse
        @($check.Problems) | Should -HaveCount 1
        $check.Problems[0].File | Should -BeExactly $target
        "$($check.Problems[0].Problem)" | Should -Be 'SizeMismatch'
    }
}

Describe 'Test-ExportArchive on a tampered AES-256 export' {
    It 'fails naming the file when one byte changed and 7-Zip encrypted the archive again' {
        $copy = Copy-Export -Name 'aes-byte' -Run $aesRun -Password $password
        Edit-OneByte (Join-Path $copy $target)
        $zip = "$copy.zip"
        Push-Location -LiteralPath $copy
        try { (Invoke-OutputsTool 7z @('a', '-tzip', "-p$password", '-mem=AES256', $zip, '.')).ExitCode | Should -Be 0 }
        finally { Pop-Location }
        $check = Test-ExportArchive -Path $zip -Password $securePassword -ErrorAction SilentlyContinue
        $check.Passed | Should -BeFalse
        @($check.Problems) | Should -HaveCount 1
        $check.Problems[0].File | Should -BeExactly $target
        "$($check.Problems[0].Problem)" | Should -Be 'HashMismatch'
    }
}

Describe 'Test-ExportArchive on a run split into parts (-MaxArchiveSize)' {
    BeforeAll {
        $script:splitRun = Invoke-VerifyTask -Name 'split' -Query (New-ConversationQuery -StartTimeTo '2026-10-01') `
            -Settings @{ ArchiveMethod = 'Zip'; MaxArchiveSize = 1MB; MetadataFormat = 'Xml' }
        $script:parts = @($splitRun.Outputs)
    }

    It 'wrote several parts, each a complete archive 7-Zip tests' {
        $splitRun.Exported | Should -Be 3
        $parts.Count | Should -BeGreaterThan 1
        foreach ($part in $parts) {
            [IO.Path]::GetFileName($part) | Should -Match '^split_\d{8}_\d{6}_part\d+\.zip$'
            (Invoke-OutputsTool 7z @('t', $part)).ExitCode | Should -Be 0 -Because "$part opens on its own"
        }
    }

    It 'lists in the manifest, for every file, the part that holds it, with its size and hash' {
        $manifestPart = $null
        $seen = @{}
        foreach ($part in $parts) {
            $files = Get-OutputsFolderFiles (Expand-WithSevenZip -Path $part -Destination (Join-Path $TestDrive ("split-x-{0}" -f [IO.Path]::GetFileNameWithoutExtension($part))))
            if ($files.ContainsKey('manifest.json')) { $manifestPart = $part }
            foreach ($path in $files.Keys) { $seen[$path] = @{ Part = [IO.Path]::GetFileName($part); File = $files[$path] } }
        }
        $manifestPart | Should -Not -BeNullOrEmpty
        $splitManifest = (Read-PythonJson (Join-Path $TestDrive ("split-x-{0}/manifest.json" -f [IO.Path]::GetFileNameWithoutExtension($manifestPart)))).value
        foreach ($file in $splitManifest.files) {
            $seen.ContainsKey($file.path) | Should -BeTrue -Because $file.path
            $seen[$file.path].Part | Should -BeExactly $file.container -Because "$($file.path) is in the part the manifest names"
            $seen[$file.path].File.Size | Should -Be $file.size
            $seen[$file.path].File.Sha256 | Should -BeExactly $file.sha256
        }
        @($seen.Keys | Where-Object { $_ -ne 'manifest.json' }).Count | Should -Be @($splitManifest.files).Count
    }

    It 'passes given part <_> of the run, having read every part' -ForEach 1, 2, 'the last' {
        $part = $_ -eq 'the last' ? $parts[-1] : $parts[$_ - 1]
        $check = Test-ExportArchive -Path $part
        $check.Problems | Should -BeNullOrEmpty
        $check.Passed | Should -BeTrue
        @($check.Containers | Sort-Object) | Should -Be @($parts | Sort-Object)
    }

    It 'checks a piped split run once, not once per part' {
        @($splitRun | Test-ExportArchive) | Should -HaveCount 1
    }

    It 'fails, naming the files of a part that is gone' {
        $copy = New-OutputsFolder (Join-Path $TestDrive 'split-copy')
        foreach ($part in $parts) { Copy-Item -LiteralPath $part -Destination $copy }
        $gone = Join-Path $copy ([IO.Path]::GetFileName($parts[0]))
        $goneFiles = @((Invoke-OutputsTool unzip @('-Z1', $gone)).Output -split "`r?`n" | Where-Object { $_ -and -not $_.EndsWith('/') })
        $goneFiles | Should -Not -BeNullOrEmpty
        Remove-Item -LiteralPath $gone
        $check = Test-ExportArchive -Path (Join-Path $copy ([IO.Path]::GetFileName($parts[-1]))) -ErrorAction SilentlyContinue
        $check.Passed | Should -BeFalse
        @($check.Problems | Where-Object { "$($_.Problem)" -eq 'Missing' } | ForEach-Object File | Sort-Object) | Should -Be @($goneFiles | Sort-Object)
    }
}

Describe 'Test-ExportArchive with bad input' {
    It 'refuses a wrong password with ArchivePasswordWrong' {
        { Test-ExportArchive -Path $aesRun.Outputs[0] -Password (ConvertTo-SecureString 'not the password' -AsPlainText -Force) } |
            Should -Throw -ErrorId 'ArchivePasswordWrong,*'
    }

    It 'refuses an encrypted export without -Password with ArchivePasswordWrong' {
        { Test-ExportArchive -Path $aesRun.Outputs[0] } | Should -Throw -ErrorId 'ArchivePasswordWrong,*'
    }

    It 'refuses a file that is not a ZIP with ArchiveUnreadable' {
        $fake = Join-Path $TestDrive 'not-a-zip.zip'
        Set-Content -LiteralPath $fake -Value 'this is plain text, not an archive'
        { Test-ExportArchive -Path $fake } | Should -Throw -ErrorId 'ArchiveUnreadable,*'
    }

    It 'refuses a path that does not exist with ArchiveUnreadable' {
        { Test-ExportArchive -Path (Join-Path $TestDrive 'no-such-export.zip') } | Should -Throw -ErrorId 'ArchiveUnreadable,*' -ExpectedMessage '*no-such-export.zip*'
    }

    It 'refuses a ZIP that is no export (no manifest.json) with ManifestMissing' {
        $folder = New-OutputsFolder (Join-Path $TestDrive 'not-an-export')
        Set-Content -LiteralPath (Join-Path $folder 'readme.txt') -Value 'hello'
        $zip = Compress-WithInfoZip -Folder $folder -Path (Join-Path $TestDrive 'not-an-export.zip')
        { Test-ExportArchive -Path $zip } | Should -Throw -ErrorId 'ManifestMissing,*'
        { Test-ExportArchive -Path $folder } | Should -Throw -ErrorId 'ManifestMissing,*'
    }
}

Describe 'Test-ExportArchive: -Path wildcards, -LiteralPath and files piped by PSPath' {
    BeforeAll {
        # Two copies of the Zip export, one with wildcard characters in its name.
        $script:copies = New-OutputsFolder (Join-Path $TestDrive 'copies')
        $script:plain = Join-Path $copies 'zip-copy.zip'
        $script:bracketed = Join-Path $copies 'zip-copy[1].zip'
        Copy-Item -LiteralPath $zipRun.Outputs[0] -Destination $plain
        Copy-Item -LiteralPath $zipRun.Outputs[0] -Destination $bracketed
    }

    It 'checks every file a -Path wildcard matches' {
        $checks = @(Test-ExportArchive -Path (Join-Path $copies '*.zip'))
        @($checks.Path | Sort-Object) | Should -Be @($bracketed, $plain | Sort-Object)
        $checks.Passed | Should -Not -Contain $false
    }

    It 'checks nothing, silently, when a -Path wildcard matches nothing' {
        $checks = @(Test-ExportArchive -Path (Join-Path $copies '*.none') -ErrorVariable problems)
        $checks | Should -HaveCount 0
        @($problems) | Should -HaveCount 0
    }

    It 'takes -LiteralPath as written, wildcard characters and all' {
        $check = Test-ExportArchive -LiteralPath $bracketed
        $check.Path | Should -Be $bracketed
        $check.Passed | Should -BeTrue
    }

    It 'checks files piped from Get-ChildItem, bound by their PSPath' {
        $checks = @(Get-ChildItem -LiteralPath $copies -Filter *.zip | Test-ExportArchive)
        @($checks.Path | Sort-Object) | Should -Be @($bracketed, $plain | Sort-Object)
        $checks.Passed | Should -Not -Contain $false
    }
}
