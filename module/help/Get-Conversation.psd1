@{
    Synopsis    = 'Lists the conversations that match a query, from the catalog or straight from a recording folder.'
    Description = @'
Get-Conversation is the search and list page of the recording system. It writes each matching conversation to the pipeline as soon as it is read, a page at a time, so it can list a catalog of any size without holding it in memory. Without criteria it lists every conversation.

Criteria are given as parameters named after the Conversation Detail Fields (-From, -User, -Direction, -StartTimeFrom, -Label ...), as a query object from New-ConversationQuery (piped or with -Query), or both: parameters given beside a query narrow it further. All criteria must hold (AND); the values given to one parameter are alternatives (OR). Text values match without regard to the case of the letters A-Z, and * and ? are wildcards (a backtick escapes them: '`*'). A criterion on a field the conversation does not have (no analytics, no end time) does not match.

From the catalog (the default), conversations come in catalog order (Id), or by start time with -SortBy StartTime; -Descending reverses the order. -First and -Skip page through the result, -Count returns only the number of matches, and -Id picks records by their catalog key.

An -Id, or a -ConversationId without wildcards, that matches no conversation is reported as a non-terminating error, ConversationNotFound (category ObjectNotFound), after the conversations that did match; a -ConversationId with wildcards that matches nothing returns nothing. With -First, -Skip or -Count nothing is reported, since paging can leave a match out.

With -Path, Get-Conversation reads the XML sidecars of a recording folder instead of a catalog and evaluates the same criteria on them, so you can look into a folder before importing it. Nothing is written anywhere; a bad sidecar is reported as a non-terminating error naming the file (the same error ids as Import-Conversation), and the listing goes on.

Press Ctrl+C to stop a long listing.
'@
    Include     = @('Criteria')
    Parameters  = @{
        Id                = 'Catalog keys (the Id property) of the conversations to get. Objects with an Id property, such as conversations from an earlier Get-Conversation, bind by property name.'
        Query             = 'A query from New-ConversationQuery. Query objects piped to the cmdlet bind here. Criteria parameters given on the same command are added to the query''s criteria.'
        Catalog           = 'The catalog to search, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        Path              = 'A recording folder to read instead of a catalog: its XML sidecars, in this folder and every folder below it, are read and matched against the criteria. It is used exactly as written (no wildcards; aliases LiteralPath, PSPath and LP). A relative path is resolved against the current PowerShell location.'
        SortBy            = @{ Description = 'The order of the result: Id (catalog order, the default) or StartTime.'; DefaultValue = 'Id' }
        Descending        = 'Reverses the order given by -SortBy: newest or highest Id first.'
        Count             = 'Returns only the number of matching conversations (an Int64), not the conversations.'
        AsOf              = 'The moment -RecentThan and -OlderThan count back from, instead of now. A time without a zone is UTC. Use it to repeat a relative query exactly as it ran before.'
        IncludeTotalCount = 'Writes the total number of matching conversations (shown as "Total count: N") before the conversations; with -Path, after them, since a folder is counted by reading it.'
        Skip              = 'Skips this many matching conversations, in the order of -SortBy, before returning any.'
        First             = 'Returns at most this many conversations, the first in the order of -SortBy after -Skip.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.ConversationQuery'; Description = 'A query from New-ConversationQuery binds to -Query.' }
        @{ Type = 'System.Object'; Description = 'Objects with an Id property, such as conversations, bind to -Id by property name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.Conversation'; Description = 'One object per matching conversation, with every catalog field: Id, ConversationId, NativeId, From, FromInfo, To, ToInfo, User, Group, StartTimeUtc, EndTimeUtc, Duration, Direction, ConversationType, Labels, Cases, Dataset, CdrOnly, Files and more. Conversations read with -Path have Id 0.' }
        @{ Type = 'System.Int64'; Description = 'With -Count, the number of matching conversations.' }
    )
    Notes       = 'Text criteria compare letters A-Z without regard to case and every other character exactly, the same in the catalog and in a recording folder, so a query selects the same conversations from both.'
    Examples    = @(
        @{
            Title   = 'Look at the latest conversations'
            Code    = 'Get-Conversation -SortBy StartTime -Descending -First 20'
            Remarks = 'Lists the 20 most recent conversations of the session''s catalog as a table.'
        }
        @{
            Title   = 'Search by party, direction and time'
            Code    = 'Get-Conversation -BothToOrFrom ''+3612345678'' -Direction Inbound, Outbound -StartTimeFrom 2026-11-01 -StartTimeTo 2026-12-01'
            Remarks = 'Lists the calls in November 2026 (UTC) where +3612345678 was either party. The two directions are alternatives; the other criteria must all hold.'
        }
        @{
            Title   = 'Show every field of one conversation'
            Code    = 'Get-Conversation -ConversationId 9b2f0c1e-5d6a-4c1b-8e55-0f1d2a3b4c5d | Format-List *'
            Remarks = 'Shows all fields of the conversation with that recorder GUID, including labels, cases and files.'
        }
        @{
            Title   = 'Count before you export'
            Code    = @'
$query = New-ConversationQuery -Group Sales -Label Complaint -RecentThan 30d
Get-Conversation -Query $query -Count
'@
            Remarks = 'Returns the number of conversations of the Sales group labelled Complaint in the last 30 days, without listing them.'
        }
        @{
            Title   = 'Page through a large result'
            Code    = @'
$page = 0
do {
    $batch = @(Get-Conversation -User jsmith -Skip ($page * 500) -First 500)
    $batch | Export-Csv ./jsmith.csv -Append -NoTypeInformation
    $page++
} while ($batch.Count -eq 500)
'@
            Remarks = 'Reads the conversations of user jsmith 500 at a time.'
        }
        @{
            Title   = 'Look into a recording folder before importing it'
            Code    = 'Get-Conversation -Path /srv/recordings/rec01 -ConversationType Voice -MinDuration 5m | Format-Table'
            Remarks = 'Reads the sidecars under the folder and lists the voice calls of five minutes or more; nothing is imported. Bad sidecars are reported as errors.'
        }
        @{
            Title   = 'Exclude with -Criterion'
            Code    = 'Get-Conversation -Direction Outbound -Criterion @{ Field = ''To''; Operator = ''NotLike''; Value = ''+36*'' }'
            Remarks = 'Lists outbound calls to numbers outside Hungary: -Criterion expresses negations and any operator the dedicated parameters do not.'
        }
    )
    Links       = @('New-ConversationQuery', 'Import-Conversation', 'Connect-ConversationCatalog', 'about_ConversationExport')
}
