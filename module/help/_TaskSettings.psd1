# The export settings (the configuration items of an export task) that New-ExportTask and
# Set-ExportTask share through their base class, TaskSettingsCmdlet; Invoke-ConversationExport
# takes the output options among them for ad-hoc exports. Help sources take them with
# Include = @('TaskSettings'). Texts say what a new task gets by default; Set-ExportTask changes
# only the settings given, and an ad-hoc export starts from the same defaults.
@{
    Parameters = @{
        TargetType     = @'
Where runs of the task deliver their export; one of {Enum:ConversationExport.ExportTargetType}.

- StorageTarget (the default): into the folder of the storage target named by -StorageTarget, which is then required.
- Download ("Export and Download as ZIP File"): kept on the export server that runs the task, in ConversationExport/downloads under the local application data folder of the account that runs it (the CONVERSATIONEXPORT_DOWNLOADS environment variable names another folder). A Download task takes no -StorageTarget.
'@
        StorageTarget  = @'
The storage target runs write to: its name (Tab completes the names in the catalog), or the object from Get-StorageTarget, as in -StorageTarget (Get-StorageTarget Evidence). Required when -TargetType is StorageTarget, refused with -TargetType Download (ExportSettingInvalid). The target must exist when the task is saved (StorageTargetNotFound otherwise), and its folder must exist and be writable when a run starts (DestinationNotWritable otherwise).
'@
        ArchiveMethod  = @'
How a run packs the files; one of {Enum:ConversationExport.ArchiveMethod}. The default is Zip.

- None: loose files, in a folder <Name>_<yyyyMMdd_HHmmss> in the destination.
- Zip: a ZIP archive <Name>_<yyyyMMdd_HHmmss>.zip, deflated; media that are already compressed (mp3, mp4, opus, m4a and the like) are stored as they are. Opens in Windows Explorer, 7-Zip, Info-ZIP unzip and .NET.
- ZipCrypto: a ZIP with the traditional PKWARE password encryption. It is weak (it can be broken) and exists for recipients who have nothing but Windows Explorer, which opens it. Prefer Aes256.
- Aes256: a ZIP with WinZip AES-256 encryption (AE-2). Windows Explorer cannot open it; the recipient needs 7-Zip, WinZip or another AES-capable tool.

ZipCrypto and Aes256 need -ZipPassword. The time stamp in the name is the run's start in the -TimeZone. Large archives are written as Zip64. An archive is written under a temporary name ending in .partial and renamed when complete, so nobody sees half an archive. Setting None or Zip on an existing task discards its stored password.
'@
        ZipPassword    = @'
The password of ZipCrypto and Aes256 archives, as a SecureString, such as (Read-Host -AsSecureString). Required with those methods, refused with None and Zip (ExportSettingInvalid); an empty password counts as none.

A task stores the password encrypted, never as plain text, and never shows it: Get-ExportTask only says HasZipPassword. It is encrypted for the user account and computer that saved it (DPAPI on Windows; elsewhere a key file only its owner can read, in the user's application data folder, or where CONVERSATIONEXPORT_KEYFILE points). A run under another account cannot decrypt it and fails with "A stored secret cannot be decrypted": save the password as the account that runs the scheduled export. On Set-ExportTask, leaving out -ZipPassword keeps the stored one.
'@
        TimeZone       = @'
The time zone a run shows times in. It decides the date folders (yyyy/MM/dd of the day the conversation started in this zone, so a call at 23:30 UTC on 28 November is in 2026/11/29 for Europe/Budapest), {StartTime} in -RenamePattern, and the time stamp in the archive name. An IANA id such as 'Europe/Budapest', a Windows id such as 'W. Europe Standard Time', or 'UTC' (the default); both forms work on every operating system, and the case of the letters does not matter. An unknown id is refused with TimeZoneNotFound before anything is saved or written; Get-TimeZone -ListAvailable lists the ids this computer knows.
'@
        RenamePattern  = @'
How exported files are named, such as '{StartTime:yyyyMMdd_HHmmss}_{From}_{To}'. Without a pattern each conversation keeps its original media file name (its ConversationId when it has no media). A conversation's media, transcripts and sidecars all get the same name, each with its own extension.

The tokens (names are not case-sensitive):
- {ConversationId}, {NativeId}: the recorder's GUID and the platform's own id;
- {StartTime} or {StartTime:format}: the start in the task's time zone, with a .NET date format (default yyyyMMdd_HHmmss);
- {Duration} or {Duration:format}: whole seconds, a number format such as 000000, or a .NET TimeSpan format such as hhmmss;
- {From}, {FromInfo}, {To}, {ToInfo}: the parties' numbers and display names;
- {User}, {UserId}, {Extension}: the recorded user's login, platform id and phone extension (not the file extension);
- {Direction}, {Type}: the direction and the conversation type;
- {Server}: the recording server;
- {OriginalName}: the media file name without its extension;
- {Counter} or {Counter:format}: the conversation's sequence number in the run (1, 2, 3 ...), with a number format such as 000000.

Other text is kept as written; '/' (or '\') makes subfolders, below the date folders; '{{' and '}}' write braces. The pattern may not start with a separator, contain < > : " | ? * or control characters, make more than 7 levels of folders, or leave a file name that could be empty (a name of only tokens that may have no value, such as {From}; add {ConversationId} or {Counter}). A bad pattern is refused with RenamePatternInvalid, whose message lists the tokens, before anything is saved or written.

Values come from recordings and are made safe: characters Windows forbids become '_', device names such as CON or NUL get a '_' prefix, '/', '\' and '..' inside a value never make folders, and long names are shortened, so no name can leave the export folder. Names that collide get _1, _2 ... On Set-ExportTask, -RenamePattern '' goes back to the original names.
'@
        NoSubfolders   = 'Writes the files without the date folders (yyyy/MM/dd of the start time in the task''s time zone) that a run makes by default. Folders that -RenamePattern makes are still made. On Set-ExportTask, -NoSubfolders:$false brings the date folders back.'
        NoDatabaseLog  = 'Do Not Create Log in the Database: once a run has completed, its per-conversation rows are deleted, so Get-ExportLog has nothing to list for it (it says so in a warning). The run summary (Get-ExportStatus) and the audit entry are kept. A run that is still going, was stopped or failed keeps its rows, because resuming needs them. On Set-ExportTask, -NoDatabaseLog:$false turns the log on again.'
        Server         = 'The export server(s) meant to run the task. The names are stored with the task and shown by Get-ExportTask; in this version a run is carried out by the computer on which Invoke-ConversationExport runs, whatever this says. On Set-ExportTask, -Server @() clears the list.'
        Query          = 'Which conversations each run exports: a query from New-ConversationQuery, as in -Query (New-ConversationQuery -Group Trading). Default: every conversation. The query is evaluated when each run starts (relative criteria such as -RecentThan count back from then). A run started by hand exports every conversation it matches at that moment, including conversations an earlier run exported; an incremental or scheduled run only what no run of the task delivered (see -Incremental). Objects with a Query property, such as tasks from Get-ExportTask, bind by property name.'
        NotifyEmail    = @'
Addresses to e-mail after a run of the task ends, as -NotifyOn decides: one address per value, such as 'ops@contoso.com' or 'Ops team <ops@contoso.com>'. Every address is checked when the task is saved; one that is not an e-mail address (no domain, two addresses in one value) is refused with ExportSettingInvalid, naming it.

The e-mail goes through the SMTP server that Set-ExportSetting configures for the catalog; until one is configured (-SmtpServer and -SmtpFrom), saving a task with -NotifyEmail warns, and runs that would notify warn that nothing was sent. It is sent after every run of the task: started by hand (Invoke-ConversationExport -Task), by a schedule (-Scheduled), by enabling the task (the background run) and when a run is resumed. Ad-hoc exports send none. The recipients, subject and text are those the task has when the run ends. A notification that cannot be sent (server down, refused, no answer within 30 seconds) is a warning and a NotifyFailed entry in the audit log; it never changes the run's state, so a Completed run stays Completed. A sent notification is audited as Notified.

On Set-ExportTask, -NotifyEmail @() (or '') clears the list and no e-mail is sent.
'@
        EmailSubject   = 'The subject of the notification e-mail; the run''s state is appended (": Failed"), so mail rules can sort on it. Default: "Export ''<task>'' run <id>". '''' goes back to the default.'
        EmailMessage   = 'Text that starts the notification e-mail, such as who to call or what to check. The e-mail goes on with the run''s state, the reason when it did not complete, the counts (selected, exported, skipped, failed), the size, start, end and duration in the task''s time zone, the destination and the files delivered. It never contains a password. '''' clears it.'
        NotifyOn       = @'
Which ended runs send the notification e-mail to -NotifyEmail; one of {Enum:ConversationExport.NotifyOn}.

- Failure (the default): runs that ended Failed or CompletedWithErrors: the ones someone has to look at.
- Always: every run that ended, also Completed, Cancelled (stopped on request) and Interrupted.
'@
        SourceDataset  = 'Which part of the catalog runs take conversations from: Online (the default for tasks), Archived, or Both. A conversation outside it is not exported even when the query matches it.'
        Scope          = @'
Which files of each conversation are exported; one of {Enum:ConversationExport.ExportScope}.

- MediaAndMetadata (the default): both of the following.
- Media: the conversation's content files: recordings (audio, video, screen) and IM transcripts, as far as -FileExtension allows.
- Metadata: the sidecars: the recording's original XML metadata file and any other metadata file the catalog lists for it.

-FileExtension narrows the content files only; sidecars follow -Scope alone. A conversation left with no file to export is counted as Skipped, with the reason in Get-ExportLog.
'@
        IgnoreCdrOnly  = 'Skips CDR-only records (conversations known only from call detail records, with no media): they are counted as Skipped, with the reason "CDR-only record without media". Without it, a CDR-only record exports its sidecar when -Scope includes metadata. On Set-ExportTask, -IgnoreCdrOnly:$false exports them again.'
        FileExtension  = 'Exports only the content files (media and transcripts) with these extensions, such as wav, mp4 or vtr. Give them without the dot (a leading dot is dropped); letters and digits, at most 16; the case does not matter, and ''wav,mp4'' in one string counts as two. Anything else is refused with ExportSettingInvalid. Sidecars are not filtered. Default: every content file; on Set-ExportTask, -FileExtension @() removes the filter.'
        MetadataFormat    = 'Which metadata sidecars to write for each conversation when -Scope includes metadata: Xml (the recording server''s original sidecar, copied only when it exists, never generated), Csv (one header row and one row, columns from -MetadataColumns) and Json (every field, typed). Default: Xml, Csv. Sidecars share the media''s renamed name and folder.'
        MetadataColumns   = 'The columns of the CSV sidecar, in order (field names such as ConversationId, StartTime, From, FromInfo, Labels). Default: every field. Times are in the task time zone with their offset; several values (Group, Labels, Cases) share one cell separated by "; ". An unknown name is refused with the error id ColumnUnknown, listing the accepted columns.'
        CdrFormat         = 'The Conversation Detail Record files of each run, at the export root: Csv (cdr.csv) and/or Pdf (cdr.pdf, a paginated table with a title block: task, run, query, who, counts). One row per exported conversation, times in the task time zone. Default: Csv. @() writes none.'
        CdrColumns        = 'The columns of the CDR, in order. Default: ConversationId, StartTime, EndTime, Duration, Direction, ConversationType, From, FromInfo, To, ToInfo, User, Extension, Labels, Cases.'
        AllowFormulas     = 'Keeps CSV cells that start like a spreadsheet formula (= + - @, tab, CR) as they are. By default such a cell is prefixed with a single quote so that Excel does not run it (a caller name like =HYPERLINK(...) is data, not a formula); note that this also prefixes numbers written as +3612345678.'
        ExcelBom          = 'Writes CSV files (sidecars and CDR) with a UTF-8 byte order mark, which Excel needs to show accented names correctly.'
        NoManifest        = 'Leaves manifest.json out of the export. By default every completed run ends with a manifest: the query, who ran it, the counts, every exception and every file with its size and SHA-256, which Test-ExportArchive checks.'
        SecretScope    = 'Who can decrypt the stored -ZipPassword: User (the default), only the account that saves it; or Machine, every account of this computer that may read the machine key: on Windows any local account (DPAPI LocalMachine); on Linux and macOS the accounts in the group of /etc/conversationexport/machine.key (root creates it, 0640, on first use: run the first -SecretScope Machine as root, then chgrp the file to your service accounts'' group). Use Machine when a scheduled job runs as another account than the one that saves the task. A key file readable by others is refused. Given without -ZipPassword on Set-ExportTask, the stored password is encrypted again for the new scope.'
        Incremental    = 'Every run of the task, also one started by hand, exports only what changed since the task''s last completed incremental run: conversations whose catalog change sequence is above the task''s watermark and that no run of the task has delivered. The watermark advances when an incremental run completes (Completed or CompletedWithErrors; a conversation that failed is named in that run''s log and manifest and is not retried). Scheduled runs (-Scheduled) are incremental whether or not this is set. On Set-ExportTask, -Incremental:$false makes hand-started runs export the full selection again.'
        MaxResumeAttempts = 'How many times a scheduled start resumes the task''s last run when it was left Interrupted or Failed, before it gives that run up (its undelivered files are discarded, a warning says so) and starts a new incremental run, which takes over whatever the given-up run did not deliver. 0 to 100; default 3.'
        MaxArchiveSize = 'Splits a run into ZIP parts of at most this many bytes, named <Name>_<yyyyMMdd_HHmmss>_part1.zip, _part2.zip ...; PowerShell''s size suffixes work, as in -MaxArchiveSize 2GB. Each part is a complete archive that opens on its own. At least 1 MB (1048576 bytes), and only with Zip, ZipCrypto or Aes256; anything else, 0 and negative sizes included, is refused with ExportSettingInvalid and nothing is saved. A file larger than the limit gets a part of its own, which is then larger. Default: no limit, one archive per run; on Set-ExportTask, -MaxArchiveSize $null removes a task''s limit.'
    }
}
