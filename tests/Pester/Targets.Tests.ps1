# Storage targets (SPEC §8, §11): exports to real servers the tests start on loopback — OpenSSH sshd for
# Sftp, Azurite for AzureBlob, s3rver for S3 — read back from the server without the module (the server's
# own disk, or Azurite's REST API) and checked with unzip and sha256 against the manifest; host-key
# pinning; clear errors for bad input; and a server that goes away in the middle of an upload, then the
# resume once it is back.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TargetServices.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    $script:catalog = New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog')
    $script:rec = Join-Path $TestDrive 'rec'
    # Incompressible media, 3 MB each: split at 7 MB a run makes three parts of two recordings, each part
    # more than one Azure block (sent in parallel).
    1..6 | ForEach-Object { New-TestRecording -Folder $rec -Name "call$_" -MediaBytes 3MB } | Out-Null
    Import-Conversation -Path $rec | Out-Null
    $script:mediaHashes = @(Get-ChildItem $rec -Filter '*.wav' | ForEach-Object { Get-Sha256 $_.FullName } | Sort-Object)

    $script:sftp = Start-SftpServer
    $script:azurite = Start-AzuriteServer
    $script:s3 = Start-S3Server
    $s3Credential = [pscredential]::new($s3.AccessKeyId, (ConvertTo-SecureString $s3.SecretAccessKey -AsPlainText -Force))

    New-StorageTarget -Name Sftp -Type Sftp -HostName $sftp.Host -Port $sftp.Port -UserName root -PrivateKeyPath $sftp.KeyPath `
        -HostKeyFingerprint $sftp.Fingerprint -RemoteFolder $sftp.Folder | Out-Null
    New-StorageTarget -Name Blob -Type AzureBlob -ConnectionString (ConvertTo-SecureString $azurite.ConnectionString -AsPlainText -Force) `
        -Container exports -Prefix site1 | Out-Null
    New-StorageTarget -Name S3 -Type S3 -Endpoint $s3.Endpoint -Bucket $s3.Bucket -Prefix site1 -Credential $s3Credential | Out-Null

    # The server behind each target, and the prefix the target writes under.
    function Get-TargetServer([string] $Target) {
        switch ($Target) {
            'Sftp' { @{ Service = $sftp; Prefix = '' } }
            'Blob' { @{ Service = $azurite; Prefix = 'site1' } }
            'S3' { @{ Service = $s3; Prefix = 'site1' } }
        }
    }

    # Every file the server holds for a target, temporaries included (read on the server, not through the module).
    function Get-ServerFiles([string] $Target) {
        $server = Get-TargetServer $Target
        Get-ServerFileName -Service $server.Service -Prefix $server.Prefix
    }

    # Copies a run's delivered archives (names starting with BaseName, temporaries left out) from the server
    # into a new local folder, checks each with unzip -t, unpacks them all into one tree; returns the folders.
    function Get-DeliveredRun([string] $Target, [string] $BaseName) {
        $server = Get-TargetServer $Target
        $folder = Join-Path $TestDrive "delivered-$Target-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $unpacked = New-Item -ItemType Directory -Path (Join-Path $folder 'unpacked') -Force
        $names = @(Get-ServerFileName -Service $server.Service -Prefix $server.Prefix | Where-Object { $_ -like "$BaseName*.zip" })
        foreach ($name in $names) {
            $local = Join-Path $folder $name
            Copy-ServerFile -Service $server.Service -Prefix $server.Prefix -Name $name -Destination $local
            $test = Invoke-NativeTool unzip @('-t', '-q', $local)
            $test.ExitCode | Should -Be 0 -Because "unzip -t accepts $name ($($test.Output))"
            $unpack = Invoke-NativeTool unzip @('-q', '-n', $local, '-d', $unpacked.FullName)
            $unpack.ExitCode | Should -Be 0 -Because "unzip unpacks $name ($($unpack.Output))"
        }
        [pscustomobject]@{ Archives = $names; Unpacked = $unpacked.FullName }
    }

    # Checks an unpacked run against its manifest with sha256sum, and that it holds every recording's media exactly once.
    function Assert-DeliveredExactlyOnce($Delivered) {
        $manifest = Get-Content -LiteralPath (Join-Path $Delivered.Unpacked 'manifest.json') -Raw | ConvertFrom-Json
        foreach ($file in $manifest.files) {
            $path = Join-Path $Delivered.Unpacked $file.path
            Test-Path -LiteralPath $path | Should -BeTrue -Because "$($file.path) is listed in the manifest"
            (Get-Item -LiteralPath $path).Length | Should -Be $file.size -Because "$($file.path) has the size the manifest says"
            ((& sha256sum $path) -split ' ')[0] | Should -Be $file.sha256.ToLowerInvariant() -Because "$($file.path) has the hash the manifest says"
        }
        $media = @(Get-ChildItem -LiteralPath $Delivered.Unpacked -Recurse -File -Filter '*.wav')
        # unzip -n never overwrites: a conversation delivered twice (under the same name) would show in the entry count.
        $entries = @($Delivered.Archives | ForEach-Object {
                Get-ZipEntryName (Join-Path (Split-Path $Delivered.Unpacked) $_) | Where-Object { $_ -like '*.wav' } })
        $entries.Count | Should -Be $mediaHashes.Count -Because 'each recording is delivered once, in one part'
        @($media | ForEach-Object { Get-Sha256 $_.FullName } | Sort-Object) | Should -Be $mediaHashes
        @($manifest.files | Where-Object { $_.path -like '*.wav' }) | Should -HaveCount $mediaHashes.Count
    }

    # A target's server killed where it stands (open connections die with it), then started again on the same port and data.
    function Restart-TargetServer([string] $Target, [switch] $StopOnly) {
        $service = (Get-TargetServer $Target).Service
        Stop-TestService $service -KeepData
        if ($StopOnly) { return }
        $started = switch ($Target) {
            'Sftp' { Start-SftpServer -Root $service.Root -Port $service.Port }
            'Blob' { Start-AzuriteServer -Root $service.Root -Port $service.Port }
            'S3' { Start-S3Server -Root $service.Root -Port $service.Port }
        }
        switch ($Target) {
            'Sftp' { $script:sftp = $started }
            'Blob' { $script:azurite = $started }
            'S3' { $script:s3 = $started }
        }
    }
}

