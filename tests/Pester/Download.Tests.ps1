# Download-type exports (SPEC §10, seed §4.1 "Export and Download as ZIP File", seed §8): runs kept in the
# export server's download area and delivered with Save-ExportArchive — archived runs copied part by part,
# loose-file runs zipped at download time with the method and password chosen then — checked with unzip
# and 7-Zip against the manifest; direct download disabled; downloads that expire; bad input.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    $script:catalog = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog')
    $script:rec = Join-Path $TestDrive 'rec'
    # Incompressible media, 400 kB each: a run with -MaxArchiveSize 1MB needs several parts.
    $script:ids = Write-TestRecordings -Folder $rec -Count 6 -MediaBytes 400000 -Incompressible
    Import-Conversation -Path $rec | Out-Null

    New-ExportTask -Name 'parts' -TargetType Download -ArchiveMethod Zip -MaxArchiveSize 1MB | Out-Null
    New-ExportTask -Name 'loose' -TargetType Download -ArchiveMethod None | Out-Null
    New-TestTask -Name 'to-target' | Out-Null
    $script:partsRun = Invoke-ConversationExport -Task 'parts'
    $script:looseRun = Invoke-ConversationExport -Task 'loose'
    $script:downloads = $env:CONVERSATIONEXPORT_DOWNLOADS

    # Runs SQL on the test's SQLite catalog with sqlite3 (an independent client).
    function Invoke-CatalogSql([string] $Sql) {
        $rows = & sqlite3 $catalog.Path $Sql
        if ($LASTEXITCODE -ne 0) { throw "sqlite3 failed (exit $LASTEXITCODE) running: $Sql" }
        $rows
    }

    # The manifest.json of an extracted export, as path -> file entry.
    function Read-ExtractedManifest([string] $Folder) {
        $manifest = Get-Content -Raw (Join-Path $Folder 'manifest.json') | ConvertFrom-Json
        $files = @{}
        foreach ($file in $manifest.files) { $files[$file.path] = $file }
        $files
    }

    # Every file the manifest lists is in the folder with its size and SHA-256, and nothing else is (but the manifest).
    function Assert-MatchesManifest([string] $Folder) {
        $expected = Read-ExtractedManifest $Folder
        $found = Get-FolderHashes $Folder
        $found.Remove('manifest.json')
        @($found.Keys | Sort-Object) | Should -Be @($expected.Keys | Sort-Object)
        foreach ($path in $expected.Keys) {
            $found[$path] | Should -Be $expected[$path].sha256.ToUpperInvariant() -Because "$path must match the manifest"
            (Get-Item -LiteralPath (Join-Path $Folder $path)).Length | Should -Be $expected[$path].size
        }
        # What the manifest lists: the six conversations' media (their sidecars beside them) and the CDR.
        @($expected.Keys -like '*.wav') | Should -HaveCount 6
        $expected.Keys | Should -Contain 'cdr.csv'
        $expected.Count
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Save-ExportArchive of a run archived when it ran' {
    It 'keeps the run in the download area until it is downloaded' {
        $partsRun.State | Should -Be 'Completed' -Because $partsRun.Message
        $partsRun.Outputs.Count | Should -BeGreaterThan 1 -Because 'the run was split into 1 MB parts'
        foreach ($output in $partsRun.Outputs) { Split-Path $output | Should -Be $downloads }
        $status = Get-ExportStatus -RunId $partsRun.RunId
        $status.DownloadState | Should -Be 'Available'
        $status.DownloadExpiresUtc | Should -Be $status.EndedUtc.AddDays(30)
    }

    It 'delivers every part into a new nested folder, each the same bytes as the run made, readable by unzip and 7-Zip' {
        $destination = Join-Path $TestDrive 'handover/nested/parts'
        $saved = @($partsRun | Save-ExportArchive -Destination $destination -PassThru)
        $saved | Should -HaveCount $partsRun.Outputs.Count
        foreach ($i in 0..($saved.Count - 1)) {
            $saved[$i].Path | Should -Be (Join-Path $destination (Split-Path -Leaf $partsRun.Outputs[$i]))
            $saved[$i].Sha256 | Should -Be (Get-Sha256 $saved[$i].Path).ToLowerInvariant()
            Get-Sha256 $saved[$i].Path | Should -Be (Get-Sha256 $partsRun.Outputs[$i])
            $saved[$i].Size | Should -Be (Get-Item $saved[$i].Path).Length
            $saved[$i].Verified | Should -BeTrue
            $saved[$i].ArchivedAtDownload | Should -BeFalse
            (Invoke-NativeTool 7z @('t', $saved[$i].Path)).ExitCode | Should -Be 0
        }
        @(Get-ChildItem $destination -Force | Where-Object Name -Like '*.partial') | Should -HaveCount 0
        $extracted = Join-Path $TestDrive 'extracted-parts'
        foreach ($part in $saved) {
            $unzip = Invoke-NativeTool unzip @('-q', '-o', $part.Path, '-d', $extracted)
            $unzip.ExitCode | Should -Be 0 -Because $unzip.Output
        }
        $count = Assert-MatchesManifest $extracted
        $saved[0].FilesVerified | Should -Be $count
    }

    It 'writes one audit row per download: who, which run, where' -Skip:($env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
        $rows = @(Invoke-CatalogSql "SELECT principal || '|' || target || '|' || detail FROM audit_log WHERE action = 'SaveExportArchive' AND target = '$($partsRun.RunId)'")
        $rows | Should -HaveCount 1
        $who, $run, $detail = $rows[0] -split '\|', 3
        $who | Should -Not -BeNullOrEmpty
        $run | Should -Be "$($partsRun.RunId)"
        $detail | Should -BeLike "*$(Join-Path $TestDrive 'handover/nested/parts')*"
    }

    It 'refuses to replace files already in the destination unless -Force is given' {
        $destination = Join-Path $TestDrive 'handover/nested/parts'
        $before = Get-Sha256 (Join-Path $destination (Split-Path -Leaf $partsRun.Outputs[0]))
        Save-ExportArchive -RunId $partsRun.RunId -Destination $destination -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'DownloadFileExists,ConversationExport.Commands.Export.SaveExportArchiveCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Sha256 (Join-Path $destination (Split-Path -Leaf $partsRun.Outputs[0])) | Should -Be $before
        @(Get-ChildItem $destination -Force | Where-Object Name -Like '*.partial') | Should -HaveCount 0
        $saved = @(Save-ExportArchive -RunId $partsRun.RunId -Destination $destination -Force -PassThru)
        $saved | Should -HaveCount $partsRun.Outputs.Count
    }

    It 'refuses another archive method or a password: the archive is delivered as the run made it' {
        $destination = Join-Path $TestDrive 'conflict'
        $password = ConvertTo-SecureString 'pw' -AsPlainText -Force
        { Save-ExportArchive -RunId $partsRun.RunId -Destination $destination -ArchiveMethod Aes256 -ZipPassword $password -ErrorAction Stop } |
            Should -Throw -ErrorId 'ArchiveMethodConflict,ConversationExport.Commands.Export.SaveExportArchiveCommand'
        { Save-ExportArchive -RunId $partsRun.RunId -Destination $destination -ZipPassword $password -ErrorAction Stop } |
            Should -Throw -ErrorId 'ArchiveMethodConflict,ConversationExport.Commands.Export.SaveExportArchiveCommand'
        @(Get-ChildItem $destination -Force -ErrorAction Ignore | Where-Object Name -Like '*.zip') | Should -HaveCount 0
        # Its own method is accepted.
        @(Save-ExportArchive -RunId $partsRun.RunId -Destination $destination -ArchiveMethod Zip -PassThru) | Should -HaveCount $partsRun.Outputs.Count
    }

    It 'refuses a wrong password for a run that was encrypted when it ran, and accepts its own' {
        New-ExportTask -Name 'sealed' -TargetType Download -ArchiveMethod Aes256 -ZipPassword (ConvertTo-SecureString 'sealed-pw' -AsPlainText -Force) | Out-Null
        $run = Invoke-ConversationExport -Task 'sealed'
        $destination = Join-Path $TestDrive 'sealed'
        { Save-ExportArchive -RunId $run.RunId -Destination $destination -ZipPassword (ConvertTo-SecureString 'guess' -AsPlainText -Force) -ErrorAction Stop } |
            Should -Throw -ErrorId 'ArchiveMethodConflict,*'
        $saved = @(Save-ExportArchive -RunId $run.RunId -Destination $destination -ZipPassword (ConvertTo-SecureString 'sealed-pw' -AsPlainText -Force) -PassThru)
        $saved | Should -HaveCount 1
        $saved[0].ArchiveMethod | Should -Be 'Aes256'
        (Invoke-NativeTool 7z @('t', '-psealed-pw', $saved[0].Path)).ExitCode | Should -Be 0
    }
}

