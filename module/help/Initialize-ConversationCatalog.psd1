@{
    Synopsis    = 'Creates a conversation catalog, or upgrades an existing one to the current schema, and makes it the catalog of this session.'
    Description = @'
Initialize-ConversationCatalog creates the database that holds conversation records and the module's own state, or upgrades an existing catalog to the schema version this module writes. Running it again on a current catalog changes nothing, so it is safe in setup scripts.

Without parameters it initializes your embedded SQLite catalog: the file named by the CONVERSATIONEXPORT_CATALOG environment variable, otherwise ConversationExport/catalog.db in your local application data folder (%LOCALAPPDATA% on Windows, $XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application Support on macOS). For the default location the folder is created; for an explicit -Path the folder must already exist.

The catalog becomes the default of this PowerShell session: the other cmdlets use it until Connect-ConversationCatalog or another Initialize-ConversationCatalog chooses a different one. The user who initializes a new catalog becomes its first administrator, and the initialization is written to the catalog's audit log.

The cmdlet refuses, with a terminating error and the catalog left unchanged:
- a database newer than this module understands (CatalogSchemaTooNew): update the module;
- a catalog whose schema_version table is damaged: empty, more than one row, or a version that is not a whole number from 1 (CatalogSchemaDamaged): restore it from a backup;
- a catalog file with damaged pages, found by SQLite's integrity check (PRAGMA quick_check) before anything is written (CatalogCorrupt): the message lists the first problems; restore the file from a backup, or save what is readable with sqlite3 <file> .recover;
- a database that already holds other tables but is not a conversation catalog (CatalogNotConversationExport);
- a folder that does not exist (CatalogFolderMissing);
- a server connection string without its server or database (CatalogConnectionInvalid), a login the server refuses (CatalogLoginFailed), or a database that does not exist on the server (CatalogNotFound).
'@
    Parameters  = @{
        Path             = @{
            Description  = 'The SQLite catalog file to create or upgrade. A relative path is resolved against the current PowerShell location. The folder must exist; the file is created when it does not. When omitted, the embedded catalog of the current user is used (see the description).'
            DefaultValue = '$env:CONVERSATIONEXPORT_CATALOG, else <LocalApplicationData>/ConversationExport/catalog.db'
        }
        ConnectionString = 'A connection string for the catalog, used with -Provider. For Sqlite the string''s Data Source names the catalog file and other keywords are ignored; for SqlServer and PostgreSql it names the server and database, and a password in it is moved into the catalog''s credential. The connection string is not shown in the default output because a server connection string may hold a password.'
        Provider         = 'The database provider of -ConnectionString: Sqlite, SqlServer or PostgreSql. A SqlServer string needs Server and Database (''Server=db01;Database=recordings;Integrated Security=true''); a PostgreSql string needs Host and Database. See docs/catalog-providers.md.'
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
            Title   = 'Create the embedded catalog of the current user'
            Code    = 'Initialize-ConversationCatalog'
            Remarks = 'Creates (or upgrades) the default catalog file and its folder, and makes it the session default. The output shows the provider, schema version, number of conversations and the file path.'
        }
        @{
            Title   = 'Create a catalog in a chosen file'
            Code    = @'
New-Item -ItemType Directory -Path /srv/ce -Force | Out-Null
$catalog = Initialize-ConversationCatalog -Path /srv/ce/catalog.db
$catalog | Format-List Provider, Path, SchemaVersion, Conversations
'@
            Remarks = 'The folder must exist before the catalog can be created in it. The returned object can later be passed to -Catalog of other cmdlets.'
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
