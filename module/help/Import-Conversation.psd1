@{
    Synopsis    = 'Imports a recording folder tree (media files and their XML sidecars) into the catalog.'
    Description = @'
Import-Conversation scans a recording server's folder and every folder below it, reads each XML metadata sidecar (one *.xml file per conversation, beside its media), and writes the conversations to the catalog. The sidecar format is described in docs/recording-sidecar.md and in about_ConversationExport.

The import is idempotent: records are matched by ConversationId, a conversation whose sidecar has not changed is left untouched (counted as Unchanged), a changed one is updated, and a new one is inserted. Running the same import twice changes nothing the second time. Records are written in short transactions, so memory stays flat however large the tree is.

A bad sidecar does not stop the import. It is reported as a non-terminating error naming the file, with a stable error id, counted in Failed, and the import goes on:
- SidecarInvalidXml: the file is not well-formed XML or cannot be read;
- SidecarNotConversation: the root element is not a recording sidecar;
- SidecarMissingElement: a required element (id, start) is missing;
- SidecarInvalidValue: a value cannot be read (a date, boolean, ratio, duration or enum name, or an end before the start);
- SidecarFileMissing: a file the sidecar names does not exist;
- SidecarFileOutsideRoot: a file the sidecar names lies outside the imported folder.

Warnings, counted in Warnings, report unknown sidecar elements (ignored) and files that no sidecar in their folder names (not imported).

The import shows progress, can be stopped with Ctrl+C (batches already written stay written), and is recorded in the catalog's audit log. A folder that does not exist is a terminating error (ImportPathNotFound). -Path expands wildcards (a pattern that matches nothing imports nothing); -LiteralPath takes folder names exactly as written.
'@
    Parameters  = @{
        Path    = 'The recording folders to scan, recursively; wildcards are expanded, and each folder they match is imported in turn. A relative path is resolved against the current PowerShell location. Strings piped to the cmdlet bind here.'
        LiteralPath = 'The recording folders to scan, used exactly as written: no character is a wildcard. Aliases PSPath, LP and FullName: folders piped from Get-ChildItem or Get-Item bind here.'
        Catalog = 'The catalog to import into, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user. The catalog must exist.'
        WhatIf  = 'Reads and checks every sidecar and compares it with the catalog, without writing anything. The returned summary shows how many conversations would be imported, updated and left unchanged, and has WhatIf set to True.'
        Confirm = 'Prompts you for confirmation before each folder is imported. Answering No reads the folder as -WhatIf does and writes nothing.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Folder paths bind to -Path.' }
        @{ Type = 'System.IO.DirectoryInfo'; Description = 'Folders from Get-ChildItem -Directory bind to -LiteralPath through their PSPath property.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ImportSummary'; Description = 'One summary per imported folder: Path, Imported, Updated, Unchanged, Failed, Warnings, Total, Duration and WhatIf. A script can test Failed to decide whether the run succeeded.' }
    )
    Notes       = 'Per-sidecar errors are non-terminating: with -ErrorAction Stop the import stops at the first bad sidecar. To import everything that can be imported and still fail a scheduled job, collect the errors with -ErrorVariable and test the Failed count of the summary.'
    Examples    = @(
        @{
            Title   = 'Import a recording server''s folder'
            Code    = 'Import-Conversation -Path /srv/recordings'
            Remarks = 'Imports every conversation under /srv/recordings into the session''s catalog and returns the counts. Running it again reports every conversation as Unchanged.'
        }
        @{
            Title   = 'See what an import would change'
            Code    = 'Import-Conversation -Path D:\Recordings -WhatIf'
            Remarks = 'Reads and validates every sidecar and reports how many conversations would be imported or updated, without writing to the catalog. Bad sidecars are reported as errors, so this also checks a folder before the real import.'
        }
        @{
            Title   = 'Fail a scheduled import when any sidecar is bad'
            Code    = @'
$summary = Import-Conversation -Path /srv/recordings -ErrorVariable importErrors
$importErrors | Group-Object { ($_.FullyQualifiedErrorId -split ',')[0] } | Format-Table Name, Count
if ($summary.Failed -gt 0) { exit 1 }
'@
            Remarks = 'Everything valid is imported; the errors are grouped by their stable error id (for example SidecarFileMissing), and the script exits with 1 so the scheduler reports the failure.'
        }
        @{
            Title   = 'Import several servers'' folders into one catalog'
            Code    = 'Get-ChildItem -Path \\nas01\recordings -Directory | Import-Conversation -Catalog (Connect-ConversationCatalog -Path D:\ce\catalog.db)'
            Remarks = 'Each folder is imported in turn and returns its own summary. Connect-ConversationCatalog also makes D:\ce\catalog.db the session default.'
        }
    )
    Links       = @('Get-Conversation', 'Initialize-ConversationCatalog', 'about_ConversationExport')
}