AfterAll {
    Stop-TestService $sftp
    Stop-TestService $azurite
    Stop-TestService $s3
    Restore-IsolatedTestEnvironment
}

Describe 'Test-StorageTarget' {
    It 'writes and deletes a probe on <_> and reports the latency' -ForEach 'Sftp', 'Blob', 'S3' {
        $result = Test-StorageTarget -Name $_
        $result.Succeeded | Should -BeTrue -Because $result.Failure
        $result.Latency | Should -BeGreaterThan ([TimeSpan]::Zero)
        Get-ServerFiles $_ | Where-Object { $_ -like '*.ce-probe-*' } | Should -BeNullOrEmpty
    }
}

Describe 'Exports to <_>' -ForEach 'Sftp', 'Blob', 'S3' {
    BeforeAll {
        $script:target = $_
        New-ExportTask -Name "zip-$target" -StorageTarget $target -ArchiveMethod Aes256 -ZipPassword (ConvertTo-SecureString 'pw-123' -AsPlainText -Force) -MaxArchiveSize 7MB | Out-Null
        New-ExportTask -Name "plain-$target" -StorageTarget $target -ArchiveMethod Zip | Out-Null
        New-ExportTask -Name "loose-$target" -StorageTarget $target -ArchiveMethod None | Out-Null
        $script:zipRun = Invoke-ConversationExport -Task "zip-$target"
        $script:plainRun = Invoke-ConversationExport -Task "plain-$target"
        $script:looseRun = Invoke-ConversationExport -Task "loose-$target"
    }

    It 'delivers encrypted archive parts that verify against the manifest' {
        $zipRun.State | Should -Be 'Completed' -Because $zipRun.Message
        $zipRun.Outputs.Count | Should -Be 3
        $zipRun.Outputs | ForEach-Object { $_ | Should -Match '_part\d+\.zip$' }
        $verified = @(Test-ExportArchive -RunId $zipRun.RunId)
        $verified.Passed | Should -Be @($true)
        $verified[0].FilesChecked | Should -BeGreaterOrEqual 12
    }

    It 'delivers an archive that, read from the server by unzip and sha256sum, matches the manifest' {
        $plainRun.State | Should -Be 'Completed' -Because $plainRun.Message
        $baseName = [IO.Path]::GetFileNameWithoutExtension(@($plainRun.Outputs)[0])
        $delivered = Get-DeliveredRun $target $baseName
        $delivered.Archives | Should -Be @("$baseName.zip")
        Assert-DeliveredExactlyOnce $delivered
    }

    It 'delivers loose files (ArchiveMethod None) the same way, verified against the manifest' {
        $looseRun.State | Should -Be 'Completed' -Because $looseRun.Message
        $verified = @(Test-ExportArchive -RunId $looseRun.RunId)
        $verified.Passed | Should -Be @($true)
        $verified[0].FilesChecked | Should -BeGreaterOrEqual 12
    }

    It 'leaves no temporary name behind on the server' {
        Get-ServerFiles $target | Where-Object { $_ -like '*.partial' -or $_ -like '*.ce-probe-*' } | Should -BeNullOrEmpty
    }
}