Describe 'Save-ExportArchive of a run that kept loose files (ArchiveMethod None)' {
    It 'makes an AES-256 ZIP with the password chosen at download time, the manifest and CDR inside' {
        $looseRun.State | Should -Be 'Completed' -Because $looseRun.Message
        $looseFolder = $looseRun.Outputs[0]
        Test-Path -LiteralPath $looseFolder -PathType Container | Should -BeTrue
        $destination = Join-Path $TestDrive 'aes'
        $saved = @(Save-ExportArchive -RunId $looseRun.RunId -Destination $destination -ArchiveMethod Aes256 -ZipPassword (ConvertTo-SecureString 'chosen-later' -AsPlainText -Force) -PassThru)
        $saved | Should -HaveCount 1
        $saved[0].Path | Should -Be (Join-Path $destination ((Split-Path -Leaf $looseFolder) + '.zip'))
        $saved[0].ArchiveMethod | Should -Be 'Aes256'
        $saved[0].ArchivedAtDownload | Should -BeTrue
        $saved[0].Verified | Should -BeTrue
        $saved[0].Sha256 | Should -Be (Get-Sha256 $saved[0].Path).ToLowerInvariant()
        @(Get-ChildItem $destination -Force) | Should -HaveCount 1 -Because 'nothing temporary is left beside the ZIP'

        $listing = Invoke-NativeTool 7z @('l', '-slt', '-pchosen-later', $saved[0].Path)
        $listing.Output | Should -Match 'Method = AES-256'
        (Invoke-NativeTool 7z @('t', '-pwrong', $saved[0].Path)).ExitCode | Should -Not -Be 0
        $extracted = Join-Path $TestDrive 'extracted-aes'
        $x = Invoke-NativeTool 7z @('x', '-pchosen-later', "-o$extracted", $saved[0].Path)
        $x.ExitCode | Should -Be 0 -Because $x.Output
        # The same files as the run left, byte for byte, manifest and CDR included.
        $inZip = Get-FolderHashes $extracted
        $left = Get-FolderHashes $looseFolder
        @($inZip.Keys | Sort-Object) | Should -Be @($left.Keys | Sort-Object)
        foreach ($key in $left.Keys) { $inZip[$key] | Should -Be $left[$key] }
        $inZip.Keys | Should -Contain 'cdr.csv'
        Assert-MatchesManifest $extracted | Should -Be $saved[0].FilesVerified
    }

    It 'makes a plain Zip by default, and copies the folder as it is with -ArchiveMethod None' {
        $zip = @(Save-ExportArchive -RunId $looseRun.RunId -Destination (Join-Path $TestDrive 'plain') -PassThru)
        $zip[0].ArchiveMethod | Should -Be 'Zip'
        $extracted = Join-Path $TestDrive 'extracted-plain'
        (Invoke-NativeTool unzip @('-q', $zip[0].Path, '-d', $extracted)).ExitCode | Should -Be 0
        Assert-MatchesManifest $extracted | Should -Be $zip[0].FilesVerified

        $folder = @(Save-ExportArchive -RunId $looseRun.RunId -Destination (Join-Path $TestDrive 'copied') -ArchiveMethod None -PassThru)
        $folder | Should -HaveCount 1
        $folder[0].Sha256 | Should -BeNullOrEmpty
        Test-Path -LiteralPath $folder[0].Path -PathType Container | Should -BeTrue
        Assert-MatchesManifest $folder[0].Path | Should -Be $folder[0].FilesVerified
    }

    It 'needs a password for an encrypting method, and refuses one for Zip' {
        { Save-ExportArchive -RunId $looseRun.RunId -Destination (Join-Path $TestDrive 'nopw') -ArchiveMethod ZipCrypto -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,ConversationExport.Commands.Export.SaveExportArchiveCommand'
        { Save-ExportArchive -RunId $looseRun.RunId -Destination (Join-Path $TestDrive 'nopw') -ZipPassword (ConvertTo-SecureString 'x' -AsPlainText -Force) -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,*'
        @(Get-ChildItem (Join-Path $TestDrive 'nopw') -Force -ErrorAction Ignore) | Should -HaveCount 0
    }

    It 'refuses to deliver files changed in the download area since the run, leaving nothing behind' {
        $run = Invoke-ConversationExport -Task 'loose'
        $media = Get-ChildItem $run.Outputs[0] -Recurse -Filter *.wav | Select-Object -First 1
        $bytes = [IO.File]::ReadAllBytes($media.FullName)
        $bytes[100] = $bytes[100] -bxor 0xFF
        [IO.File]::WriteAllBytes($media.FullName, $bytes)
        $destination = Join-Path $TestDrive 'tampered'
        Save-ExportArchive -RunId $run.RunId -Destination $destination -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'DownloadVerifyFailed,ConversationExport.Commands.Export.SaveExportArchiveCommand'
        $problems[0].Exception.Message | Should -BeLike "*$($media.Name)*"
        @(Get-ChildItem $destination -Force) | Should -HaveCount 0
    }
}

Describe 'Set-ExportSetting -DisableDirectDownload' {
    BeforeAll {
        Set-ExportSetting -DisableDirectDownload $true
    }

    AfterAll {
        Set-ExportSetting -DisableDirectDownload $false
    }

    It 'is shown by Get-ExportSetting' {
        (Get-ExportSetting).DisableDirectDownload | Should -BeTrue
    }

    It 'refuses a run of a Download task with DirectDownloadDisabled (PermissionDenied), creating no run' {
        $before = @(Get-ExportStatus).Count
        $thrown = { Invoke-ConversationExport -Task 'parts' -ErrorAction Stop } |
            Should -Throw -ErrorId 'DirectDownloadDisabled,ConversationExport.Commands.Export.InvokeConversationExportCommand' -PassThru
        $thrown.Exception.Message | Should -BeLike '*Set-ExportSetting -DisableDirectDownload*'
        $thrown.CategoryInfo.Category | Should -Be 'PermissionDenied'
        @(Get-ExportStatus).Count | Should -Be $before
    }

    It 'refuses to enable a Download task (which would start a run), leaving it disabled' {
        Enable-ExportTask -Name 'loose' -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'DirectDownloadDisabled,ConversationExport.Commands.Export.EnableExportTaskCommand'
        (Get-ExportTask -Name 'loose').Enabled | Should -BeFalse
    }

    It 'refuses Save-ExportArchive with DirectDownloadDisabled, delivering nothing' {
        $destination = Join-Path $TestDrive 'disabled'
        { Save-ExportArchive -RunId $partsRun.RunId -Destination $destination -ErrorAction Stop } |
            Should -Throw -ErrorId 'DirectDownloadDisabled,ConversationExport.Commands.Export.SaveExportArchiveCommand'
        Test-Path $destination | Should -BeFalse
    }

    It 'leaves storage-target tasks alone' {
        (Invoke-ConversationExport -Task 'to-target').State | Should -Be 'Completed'
    }

    It 'allows both again once set back to $false' {
        Set-ExportSetting -DisableDirectDownload $false
        try {
            @(Save-ExportArchive -RunId $partsRun.RunId -Destination (Join-Path $TestDrive 'allowed') -PassThru) | Should -HaveCount $partsRun.Outputs.Count
        }
        finally { Set-ExportSetting -DisableDirectDownload $true }
    }
}

Describe 'Download retention' -Skip:($env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
    BeforeAll {
        $script:old = Invoke-ConversationExport -Task 'parts'
        $script:recent = Invoke-ConversationExport -Task 'parts'
        # The old run ended six days ago: older than a 5-day retention (the catalog keeps times as Unix milliseconds).
        $script:oldEnd = [DateTime]::UtcNow.AddDays(-6)
        $ms = [DateTimeOffset]::new($oldEnd).ToUnixTimeMilliseconds()
        Invoke-CatalogSql "UPDATE export_run SET ended_utc = $ms WHERE id = $($old.RunId)" | Out-Null
    }

    AfterAll {
        Set-ExportSetting -DownloadRetentionDays 30
    }

    It 'refuses a retention outside 1 to 3650 days' {
        { Set-ExportSetting -DownloadRetentionDays 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { Set-ExportSetting -DownloadRetentionDays 3651 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        (Get-ExportSetting).DownloadRetentionDays | Should -Be 30
    }

    It 'keeps a run older than the retention while the retention is longer' {
        (Get-ExportStatus -RunId $old.RunId).DownloadState | Should -Be 'Available'
        foreach ($output in $old.Outputs) { Test-Path -LiteralPath $output | Should -BeTrue }
    }

    It 'shows the run as Expired once the retention is shorter, with the date it expired' {
        (Set-ExportSetting -DownloadRetentionDays 5 -PassThru).DownloadRetentionDays | Should -Be 5
        $status = Get-ExportStatus -RunId $old.RunId
        $status.DownloadState | Should -Be 'Expired'
        $status.DownloadExpiresUtc | Should -BeGreaterThan $oldEnd.AddDays(5).AddSeconds(-1)
        $status.DownloadExpiresUtc | Should -BeLessThan $oldEnd.AddDays(5).AddSeconds(1)
        (Get-ExportStatus -RunId $recent.RunId).DownloadState | Should -Be 'Available'
    }

    It 'refuses Save-ExportArchive of the expired run with DownloadExpired, naming the date, and deletes its files' {
        $thrown = { Save-ExportArchive -RunId $old.RunId -Destination (Join-Path $TestDrive 'expired') -ErrorAction Stop } |
            Should -Throw -ErrorId 'DownloadExpired,ConversationExport.Commands.Export.SaveExportArchiveCommand' -PassThru
        $thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $thrown.Exception.Message | Should -BeLike "*expired on $($oldEnd.AddDays(5).ToString('yyyy-MM-dd'))*"
        foreach ($output in $old.Outputs) { Test-Path -LiteralPath $output | Should -BeFalse -Because 'the sweep deleted the expired run' }
        foreach ($output in $recent.Outputs) { Test-Path -LiteralPath $output | Should -BeTrue -Because 'a run within its retention stays' }
        @(Save-ExportArchive -RunId $recent.RunId -Destination (Join-Path $TestDrive 'recent') -PassThru) | Should -HaveCount $recent.Outputs.Count
    }

    It 'sweeps at the start of an export run too' {
        $another = Invoke-ConversationExport -Task 'loose'
        $ms = [DateTimeOffset]::new([DateTime]::UtcNow.AddDays(-10)).ToUnixTimeMilliseconds()
        Invoke-CatalogSql "UPDATE export_run SET ended_utc = $ms WHERE id = $($another.RunId)" | Out-Null
        Test-Path -LiteralPath $another.Outputs[0] | Should -BeTrue
        Invoke-ConversationExport -Task 'to-target' | Out-Null
        Test-Path -LiteralPath $another.Outputs[0] | Should -BeFalse
    }
}

Describe 'Save-ExportArchive with bad input' {
    It 'reports an unknown RunId as ObjectNotFound without stopping the other runs piped in' {
        $destination = Join-Path $TestDrive 'mixed'
        $saved = @([pscustomobject]@{ RunId = 999999 }, $partsRun) | Save-ExportArchive -Destination $destination -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'RunNotFound,ConversationExport.Commands.Export.SaveExportArchiveCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        @($saved) | Should -HaveCount $partsRun.Outputs.Count
    }

    It 'refuses a run that exported to a storage target' {
        $run = Get-ExportStatus -Task 'to-target' -Last 1
        Save-ExportArchive -RunId $run.RunId -Destination (Join-Path $TestDrive 'not-download') -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'RunNotDownloadable,ConversationExport.Commands.Export.SaveExportArchiveCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $run.DownloadState | Should -BeNullOrEmpty
    }

    It 'refuses a run that is still running' -Skip:$IsWindows {
        $gate = Join-Path $rec 'rec000004.wav'
        Lock-Gate $gate
        $holder = Start-GateHolder -Path $gate
        try {
            $job = Invoke-ConversationExport -Task 'parts' -AsJob -ThrottleLimit 1
            Wait-GateReached $holder
            $running = Get-ExportStatus -Task 'parts' -Last 1
            $running.State | Should -Be 'Running'
            $running.DownloadState | Should -Be 'Pending'
            Save-ExportArchive -RunId $running.RunId -Destination (Join-Path $TestDrive 'running') -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -Be 'RunNotFinished,ConversationExport.Commands.Export.SaveExportArchiveCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            @(Get-ChildItem (Join-Path $TestDrive 'running') -Force -ErrorAction Ignore) | Should -HaveCount 0
        }
        finally {
            Unlock-Gate $gate
            Open-Gate $holder
            Stop-TestProcess $holder.Process
            if ($job) { $job | Wait-Job -Timeout 120 | Out-Null; $job | Remove-Job -Force }
        }
    }

    It 'refuses a destination that is a file, as a terminating error' {
        $file = Join-Path $TestDrive 'a-file.txt'
        Set-Content -Path $file -Value 'x'
        { Save-ExportArchive -RunId $partsRun.RunId -Destination $file } |
            Should -Throw -ErrorId 'DestinationNotWritable,ConversationExport.Commands.Export.SaveExportArchiveCommand'
        Get-Content $file | Should -Be 'x'
    }
}
