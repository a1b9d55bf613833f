@{
    Synopsis    = 'Downloads single conversations: their media and chosen sidecars, named like exports, into a folder.'
    Description = @'
Save-Conversation is the search page''s download of a single conversation. For each conversation piped from Get-Conversation (or named with -Id) it copies the media and transcript files, and the sidecars chosen with -MetadataFormat, into -Destination. Files are named by the same rules as exports (-RenamePattern, default: the original media name). By default an existing file is never overwritten: the names get a counter (_1, _2). This differs on purpose from Export-Csv, which replaces: a rename pattern can give two conversations the same name, and a downloaded recording (evidence) must not silently take the place of another. -NoClobber refuses instead (a non-terminating OutputFileExists error, category ResourceExists, and nothing of that conversation is saved); -Force replaces the existing files, read-only ones too.

Every file is copied under a temporary name, checked against the size the catalog recorded, and renamed; if one file of a conversation fails, the files already saved for it are removed, so a conversation is saved whole or not at all (non-terminating error naming the conversation). Each download is recorded in the audit log.

Errors: NothingToSave (a CDR-only record has no media; a file is missing or changed since import), ConversationNotFound (-Id not in the catalog; non-terminating, category ObjectNotFound), OutputFileExists (-NoClobber and a file of that name exists), DestinationNotWritable (missing or read-only folder), RenamePatternInvalid, TimeZoneNotFound.
'@
    Parameters  = @{
        InputObject    = 'The conversations to save, from Get-Conversation.'
        Id             = 'Catalog keys (the Id property) of the conversations to save.'
        Destination    = 'The folder to save into; it is created, with missing parent folders, when it does not exist (a path that is an existing file is refused with OutputPathWrongKind). Relative paths are resolved against the PowerShell location.'
        NoClobber      = 'Refuses to replace an existing file: a conversation whose file names are taken is not saved, and a non-terminating error OutputFileExists (category ResourceExists) names the file. Without it, the new files get a counter in their names (_1, _2). Cannot be used with -Force.'
        Force          = 'Replaces existing files of the same names, read-only ones too, instead of saving beside them under names with a counter. Cannot be used with -NoClobber.'
        MetadataFormat = 'Sidecars to save beside the media: Xml (the original, when it exists), Csv, Json. Default: Xml.'
        MediaOnly      = 'Saves only the media and transcript files, no sidecars.'
        RenamePattern  = 'Names the files, with the tokens of New-ExportTask -RenamePattern (for example {StartTime:yyyyMMdd_HHmmss}_{From}_{To}). Default: the original media name.'
        TimeZone       = 'The time zone of {StartTime} in -RenamePattern and of the times in CSV and JSON sidecars. Default: UTC.'
        Catalog        = 'The catalog to read conversations from and audit the download in. Default: the session''s catalog.'
        WhatIf         = 'Shows which conversations would be saved, without copying anything.'
        Confirm        = 'Asks before saving each conversation.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.Conversation'; Description = 'Conversations from Get-Conversation.' }
    )
    Outputs     = @(
        @{ Type = 'System.IO.FileInfo'; Description = 'Each file saved.' }
    )
    Examples    = @(
        @{
            Title   = 'Download one call with its original XML sidecar'
            Code    = 'Get-Conversation -ConversationId 9b2f0c1e-5d6a-4c1b-8e55-0f1d2a3b4c5d | Save-Conversation -Destination .\downloads'
            Remarks = 'Copies the WAV (and transcript, if any) and the original XML, under their original names.'
        }
        @{
            Title   = 'Only the media, renamed by time and parties'
            Code    = 'Save-Conversation -Id 42, 43 -Destination D:\Calls -MediaOnly -RenamePattern ''{StartTime:yyyyMMdd_HHmmss}_{From}_{To}'' -TimeZone Europe/Budapest'
            Remarks = 'Conversations by catalog key; start times in the names are Budapest time.'
        }
        @{
            Title   = 'Download again into the same folder, replacing the earlier copy'
            Code    = 'Get-Conversation -ConversationId 9b2f0c1e-5d6a-4c1b-8e55-0f1d2a3b4c5d | Save-Conversation -Destination .\downloads -Force'
            Remarks = 'Without -Force the second download would be saved beside the first, with _1 in its names; with -NoClobber it would be refused with OutputFileExists.'
        }
    )
}
