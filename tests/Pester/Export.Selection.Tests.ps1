# What a run exports (seed §4.1, SPEC §4): Scope, File Extension(s), Ignore CDR-only, Source Dataset.
# Files are named {ConversationId}.<ext> so every exported file says whose it is.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module (Join-Path $PSScriptRoot 'ExportSupport.psm1') -Force
    Set-IsolatedTestEnvironment -Root (Join-Path $TestDrive 'env')
    New-IsolatedTestCatalog -Root (Join-Path $TestDrive 'catalog') | Out-Null

    $folder = Join-Path $TestDrive 'rec'
    $script:id = @{
        voice    = New-TestRecording -Folder $folder -Name 'voice'
        video    = New-TestRecording -Folder $folder -Name 'video' -MediaExtension mp4 -Type Video
        chat     = New-TestRecording -Folder $folder -Name 'chat' -MediaExtension im -Type InstantMessage
        withChat = New-TestRecording -Folder $folder -Name 'with-chat' -MediaExtension wav, im
        cdr      = New-TestRecording -Folder $folder -Name 'cdr' -CdrOnly
        archived = New-TestRecording -Folder $folder -Name 'archived' -Dataset Archived
        archived2 = New-TestRecording -Folder $folder -Name 'archived2' -Dataset Archived -MediaExtension mp4
    }
    (Import-Conversation -Path $folder).Imported | Should -Be 7
    $script:online = @('voice', 'video', 'chat', 'withChat', 'cdr')

    # Runs a task whose files are named by ConversationId, as loose files without date folders.
    function Invoke-SelectionTask {
        param([Parameter(Mandatory)] [string] $Name, [hashtable] $Settings = @{})
        $destination = Join-Path $TestDrive "dest-$Name"
        New-Item -ItemType Directory -Path $destination | Out-Null
        New-StorageTarget -Name "target-$Name" -Path $destination | Out-Null
        New-ExportTask -Name $Name -StorageTarget "target-$Name" -ArchiveMethod None -NoSubfolders -RenamePattern '{ConversationId}' -MetadataFormat Xml @Settings | Out-Null
        Invoke-ConversationExport -Task $Name -WarningAction SilentlyContinue
    }

    # The delivered files as "<key>.<ext>" (key from $id), ordinal order.
    function Get-ExportedFile {
        param([Parameter(Mandatory)] $Run)
        $byId = @{}
        foreach ($key in $id.Keys) { $byId[$id[$key]] = $key }
        $names = [string[]]@(Get-ChildItem -LiteralPath $Run.Outputs[0] -File -Force | Where-Object { $_.Name | Select-ConversationFile } | ForEach-Object {
                $byId[[IO.Path]::GetFileNameWithoutExtension($_.Name)] + $_.Extension })
        [Array]::Sort($names, [StringComparer]::Ordinal)
        $names
    }

    function Get-Expected([string[]] $Names) {
        $sorted = [string[]]$Names
        [Array]::Sort($sorted, [StringComparer]::Ordinal)
        $sorted
    }
}

AfterAll {
    Restore-IsolatedTestEnvironment
}

Describe 'Scope' {
    It 'MediaAndMetadata (the default) exports media, transcripts and sidecars' {
        $run = Invoke-SelectionTask -Name 'both'
        $run.State | Should -Be 'Completed'
        $run.Exported | Should -Be 5
        Get-ExportedFile $run | Should -Be (Get-Expected @(
                'voice.wav', 'voice.xml', 'video.mp4', 'video.xml', 'chat.im', 'chat.xml', 'withChat.wav', 'withChat.im', 'withChat.xml', 'cdr.xml'))
    }

    It 'Media exports the content files only, and counts a record with none as Skipped' {
        $run = Invoke-SelectionTask -Name 'media' -Settings @{ Scope = 'Media' }
        Get-ExportedFile $run | Should -Be (Get-Expected @('voice.wav', 'video.mp4', 'chat.im', 'withChat.wav', 'withChat.im'))
        $run.Exported | Should -Be 4
        $run.Skipped | Should -Be 1
        $log = Get-ExportLog -RunId $run.RunId | Where-Object ConversationId -EQ $id.cdr
        $log.State | Should -Be 'Skipped'
        $log.Reason | Should -Not -BeNullOrEmpty
    }

    It 'Metadata exports the sidecars only' {
        $run = Invoke-SelectionTask -Name 'metadata' -Settings @{ Scope = 'Metadata' }
        Get-ExportedFile $run | Should -Be (Get-Expected @('voice.xml', 'video.xml', 'chat.xml', 'withChat.xml', 'cdr.xml'))
        $run.Exported | Should -Be 5
    }
}