# The server is killed at a known point: the upload gate (CONVERSATIONEXPORT_TEST_UPLOAD_GATE, a seam of the
# engine) holds the upload of the second part once its first bytes are out, the test kills the server with
# its open connections, and lets the upload go on. The run is in a process of its own, as a scheduled run is.
Describe 'A <_> server that goes away in the middle of an upload' -ForEach 'Sftp', 'Blob', 'S3' {
    BeforeAll {
        $script:target = $_
        New-ExportTask -Name "fault-$target" -StorageTarget $target -ArchiveMethod Zip -MaxArchiveSize 7MB | Out-Null
        $gate = Join-Path $TestDrive "upload-gate-$target"
        Set-Content -LiteralPath $gate -Value '_part2.zip' -NoNewline
        $env:CONVERSATIONEXPORT_TEST_UPLOAD_GATE = $gate
        try {
            $child = Start-ExportProcess -Script "Invoke-ConversationExport -Task 'fault-$target'" -LogPath (Join-Path $TestDrive "fault-$target.log")
        }
        finally {
            Remove-Item Env:CONVERSATIONEXPORT_TEST_UPLOAD_GATE
        }
        try {
            $null = Wait-Until { Test-Path -LiteralPath "$gate.reached" } -Because "the upload of part 2 to $target reached the gate" -TimeoutSeconds 120
            # Azurite saves its tables every 5 s: what it acknowledged before the kill must be on its disk.
            if ($target -eq 'Blob') { Wait-AzuriteSaved -Service $azurite -NamePattern 'fault-Blob_\d{8}_\d{6}_part1\.zip' }
            Restart-TargetServer $target -StopOnly
            [IO.File]::WriteAllBytes("$gate.release", [byte[]]@())
            $script:ended = $child.WaitForExit(120000)
            $script:exitCode = $ended ? $child.ExitCode : $null
        }
        finally {
            Stop-TestProcess $child
            # Back on the same port and data, whatever happened above: the later tests need it.
            Restart-TargetServer $target
        }
        $script:failed = Get-ExportStatus -Task "fault-$target" -Last 1
    }

    It 'retries, then ends the run Failed, naming the target and the cause' {
        $ended | Should -BeTrue -Because 'the run gives up once its retries are spent'
        $exitCode | Should -Not -Be 0
        $failed.State | Should -Be 'Failed'
        $failed.Message | Should -BeLike "Delivering '*_part2.zip' on the storage target '$target' (*) failed after 3 attempt(s): *refused*"
        $failed.Message | Should -BeLike '*Invoke-ConversationExport -Resume*'
    }

    It 'counts the part delivered before the fault, and nothing of the part it was sending' {
        $failed.Exported | Should -Be 2
        $names = @(Get-ServerFiles $target | Where-Object { $_ -like 'fault-*' })
        @($names | Where-Object { $_ -notlike '*.partial' }) | Should -HaveCount 1
        @($names | Where-Object { $_ -notlike '*.partial' }) | Should -BeLike '*_part1.zip'
    }

    It 'is resumed once the server is back, delivering every conversation exactly once' {
        $resumed = Invoke-ConversationExport -Resume -RunId $failed.RunId
        $resumed.State | Should -Be 'Completed' -Because $resumed.Message
        $resumed.Exported | Should -Be 6
        $baseName = (Get-ServerFiles $target | Where-Object { $_ -like 'fault-*_part1.zip' }) -replace '_part1\.zip$'
        $delivered = Get-DeliveredRun $target $baseName
        $delivered.Archives.Count | Should -Be 3
        Assert-DeliveredExactlyOnce $delivered
        Get-ServerFiles $target | Where-Object { $_ -like 'fault-*.partial' } | Should -BeNullOrEmpty
    }
}

