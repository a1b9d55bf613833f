@{
    Synopsis    = 'Shows which conversation catalog the commands of this session use, and how it was chosen.'
    Description = @'
Get-ConversationCatalog opens the catalog that a command without -Catalog would use and returns it: the provider (Sqlite for an embedded file), the path of the file, the schema version, the number of conversations it holds, and ChosenBy, which says how it was chosen. Every cmdlet chooses its catalog the same way, in this order:

Parameter: the -Catalog parameter of the command.
Session: the catalog made the session's default by Connect-ConversationCatalog or Initialize-ConversationCatalog.
Environment: the SQLite file named by the CONVERSATIONEXPORT_CATALOG environment variable (scheduled runs set it).
Default: the current user's embedded catalog, catalog.db in the ConversationExport folder of the local application data folder (~/.local/share/ConversationExport/catalog.db on Linux, %LOCALAPPDATA%\ConversationExport\catalog.db on Windows, ~/Library/Application Support/ConversationExport/catalog.db on macOS).

Any cmdlet run with -Verbose says which catalog it uses and why. When the chosen catalog does not exist, the command fails with the error id CatalogNotFound; the message names the file, how it was chosen, and both ways out: Initialize-ConversationCatalog to create it, or Connect-ConversationCatalog to use an existing one.
'@
    Parameters  = @{
        Catalog = 'A catalog object from Initialize-ConversationCatalog or Connect-ConversationCatalog to show instead of the one the session would use; ChosenBy is then Parameter.'
    }
    Outputs     = @(
        @{ Type = 'ConversationExport.CatalogInfo'; Description = 'The catalog: Provider, Path, SchemaVersion, Conversations and ChosenBy (Parameter, Session, Environment or Default). The connection string is a property too but is not shown by the default view.' }
    )
    Examples    = @(
        @{
            Title   = 'Which catalog am I working on?'
            Code    = 'Get-ConversationCatalog'
            Remarks = 'Shows the provider, schema version, number of conversations, how the catalog was chosen and its path.'
        }
        @{
            Title   = 'See the choice with -Verbose'
            Code    = @'
$env:CONVERSATIONEXPORT_CATALOG = '/srv/ce/catalog.db'
Get-ConversationCatalog -Verbose
'@
            Remarks = 'Without a session catalog the environment variable decides; ChosenBy is Environment. Any cmdlet run with -Verbose writes the same line naming its catalog and how it was chosen.'
        }
        @{
            Title   = 'Stop a runbook that would work on the wrong catalog'
            Code    = @'
$catalog = Get-ConversationCatalog
if ($catalog.ChosenBy -eq 'Default') { throw "No catalog configured: connect one or set CONVERSATIONEXPORT_CATALOG." }
'@
            Remarks = 'ChosenBy is an enum that compares with its name.'
        }
    )
    Links       = @('Connect-ConversationCatalog', 'Initialize-ConversationCatalog', 'about_ConversationExport')
}
