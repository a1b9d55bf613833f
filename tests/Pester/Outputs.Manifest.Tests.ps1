# The manifest (seed §4.6, SPEC §5): manifest.json lists the task, run, query (text and structured),
# who, where, when, counts, every exception and every delivered file with its size and SHA-256.
# Exports are unpacked by 7-Zip and hashed by sha256sum, never by our code, and the manifest is
# read by Python's json module.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'OutputsSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null

    # 40 demo conversations (WAV, MP4, IM transcripts, CDR-only records, archived ones), two written
    # by hand and one whose media is deleted after the import: every run has exactly one failure.
    New-DemoRecording -Path (Join-Path $TestDrive 'demo') -Count 40 -MaxSeconds 2 | Out-Null
    (Import-Conversation -Path (Join-Path $TestDrive 'demo')).Imported | Should -Be 40
    $script:rec = Join-Path $TestDrive 'rec'
    $script:handA = New-TestRecording -Folder $rec -Name 'hand-a' -MediaBytes 20000 -Start '2026-11-25T09:00:00.000Z' -End '2026-11-25T09:05:00.000Z'
    $script:handB = New-TestRecording -Folder $rec -Name 'hand-b' -MediaBytes 30000 -Start '2026-11-26T09:00:00.000Z' -End '2026-11-26T09:05:00.000Z'
    $script:doomed = New-TestRecording -Folder $rec -Name 'doomed' -Start '2026-11-27T09:00:00.000Z' -End '2026-11-27T09:05:00.000Z'
    (Import-Conversation -Path $rec).Imported | Should -Be 3
    Remove-Item -LiteralPath (Join-Path $rec 'doomed.wav')

    $script:all = @(Get-Conversation)
    $all | Should -HaveCount 43
    $script:password = 'c0rrect horse;battery$staple'
    $script:securePassword = ConvertTo-SecureString $password -AsPlainText -Force
    # Two criteria that every conversation meets, so the structured form has something to show.
    $script:query = New-ConversationQuery -StartTimeFrom '2026-10-01' -Direction Inbound, Outbound, Internal, Unknown

    # A task over every conversation, with every sidecar and both CDR files; returns its run.
    function Invoke-ManifestTask {
        param([Parameter(Mandatory)] [string] $Name, [hashtable] $Settings = @{})
        $destination = New-OutputsFolder (Join-Path $TestDrive "out-$Name")
        New-StorageTarget -Name $Name -Path $destination | Out-Null
        $parameters = @{ SourceDataset = 'Both'; Query = $query; MetadataFormat = 'Xml', 'Csv', 'Json'; CdrFormat = 'Csv', 'Pdf'; WarningAction = 'SilentlyContinue' }
        foreach ($key in $Settings.Keys) { $parameters[$key] = $Settings[$key] }
        New-ExportTask -Name $Name -StorageTarget $Name @parameters | Out-Null
        Invoke-ConversationExport -Task $Name -WarningAction SilentlyContinue
    }

    # An export's files as 7-Zip unpacks them (a loose-files export is read where it is).
    function Expand-Export {
        param([Parameter(Mandatory)] $Run, [string] $Password)
        if ($Run.ArchiveMethod -eq 'None') { return $Run.Outputs[0] }
        $folder = Join-Path $TestDrive ("x-{0}" -f [guid]::NewGuid())
        foreach ($part in $Run.Outputs) { Expand-WithSevenZip -Path $part -Destination $folder -Password $Password | Out-Null }
        $folder
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Manifest of a <Method> export, against what 7-Zip and sha256sum find' -ForEach @(
    @{ Method = 'None' }
    @{ Method = 'Zip' }
    @{ Method = 'Aes256' }
) {
    BeforeAll {
        $settings = @{ ArchiveMethod = $Method; TimeZone = 'Europe/Budapest' }
        if ($Method -eq 'Aes256') { $settings.ZipPassword = $securePassword }
        $script:run = Invoke-ManifestTask -Name "manifest-$Method" -Settings $settings
        $script:folder = Expand-Export -Run $run -Password ($Method -eq 'Aes256' ? $password : $null)
        $script:manifest = (Read-PythonJson (Join-Path $folder 'manifest.json')).value
        $script:found = Get-OutputsFolderFiles $folder
    }

    It 'ran: 43 selected, 1 failed' {
        $run.State | Should -Be 'CompletedWithErrors'
        $run.Selected | Should -Be 43
        $run.Failed | Should -Be 1
        $run.Exported | Should -Be 42
    }

    It 'lists every file with the size and SHA-256 that sha256sum finds after extraction' {
        @($manifest.files) | Should -Not -BeNullOrEmpty
        foreach ($file in $manifest.files) {
            $found.ContainsKey($file.path) | Should -BeTrue -Because "$($file.path) is listed in the manifest"
            $found[$file.path].Size | Should -Be $file.size -Because $file.path
            $found[$file.path].Sha256 | Should -BeExactly $file.sha256.ToLowerInvariant() -Because $file.path
        }
    }

    It 'lists every file in the export but itself, each once' {
        $listed = @($manifest.files | ForEach-Object { $_.path })
        @($listed | Sort-Object -Unique) | Should -HaveCount $listed.Count
        @($found.Keys | Where-Object { $_ -ne 'manifest.json' } | Sort-Object) | Should -Be @($listed | Sort-Object)
        $listed | Should -Contain 'cdr.csv'
        $listed | Should -Contain 'cdr.pdf'
    }

    It 'ties each media file to its conversation: the listed hash is the recording''s own file' {
        foreach ($conversation in Get-Conversation -ConversationId $handA, $handB) {
            $entries = @($manifest.files | Where-Object { $_.conversationId -eq $conversation.ConversationId -and $_.path -like '*.wav' })
            $entries | Should -HaveCount 1
            $entries[0].sha256 | Should -BeExactly (Get-Sha256Sum $conversation.Files[0].Location)
        }
    }

    It 'counts what happened: selected, exported, skipped, failed' {
        $manifest.counts.selected | Should -Be 43
        $manifest.counts.exported | Should -Be 42
        $manifest.counts.skipped | Should -Be 0
        $manifest.counts.failed | Should -Be 1
        @($manifest.files | Where-Object conversationId | ForEach-Object conversationId | Sort-Object -Unique) | Should -HaveCount 42
        @($manifest.files | Where-Object conversationId -eq $doomed) | Should -HaveCount 0
    }

    It 'names the failed conversation in the exceptions with its reason' {
        $exceptions = @($manifest.exceptions | Where-Object conversationId -eq $doomed)
        $exceptions | Should -HaveCount 1
        $exceptions[0].state | Should -Be 'Failed'
        $exceptions[0].reason | Should -BeLike '*missing*'
        @($manifest.exceptions | Where-Object state -eq 'Failed') | Should -HaveCount 1
    }

    It 'records the query as text and as structured criteria' {
        $manifest.query.Text | Should -BeExactly $query.Text
        @($manifest.query.Criteria) | Should -HaveCount 2
        for ($i = 0; $i -lt 2; $i++) {
            $manifest.query.Criteria[$i].Field | Should -BeExactly $query.Criteria[$i].Field
            $manifest.query.Criteria[$i].Operator | Should -BeExactly "$($query.Criteria[$i].Operator)"
            $manifest.query.Criteria[$i].Value | Should -BeExactly "$($query.Criteria[$i].Value)"
        }
    }

    It 'says which task and run, who ran it, where, when, and which module version' {
        $manifest.task | Should -BeExactly "manifest-$Method"
        $manifest.runId | Should -Be $run.RunId
        $manifest.runBy | Should -BeExactly $run.StartedBy
        @($manifest.servers) | Should -Not -BeNullOrEmpty
        $manifest.servers | Should -Contain ([Environment]::MachineName)
        [datetimeoffset]::Parse($manifest.startedUtc) | Should -BeLessOrEqual ([datetimeoffset]::Parse($manifest.endedUtc))
        $manifest.module.version | Should -BeExactly ((Import-PowerShellDataFile (Join-Path (Get-TestModulePath) 'ConversationExport.psd1')).ModuleVersion)
        $manifest.timeZone | Should -BeExactly 'Europe/Budapest'
        $manifest.archiveMethod | Should -BeExactly $Method
    }

    It 'passes Test-ExportArchive' {
        $parameters = $Method -eq 'Aes256' ? @{ Password = $securePassword } : @{}
        $check = Test-ExportArchive -Path $run.Outputs[0] @parameters
        $check.Problems | Should -BeNullOrEmpty
        $check.Passed | Should -BeTrue
        $check.FilesChecked | Should -Be @($manifest.files).Count
        $check.RunId | Should -Be $run.RunId
    }
}

