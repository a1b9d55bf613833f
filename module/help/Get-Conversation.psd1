@{
    Synopsis    = 'Lists conversations from the catalog, streamed page by page.'
    Description = @'
Get-Conversation reads conversation records from the catalog and writes each one to the pipeline as soon as it is read, a page at a time, so it can list a catalog of any size without holding it in memory. Conversations come in catalog order (by Id).

Without filters it lists every conversation. -Id and -ConversationId select records by exact value: several values of one parameter match any of them, and both parameters together must both match. -First stops after that many conversations. A value that matches nothing returns nothing and is not an error.

Each object holds every field of the record (participants, times, direction, type, labels, cases, analytics, storage details and the files of the conversation). The default table shows the most useful columns; use Format-List * or Select-Object to see the rest.

Press Ctrl+C to stop a long listing.
'@
    Parameters  = @{
        Id             = 'Catalog keys (the Id property) of the conversations to get. Objects with an Id property, such as conversations from an earlier Get-Conversation, bind by property name.'
        ConversationId = 'Recorder GUIDs (the ConversationId property) of the conversations to get; exact match, no wildcards. Strings piped to the cmdlet bind here, as do objects with a ConversationId property.'
        First          = 'Returns at most this many conversations, the first in catalog order. Without it, every matching conversation is returned.'
        Catalog        = 'The catalog to read, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Conversation ids (recorder GUIDs) bind to -ConversationId; each piped value is looked up in turn.' }
        @{ Type = 'ConversationExport.Conversation'; Description = 'Objects with Id or ConversationId properties bind to those parameters by property name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.Conversation'; Description = 'One object per conversation, with every catalog field: Id, ConversationId, NativeId, From, FromInfo, To, ToInfo, User, Group, StartTimeUtc, EndTimeUtc, Duration, Direction, ConversationType, Labels, Cases, Dataset, CdrOnly, Files and more.' }
    )
    Examples    = @(
        @{
            Title   = 'Look at the first conversations of the catalog'
            Code    = 'Get-Conversation -First 20'
            Remarks = 'Lists the first 20 conversations of the session''s catalog as a table.'
        }
        @{
            Title   = 'Show every field of one conversation'
            Code    = 'Get-Conversation -ConversationId 9b2f0c1e-5d6a-4c1b-8e55-0f1d2a3b4c5d | Format-List *'
            Remarks = 'Looks the conversation up by its recorder GUID and shows all of its fields, including labels, cases and files.'
        }
        @{
            Title   = 'Look up a list of conversation ids from a file'
            Code    = 'Get-Content ./ids.txt | Get-Conversation | Select-Object ConversationId, StartTimeUtc, From, To, User'
            Remarks = 'Each line of the file binds to -ConversationId. Ids that are not in the catalog produce no output.'
        }
        @{
            Title   = 'Summarize the catalog'
            Code    = @'
Get-Conversation | Group-Object ConversationType | Sort-Object Count -Descending | Format-Table Name, Count
Get-Conversation | Where-Object { $_.Labels.LegalHold -contains $true } | Measure-Object
'@
            Remarks = 'Conversations stream through the pipeline, so these work on large catalogs; the second line counts the conversations with a label under legal hold.'
        }
        @{
            Title   = 'Read another catalog without connecting to it'
            Code    = @'
$archive = Connect-ConversationCatalog -Path /srv/ce/archive.db
Get-Conversation -Catalog $archive -Id 1, 2, 3
'@
            Remarks = 'Gets the conversations with catalog keys 1, 2 and 3 from the catalog passed to -Catalog.'
        }
    )
    Links       = @('Import-Conversation', 'Connect-ConversationCatalog', 'about_ConversationExport')
}
