@{
    Synopsis    = 'Builds a conversation query from Conversation Detail Field criteria, or reads one back from its JSON.'
    Description = @'
New-ConversationQuery makes a query object: a list of criteria on the fields of a conversation, checked when the query is made. Pipe it to Get-Conversation, or keep it to use again. The query does not read the catalog.

Every parameter is a criterion. All criteria must hold (AND); the values given to one parameter are alternatives (OR). Text values match without regard to the case of the letters A-Z, and * and ? are wildcards (a backtick escapes them). Enum fields accept only their known names. Times without a zone are UTC. Anything the parameters cannot say, such as a negation, goes into -Criterion.

The query's Text property is its friendly form, for example "Direction is Inbound AND Start Time within last 7 days AND Label has any of (VIP)". Without criteria the query selects all conversations.

A query round-trips through JSON: ConvertTo-Json writes it at its default depth, and New-ConversationQuery -InputObject (or piping the JSON text, or the object ConvertFrom-Json makes of it) reads it back, checking it again.

Mistakes are terminating errors that name the field and what it accepts: QueryUnknownField, QueryOperatorNotValid, QueryValueNotValid, and QueryInputNotValid for input that is not a query.
'@
    Include     = @('Criteria')
    Parameters  = @{
        InputObject = 'A query to read back: a query object, its JSON text (from ConvertTo-Json or a file), or the object ConvertFrom-Json makes of that text (or a hashtable with a Criteria key). Its criteria are checked again. Criteria is an array of criteria, and an empty array ([]) is the query for all conversations; input without Criteria, or whose Criteria is null, is refused with QueryInputNotValid, so a damaged query file never widens a selection to every conversation. Criteria parameters given on the same command narrow it further (AND).'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'The JSON text of a query binds to -InputObject.' }
        @{ Type = 'ConversationExport.ConversationQuery'; Description = 'A query object binds to -InputObject.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ConversationQuery'; Description = 'The query: Text (its friendly form) and Criteria (Field, Operator and Value of each).' }
    )
    Examples    = @(
        @{
            Title   = 'Inbound VIP calls of the last week'
            Code    = @'
$query = New-ConversationQuery -Direction Inbound -RecentThan 7d -Label VIP
$query.Text
$query | Get-Conversation
'@
            Remarks = 'Builds the query, shows its friendly text ("Direction is Inbound AND Start Time within last 7 days AND Label has any of (VIP)") and lists the conversations that match it.'
        }
        @{
            Title   = 'Keep a query in a file and use it in a scheduled script'
            Code    = @'
New-ConversationQuery -Group Trading -ConversationType TraderVoice, Voice -MinDuration 30s |
    ConvertTo-Json | Set-Content ./trading-query.json

# later, in the scheduled script:
$query = Get-Content ./trading-query.json -Raw | New-ConversationQuery
Get-Conversation -Query $query -Count
'@
            Remarks = 'The JSON holds the criteria; reading it back checks them again, so a query edited by hand into something invalid fails clearly instead of selecting the wrong conversations.'
        }
        @{
            Title   = 'Negations and other operators with -Criterion'
            Code    = @'
New-ConversationQuery -User jsmith -Criterion @(
    @{ Field = 'From'; Operator = 'NotLike'; Value = '+1*' }
    @{ Field = 'Duration'; Operator = 'Between'; Values = '1m', '10m' }
)
'@
            Remarks = 'Conversations of jsmith whose caller is not a +1 number and that lasted from one to ten minutes.'
        }
        @{
            Title   = 'Legal hold review'
            Code    = 'New-ConversationQuery -Case ''2026-0017'' -ExcludeLabel Reviewed -Dataset Online, Archived'
            Remarks = 'Conversations of case 2026-0017 in either dataset that are not yet labelled Reviewed.'
        }
    )
    Links       = @('Get-Conversation', 'about_ConversationExport')
}
