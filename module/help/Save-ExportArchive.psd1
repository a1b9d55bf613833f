@{
    Synopsis    = 'Downloads the export of a Download-type run from the export server to a folder, verified against its manifest.'
    Description = @'
Save-ExportArchive delivers what a run of a Download-type task (New-ExportTask -TargetType Download, "Export and Download as ZIP File") left in the export server's download area. The run must have ended Completed or CompletedWithErrors, and its download must not have expired.

A run made with an archive method (Zip, ZipCrypto, Aes256) is delivered as the run made it: every archive part (Name.zip, or Name_part1.zip, Name_part2.zip … when the task set -MaxArchiveSize) is copied. -ArchiveMethod and -ZipPassword are then only accepted when they are what the run used; anything else is refused with ArchiveMethodConflict.

A run made with -ArchiveMethod None kept loose files, and the archive method and password are chosen now, at download time: -ArchiveMethod Zip (the default), ZipCrypto or Aes256 with -ZipPassword, or None to copy the run's folder as it is. The ZIP is streamed by the same archive writers an export uses, with every file of the run inside: media, sidecars, the CDR, and the run's manifest.json, unchanged, so the hashes it lists remain the chain of custody.

Everything is built in a temporary folder inside -Destination (named ".<run>.<id>.partial"), re-read and checked against the run's manifest (every file present, same size and SHA-256, nothing extra), and only then renamed to its final name: a reader never sees a half-written file, and a run whose files were changed in the download area is refused with DownloadVerifyFailed. Existing files of the same names are replaced only with -Force (otherwise DownloadFileExists). Each download is written to the catalog's audit log (SaveExportArchive: who, which run, where).

Downloads expire -DownloadRetentionDays (Set-ExportSetting, default 30) days after the run ended; expired runs' files are deleted from the download area at the start of every export run and every Save-ExportArchive, and downloading one fails with DownloadExpired, naming the date it expired. Get-ExportStatus shows DownloadState (Pending, Available, Expired, Missing) and DownloadExpiresUtc for Download-type runs. When an administrator has set Set-ExportSetting -DisableDirectDownload $true, Save-ExportArchive fails with DirectDownloadDisabled (category PermissionDenied).

Errors that concern one run are non-terminating, so the other runs piped in are still delivered: RunNotFound (ObjectNotFound), RunNotDownloadable (the run exported to a storage target or folder), RunNotFinished (running, failed, cancelled or interrupted), DownloadExpired (ObjectNotFound), DownloadFilesMissing (not in this server's download area), ArchiveMethodConflict, DownloadFileExists, DownloadVerifyFailed. Errors that hold for every run end the command: DirectDownloadDisabled, DestinationNotWritable (the destination is a file, or cannot be created), InvalidArgument (a missing or unneeded -ZipPassword).
'@
    Parameters  = @{
        RunId         = 'The run to download, as Get-ExportStatus and Invoke-ConversationExport show it. Runs piped from Get-ExportStatus or Invoke-ConversationExport bind by their RunId property.'
        Destination   = 'The folder the files are delivered into. Relative paths are resolved against the PowerShell location; a missing folder is created with its parents. A path that is an existing file is refused (DestinationNotWritable).'
        ArchiveMethod = 'For a run made with -ArchiveMethod None: how to archive it now. Zip (deflate, the default), ZipCrypto (standard ZIP encryption: weak, but Windows Explorer opens it), Aes256 (WinZip AES-256: open it with 7-Zip or WinZip), or None (copy the run''s folder of loose files). For a run archived while it ran, only its own method is accepted.'
        ZipPassword   = 'The ZIP password for -ArchiveMethod ZipCrypto or Aes256 chosen now, as a SecureString (Read-Host -AsSecureString). It is used only to build the archive and is not stored. For a run archived while it ran, leave it out (the archive keeps the password the run used); a different password is refused.'
        Force         = 'Replaces files or folders of the same names in the destination. Without it, an existing file is an error (DownloadFileExists) and nothing of that run is delivered.'
        PassThru      = 'Returns an object for each delivered file (each archive part, or the run folder).'
        Catalog       = 'The catalog that holds the run, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf        = 'Shows which run would be downloaded where, and writes nothing.'
        Confirm       = 'Asks before each run is downloaded.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ExportRun'; Description = 'Runs from Get-ExportStatus or Invoke-ConversationExport, by their RunId property.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.SavedExportArchive'; Description = 'With -PassThru, one per delivered file: RunId, Task, Path, Size, Sha256 (of the ZIP as delivered; none for a folder), ArchiveMethod, ArchivedAtDownload, FilesVerified and Verified. Otherwise nothing.' }
    )
    Examples    = @(
        @{
            Title   = 'Download the last run of a Download task'
            Code    = 'Get-ExportStatus -Task Evidence -Last 1 | Save-ExportArchive -Destination E:\Handover -PassThru'
            Remarks = 'Copies the run''s archive parts into E:\Handover, checks them against the run''s manifest and lists what was delivered.'
        }
        @{
            Title   = 'Choose AES-256 and a password when downloading a run that kept loose files'
            Code    = '$run = Get-ExportStatus -Task Evidence -Last 1; Save-ExportArchive -RunId $run.RunId -Destination ./handover -ArchiveMethod Aes256 -ZipPassword (Read-Host -AsSecureString ''ZIP password'')'
            Remarks = 'The run was made with -ArchiveMethod None; the encrypted ZIP, with the manifest and CDR inside, is made now. Open it with 7-Zip or WinZip.'
        }
        @{
            Title   = 'See which downloads are still available'
            Code    = @'
Get-ExportStatus -Task Evidence | Where-Object DownloadState -eq Available |
    Save-ExportArchive -Destination \\fileserver\handover\evidence -Force
'@
            Remarks = 'DownloadExpiresUtc says until when each run can be downloaded; -Force replaces copies delivered earlier.'
        }
    )
    Links       = @('New-ExportTask', 'Get-ExportStatus', 'Set-ExportSetting', 'Test-ExportArchive', 'about_ConversationExport')
}