Describe 'Manifest of an ad-hoc export' {
    BeforeAll {
        $destination = New-OutputsFolder (Join-Path $TestDrive 'out-adhoc')
        $script:adHoc = Get-Conversation -ConversationId $handA, $handB | Invoke-ConversationExport -Destination $destination -RunName 'Two calls' -ArchiveMethod None
        $script:adHocManifest = (Read-PythonJson (Join-Path $adHoc.Outputs[0] 'manifest.json')).value
    }

    It 'lists the two piped conversations and nothing else' {
        $adHoc.State | Should -Be 'Completed'
        $adHocManifest.counts.exported | Should -Be 2
        @($adHocManifest.files | Where-Object conversationId | ForEach-Object conversationId | Sort-Object -Unique) | Should -Be @($handA, $handB | Sort-Object)
    }

    It 'does not claim that its selection was "All conversations" when two were piped in' {
        $adHocManifest.query.Text | Should -Not -Be 'All conversations' -Because 'the run exported two chosen conversations, not a query over the catalog'
    }
}

Describe 'Manifest exceptions' {
    It 'names the file of the failed conversation in its exception (SPEC §5: conversation, file, reason)' {
        $destination = New-OutputsFolder (Join-Path $TestDrive 'out-exception-file')
        $failing = Get-Conversation -ConversationId $handA, $doomed | Invoke-ConversationExport -Destination $destination -ArchiveMethod None -WarningAction SilentlyContinue
        $failing.Failed | Should -Be 1
        $exception = @((Read-PythonJson (Join-Path $failing.Outputs[0] 'manifest.json')).value.exceptions | Where-Object conversationId -eq $doomed)
        $exception | Should -HaveCount 1
        $exception[0].Keys | Should -Contain 'file'
        $exception[0].file | Should -BeLike '*doomed.wav'
    }
}

Describe 'Manifest switched off (-NoManifest)' {
    It 'leaves manifest.json out of a <Method> export, and Test-ExportArchive says ManifestMissing' -ForEach @(
        @{ Method = 'None' }
        @{ Method = 'Zip' }
    ) {
        $run = Invoke-ManifestTask -Name "nomanifest-$Method" -Settings @{ ArchiveMethod = $Method; NoManifest = $true }
        $run.Exported | Should -Be 42
        $folder = Expand-Export -Run $run
        $files = Get-OutputsFolderFiles $folder
        $files.Keys | Should -Not -Contain 'manifest.json'
        $files.Keys | Should -Contain 'cdr.csv' -Because 'only the manifest is left out'
        { Test-ExportArchive -Path $run.Outputs[0] } | Should -Throw -ErrorId 'ManifestMissing,*'
    }
}
