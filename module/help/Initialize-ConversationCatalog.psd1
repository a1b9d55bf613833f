@{
    Synopsis    = 'Creates a conversation catalog, or upgrades an existing one to the current schema, and makes it the catalog of this session.'
    Description = @'
Initialize-ConversationCatalog creates the database that holds conversation records and the module's own state, or upgrades an existing catalog to the schema version this module writes. Running it again on a current catalog changes nothing, so it is safe in setup scripts.

Without parameters it initializes your embedded SQLite catalog: the file named by the CONVERSATIONEXPORT_CATALOG environment variable, otherwise ConversationExport/catalog.db in your local application data folder (%LOCALAPPDATA% on Windows, $XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application Support on macOS). Missing folders on the way to the file are created, for the default location and for -Path alike.

The catalog becomes the default of this PowerShell session: the other cmdlets use it until Connect-ConversationCatalog or another Initialize-ConversationCatalog chooses a different one. The user who initializes a new catalog becomes its first administrator, and the initialization is written to the catalog's audit log.

The cmdlet refuses, with a terminating error and the catalog left unchanged:
- a database newer than this module understands (CatalogSchemaTooNew): update the module;
- a catalog whose schema_version table is damaged: empty, more than one row, or a version that is not a whole number from 1 (CatalogSchemaDamaged): restore it from a backup;
- a catalog file with damaged pages, found by SQLite's integrity check (PRAGMA quick_check) before anything is written (CatalogCorrupt): the message lists the first problems; restore the file from a backup, or save what is readable with sqlite3 <file> .recover;
- a database that already holds other tables but is not a conversation catalog (CatalogNotConversationExport);
- a -Path that is an existing folder, or that runs through an existing file (OutputPathWrongKind);
- a provider this build does not support (CatalogProviderNotSupported), a wrong server login (CatalogLoginFailed), an unreachable server (CatalogUnavailable).
'@
    Parameters  = @{
        Path             = @{
            Description  = 'The SQLite catalog file to create or upgrade, used exactly as written (no wildcards; aliases LiteralPath, PSPath and LP, so a file from Get-Item binds by its PSPath). A relative path is resolved against the current PowerShell location. The file is created when it does not exist, and so are missing folders on the way to it. When omitted, the embedded catalog of the current user is used (see the description).'
            DefaultValue = '$env:CONVERSATIONEXPORT_CATALOG, else <LocalApplicationData>/ConversationExport/catalog.db'
        }
        ConnectionString = 'A connection string for the catalog, used with -Provider. Sqlite: the string''s Data Source names the catalog file. SqlServer: Microsoft.Data.SqlClient keywords, at least Server and Database. PostgreSql: Npgsql keywords, at least Host and Database (for example ''Host=db01;Port=5432;Database=recordings''); the login comes from -Credential, or from a .pgpass file when the string names only Username. A password written in the string is moved out of it into the session''s credential, so the connection string the catalog object shows, and the one background and scheduled runs receive, never holds a password. The connection string is not shown in the default output.'
        Provider         = 'The database provider of -ConnectionString: Sqlite, SqlServer or PostgreSql. A SqlServer string needs Server and Database (''Server=db01;Database=recordings;Integrated Security=true''); a PostgreSql string needs Host and Database. See docs/catalog-providers.md for what is verified on each provider.'
        Credential       = 'The login to the database server of a PostgreSql or SqlServer catalog (user name and password; leave it out for Integrated Security). It is kept in the session only: never in the connection string, the catalog, a log or a scheduled command line. A wrong login fails with the error id CatalogLoginFailed, an unreachable server with CatalogUnavailable; connecting is retried a few times with backoff while the server reports a transient failure.'
        WhatIf           = 'Shows which catalog would be created or upgraded. Nothing is written to the catalog.'
        Confirm          = 'Prompts you for confirmation before the catalog is created or upgraded.'
    }
    Inputs      = @(
        @{ Type = 'System.Object'; Description = 'Any object with a Path property can be piped; its value binds to -Path.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.CatalogInfo'; Description = 'The initialized catalog: Provider, Path, SchemaVersion and the number of Conversations it holds. Pass it to -Catalog of any cmdlet, or pipe it to Connect-ConversationCatalog to make it the session default again later.' }
    )
    Notes       = @'
Error ids are stable across versions; match them in scripts with $error[0].FullyQualifiedErrorId -like 'CatalogSchemaTooNew,*'.

The session default is per runspace: background jobs and other runspaces in the same process do not see it and fall back to the embedded catalog unless given -Catalog.
'@
    Examples    = @(
        @{
            Title   = 'Create a catalog in an empty PostgreSQL database'
            Code    = 'Initialize-ConversationCatalog -Provider PostgreSql -ConnectionString ''Host=db01;Database=recordings'' -Credential (Get-Credential ce_admin)'
            Remarks = 'Creates the catalog''s tables in the database (which must exist and be empty; a database with other tables is refused with CatalogNotConversationExport) and makes you its first administrator.'
        }
        @{
            Title   = 'Create the embedded catalog of the current user'
            Code    = 'Initialize-ConversationCatalog'
            Remarks = 'Creates (or upgrades) the default catalog file and its folder, and makes it the session default. The output shows the provider, schema version, number of conversations and the file path.'
        }
        @{
            Title   = 'Create a catalog in a chosen file'
            Code    = @'
$catalog = Initialize-ConversationCatalog -Path /srv/ce/catalog.db
$catalog | Format-List Provider, Path, SchemaVersion, Conversations
'@
            Remarks = 'The folder /srv/ce is created when it does not exist. The returned object can later be passed to -Catalog of other cmdlets.'
        }
        @{
            Title   = 'Upgrade every site catalog after a module update'
            Code    = @'
Get-ChildItem /srv/ce/sites -Filter *.db |
    Select-Object @{ Name = 'Path'; Expression = { $_.FullName } } |
    Initialize-ConversationCatalog
'@
            Remarks = 'Objects with a Path property bind to -Path by property name. Each catalog is migrated forward to the current schema; catalogs that are already current are left as they are.'
        }
        @{
            Title   = 'Preview without writing'
            Code    = 'Initialize-ConversationCatalog -Path ./catalog.db -WhatIf'
            Remarks = 'Shows which catalog would be created or upgraded and writes nothing to it.'
        }
    )
    Links       = @('Connect-ConversationCatalog', 'Import-Conversation', 'Get-Conversation', 'about_ConversationExport')
}