Describe 'File Extension(s)' {
    It 'exports only media with the given extension (wav)' {
        $run = Invoke-SelectionTask -Name 'ext-wav' -Settings @{ Scope = 'Media'; FileExtension = 'wav' }
        Get-ExportedFile $run | Should -Be (Get-Expected @('voice.wav', 'withChat.wav'))
        $run.Exported | Should -Be 2
        $run.Skipped | Should -Be 3
        $run.Selected | Should -Be 5
    }

    It 'takes several extensions, with or without the dot, in any case' {
        $run = Invoke-SelectionTask -Name 'ext-many' -Settings @{ Scope = 'Media'; FileExtension = '.WAV', 'im' }
        Get-ExportedFile $run | Should -Be (Get-Expected @('voice.wav', 'chat.im', 'withChat.wav', 'withChat.im'))
    }

    It 'never lets other media through with the sidecars' {
        $run = Invoke-SelectionTask -Name 'ext-meta' -Settings @{ FileExtension = 'wav' }
        (Get-ExportedFile $run) -notlike '*.xml' | Should -Be (Get-Expected @('voice.wav', 'withChat.wav'))
    }
}

Describe 'Ignore CDR-only' {
    It 'skips records without media and counts them Skipped, with the reason in the log' {
        $run = Invoke-SelectionTask -Name 'ignore-cdr' -Settings @{ IgnoreCdrOnly = $true }
        $run.Selected | Should -Be 5
        $run.Skipped | Should -Be 1
        $run.Exported | Should -Be 4
        (Get-ExportedFile $run) -like 'cdr.*' | Should -BeNullOrEmpty
        $log = Get-ExportLog -RunId $run.RunId | Where-Object ConversationId -EQ $id.cdr
        $log.State | Should -Be 'Skipped'
        $log.Reason | Should -Match 'CDR'
    }

    It 'exports the CDR-only record''s sidecar when not set' {
        $run = Invoke-SelectionTask -Name 'keep-cdr'
        (Get-ExportedFile $run) -like 'cdr.*' | Should -Be @('cdr.xml')
    }
}

Describe 'Source Dataset' {
    It '<Dataset> selects the conversations the catalog holds in <Dataset>' -ForEach @(
        @{ Dataset = 'Online'; Keys = @('voice', 'video', 'chat', 'withChat', 'cdr') }
        @{ Dataset = 'Archived'; Keys = @('archived', 'archived2') }
        @{ Dataset = 'Both'; Keys = @('voice', 'video', 'chat', 'withChat', 'cdr', 'archived', 'archived2') }
    ) {
        $inCatalog = @(Get-Conversation | Where-Object { $Dataset -eq 'Both' -or $_.Dataset -eq $Dataset })
        $run = Invoke-SelectionTask -Name "dataset-$Dataset" -Settings @{ SourceDataset = $Dataset; Scope = 'Metadata' }
        $run.Selected | Should -Be $inCatalog.Count
        $run.Exported | Should -Be $inCatalog.Count
        Get-ExportedFile $run | Should -Be (Get-Expected @($Keys | ForEach-Object { "$_.xml" }))
    }

    It 'is Online for a task that does not say' {
        $run = Invoke-SelectionTask -Name 'dataset-default' -Settings @{ Scope = 'Metadata' }
        (Get-ExportTask -Name 'dataset-default').SourceDataset | Should -Be 'Online'
        $run.Selected | Should -Be 5
    }

    It 'is honoured by an ad-hoc export of piped conversations' {
        $destination = Join-Path $TestDrive 'dest-adhoc-archived'
        New-Item -ItemType Directory -Path $destination | Out-Null
        $run = Get-Conversation | Invoke-ConversationExport -Destination $destination -SourceDataset Archived -ArchiveMethod None -NoSubfolders -RenamePattern '{ConversationId}' -Scope Metadata -MetadataFormat Xml
        $run.Selected | Should -Be 2
        Get-ExportedFile $run | Should -Be (Get-Expected @('archived.xml', 'archived2.xml'))
    }
}
