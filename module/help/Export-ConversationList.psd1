@{
    Synopsis    = 'Writes the detail records of conversations (a search''s results) to a CSV, XLSX or PDF file.'
    Description = @'
Export-ConversationList is the search page''s list export (the conversations list export): pipe conversations from Get-Conversation and it writes one row per conversation with the chosen columns. The format comes from the file extension (.csv, .xlsx, .pdf) or from -Format.

Times are in -TimeZone with their offset. CSV is RFC 4180 and, unless -AllowFormulas, neutralizes cells that would start a spreadsheet formula; XLSX cells are text, so Excel evaluates nothing; the PDF is a paginated table with a title block. The file is written under a temporary name and renamed when complete. An existing file of that name is replaced, as Export-Csv replaces it; -NoClobber refuses instead (a terminating OutputFileExists error, category ResourceExists, before anything is written), and a read-only file is replaced only with -Force. The export is recorded in the audit log.

Errors: ColumnUnknown (a -Column that is not a field, listing the accepted ones), FormatUnknown (an extension the cmdlet cannot map), DestinationNotWritable (missing or read-only folder, or a read-only file without -Force), OutputFileExists (-NoClobber and the file exists), TimeZoneNotFound.
'@
    Parameters  = @{
        InputObject   = 'The conversations to list, from Get-Conversation.'
        Path          = 'The file to write, used exactly as written (no wildcards; aliases LiteralPath, PSPath and LP). Relative paths are resolved against the PowerShell location; missing folders are created. A path that is an existing folder is refused (OutputPathWrongKind).'
        NoClobber     = 'Refuses to replace an existing file: the command stops with the error OutputFileExists (category ResourceExists) before writing anything. Cannot be used with -Force.'
        Force         = 'Replaces an existing file even when it is read-only. Cannot be used with -NoClobber.'
        Format        = 'Csv, Xlsx or Pdf. Default: from the extension of -Path.'
        Column        = 'The columns, in order (field names such as ConversationId, StartTime, From, FromInfo, Labels). Default: ConversationId, StartTime, EndTime, Duration, Direction, ConversationType, From, FromInfo, To, ToInfo, User, Extension, Labels, Cases.'
        TimeZone      = 'The time zone of the times in the list: an IANA id (Europe/Budapest), a Windows id, or UTC (default).'
        AllowFormulas = 'CSV only: keeps cells that start like a formula (= + - @) as they are instead of prefixing them with a single quote.'
        ExcelBom      = 'CSV only: writes a UTF-8 byte order mark so that Excel shows accented names correctly.'
        Catalog       = 'The catalog whose audit log records the export. Default: the session''s catalog.'
        WhatIf        = 'Shows the file that would be written, without writing it.'
        Confirm       = 'Asks before writing the file.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.Conversation'; Description = 'Conversations from Get-Conversation.' }
    )
    Outputs     = @(
        @{ Type = 'System.IO.FileInfo'; Description = 'The file written.' }
    )
    Examples    = @(
        @{
            Title   = 'A spreadsheet of last week''s complaints'
            Code    = 'Get-Conversation -Label Complaint -RecentThan 7d | Export-ConversationList -Path .\complaints.xlsx -TimeZone Europe/Budapest'
            Remarks = 'One row per conversation, with the default columns, times in Budapest time.'
        }
        @{
            Title   = 'A PDF list with chosen columns'
            Code    = 'Get-Conversation -Case 2026-0017 | Export-ConversationList -Path .\case-0017.pdf -Column ConversationId, StartTime, From, To, Duration'
            Remarks = 'A paginated table with a title block, readable in any PDF viewer.'
        }
        @{
            Title   = 'Never overwrite a list that was handed over'
            Code    = 'Get-Conversation -Case 2026-0017 | Export-ConversationList -Path .\case-0017.csv -NoClobber'
            Remarks = 'When case-0017.csv exists already, the command stops with OutputFileExists and the file is left as it was.'
        }
    )
}