Describe 'Sftp host keys' {
    It 'refuses a target whose host key is neither pinned nor accepted' {
        { New-StorageTarget -Name Unpinned -Type Sftp -HostName $sftp.Host -Port $sftp.Port -UserName root -PrivateKeyPath $sftp.KeyPath -ErrorAction Stop } |
            Should -Throw -ErrorId 'SftpHostKeyUnknown,*'
        Get-StorageTarget | Where-Object Name -EQ 'Unpinned' | Should -BeNullOrEmpty
    }

    It 'pins the offered key with -AcceptHostKey' {
        $target = New-StorageTarget -Name Accepted -Type Sftp -HostName $sftp.Host -Port $sftp.Port -UserName root -PrivateKeyPath $sftp.KeyPath -AcceptHostKey -RemoteFolder $sftp.Folder
        $target.HostKeyFingerprint | Should -Be $sftp.Fingerprint
        (Test-StorageTarget -Name Accepted).Succeeded | Should -BeTrue
    }

    It 'refuses a server whose key changed, before sending a credential' {
        $other = Join-Path $TestDrive 'other_host_key'
        & ssh-keygen -q -t ed25519 -N '' -f $other | Out-Null
        $changed = Start-SftpServer -HostKey $other
        try {
            New-StorageTarget -Name Changed -Type Sftp -HostName $changed.Host -Port $changed.Port -UserName root -PrivateKeyPath $changed.KeyPath `
                -HostKeyFingerprint $sftp.Fingerprint -RemoteFolder $changed.Folder | Out-Null
            $result = Test-StorageTarget -Name Changed
            $result.Succeeded | Should -BeFalse
            $result.ErrorId | Should -Be 'SftpHostKeyMismatch'
            $result.Failure | Should -BeLike "*$(((& ssh-keygen -lf "$other.pub") -split ' ')[1])*"
            New-ExportTask -Name 'changed' -StorageTarget Changed | Out-Null
            { Invoke-ConversationExport -Task 'changed' -ErrorAction Stop } | Should -Throw -ErrorId 'SftpHostKeyMismatch,*'
            # sshd's own log: no authentication was ever attempted, and nothing was written.
            Get-Content -LiteralPath (Join-Path $changed.Root 'sshd.err') -Raw | Should -Not -Match 'publickey|Accepted|Failed'
            Get-ChildItem -LiteralPath $changed.Folder -Recurse -File | Should -BeNullOrEmpty
        }
        finally {
            Stop-TestService $changed
        }
    }
}

Describe 'Bad input' {
    It 'refuses an unknown target type, listing the accepted ones' {
        { New-StorageTarget -Name Odd -Type Ftp -HostName example.net -ErrorAction Stop } |
            Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,*' -ExpectedMessage '*Ftp*FileSystem*Sftp*AzureBlob*S3*'
    }

    It 'refuses a <Type> target without <Missing>' -ForEach @(
        @{ Type = 'FileSystem'; Missing = '-Path'; Parameters = @{} }
        @{ Type = 'Sftp'; Missing = '-Host'; Parameters = @{ UserName = 'root'; HostKeyFingerprint = 'SHA256:' + ('A' * 43) } }
        @{ Type = 'Sftp'; Missing = '-Credential'; Parameters = @{ HostName = '127.0.0.1'; UserName = 'root'; HostKeyFingerprint = 'SHA256:' + ('A' * 43) } }
        @{ Type = 'AzureBlob'; Missing = '-Container'; Parameters = @{ ConnectionString = (ConvertTo-SecureString 'UseDevelopmentStorage=true' -AsPlainText -Force) } }
        @{ Type = 'AzureBlob'; Missing = '-ConnectionString'; Parameters = @{ Container = 'exports' } }
        @{ Type = 'S3'; Missing = '-Bucket'; Parameters = @{ Credential = [pscredential]::new('k', (ConvertTo-SecureString 's' -AsPlainText -Force)) } }
        @{ Type = 'S3'; Missing = '-Credential'; Parameters = @{ Bucket = 'exports' } }
    ) {
        $name = "missing-$Type-$($Missing.TrimStart('-'))"
        { New-StorageTarget -Name $name -Type $Type @Parameters -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExportSettingInvalid,*' -ExpectedMessage "*'$name'*$Missing*"
        Get-StorageTarget | Where-Object Name -EQ $name | Should -BeNullOrEmpty
    }

    It 'reports an unreachable <_> server by the target''s name and the cause, in a test and in a run' -ForEach 'Sftp', 'AzureBlob', 'S3' {
        $port = Get-FreeTcpPort  # nothing listens there
        $name = "nowhere-$_"
        switch ($_) {
            'Sftp' { New-StorageTarget -Name $name -Type Sftp -HostName 127.0.0.1 -Port $port -UserName root -PrivateKeyPath $sftp.KeyPath -HostKeyFingerprint $sftp.Fingerprint | Out-Null }
            'AzureBlob' { New-StorageTarget -Name $name -Type AzureBlob -Container exports -ConnectionString (ConvertTo-SecureString ($azurite.ConnectionString -replace ":$($azurite.Port)/", ":$port/") -AsPlainText -Force) | Out-Null }
            'S3' { New-StorageTarget -Name $name -Type S3 -Endpoint "http://127.0.0.1:$port" -Bucket exports -Credential ([pscredential]::new('k', (ConvertTo-SecureString 's' -AsPlainText -Force))) | Out-Null }
        }
        $result = Test-StorageTarget -Name $name
        $result.Succeeded | Should -BeFalse
        $result.ErrorId | Should -Be 'StorageTargetUnavailable'
        $result.Failure | Should -BeLike "*storage target '$name'*"
        $result.Failure | Should -Match 'refused'
        New-ExportTask -Name "to-$name" -StorageTarget $name | Out-Null
        { Invoke-ConversationExport -Task "to-$name" -ErrorAction Stop } |
            Should -Throw -ErrorId 'StorageTargetUnavailable,*' -ExpectedMessage "*storage target '$name'*refused*"
    }

    It 'reports credentials that <_> refuses, without retrying them' -ForEach 'Sftp', 'AzureBlob', 'S3' {
        $name = "badcredential-$_"
        switch ($_) {
            'Sftp' {
                $stranger = Join-Path $TestDrive 'stranger_ed25519'
                if (-not (Test-Path $stranger)) { & ssh-keygen -q -t ed25519 -N '' -f $stranger | Out-Null }
                New-StorageTarget -Name $name -Type Sftp -HostName $sftp.Host -Port $sftp.Port -UserName root -PrivateKeyPath $stranger -HostKeyFingerprint $sftp.Fingerprint -RemoteFolder $sftp.Folder | Out-Null
            }
            'AzureBlob' {
                $wrongKey = [Convert]::ToBase64String([byte[]]::new(64))
                New-StorageTarget -Name $name -Type AzureBlob -Container exports -ConnectionString (ConvertTo-SecureString ($azurite.ConnectionString -replace 'AccountKey=[^;]+', "AccountKey=$wrongKey") -AsPlainText -Force) | Out-Null
            }
            # s3rver checks the access key id, not SigV4 signatures: an unknown key id is what it refuses.
            'S3' { New-StorageTarget -Name $name -Type S3 -Endpoint $s3.Endpoint -Bucket $s3.Bucket -Credential ([pscredential]::new('NOT-A-KEY', (ConvertTo-SecureString $s3.SecretAccessKey -AsPlainText -Force))) | Out-Null }
        }
        $result = Test-StorageTarget -Name $name
        $result.Succeeded | Should -BeFalse
        $result.ErrorId | Should -Be 'StorageTargetAccessDenied'
        $result.Failure | Should -BeLike "*storage target '$name'*credentials*"
        New-ExportTask -Name "to-$name" -StorageTarget $name | Out-Null
        $thrown = { Invoke-ConversationExport -Task "to-$name" -ErrorAction Stop } |
            Should -Throw -ErrorId 'StorageTargetAccessDenied,*' -ExpectedMessage "*storage target '$name'*credentials*" -PassThru
        # Refused credentials are not a transient fault: one attempt, no "after n attempt(s)".
        $thrown.Exception.Message | Should -Not -Match 'attempt'
    }
}
