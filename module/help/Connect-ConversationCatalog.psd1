@{
    Synopsis    = 'Makes an existing conversation catalog the default of this PowerShell session.'
    Description = @'
Connect-ConversationCatalog opens an existing catalog, checks that it is a conversation catalog this module understands, and makes it the catalog that the other cmdlets of this session use when they are not given -Catalog. It returns the catalog object, which you can keep in a variable and pass to -Catalog or pipe back to Connect-ConversationCatalog to switch to it again.

A catalog with an older schema is upgraded to the current schema when it is opened. The cmdlet does not create catalogs: a path with no file fails with the error id CatalogNotFound (use Initialize-ConversationCatalog to create one). A database that is not a conversation catalog fails with CatalogNotConversationExport, a catalog newer than this module with CatalogSchemaTooNew, a catalog whose schema_version table is empty, has more than one row or holds no whole-number version with CatalogSchemaDamaged, and a file with damaged pages with CatalogCorrupt; in each case the catalog is left unchanged and the session keeps its previous catalog.

Every cmdlet checks the catalog file for damage when it opens it (SQLite's PRAGMA quick_check), before it reads or writes anything, and refuses a damaged file with CatalogCorrupt, naming the file and the first problems found. The check reads the whole file once per command, which adds a moment on a large catalog. Restore a damaged catalog from a backup, or save what is still readable into a new file with sqlite3 <file> .recover.

The session default is per runspace: background jobs and other runspaces in the same process keep their own.
'@
    Parameters  = @{
        Path             = 'The SQLite catalog file to connect to, used exactly as written (no wildcards; aliases LiteralPath, PSPath and LP, so a file from Get-Item or Get-ChildItem binds by its PSPath). A relative path is resolved against the current PowerShell location. The file must exist.'
        ConnectionString = 'A connection string for the catalog, used with -Provider. Sqlite: the string''s Data Source names the catalog file. SqlServer: Microsoft.Data.SqlClient keywords, at least Server and Database. PostgreSql: Npgsql keywords, at least Host and Database (for example ''Host=db01;Port=5432;Database=recordings''); the login comes from -Credential, or from a .pgpass file when the string names only Username. A password written in the string is moved out of it into the session''s credential, so the connection string the catalog object shows, and the one background and scheduled runs receive, never holds a password. The connection string is not shown in the default output.'
        Provider         = 'The database provider of -ConnectionString: Sqlite, SqlServer or PostgreSql. A SqlServer string needs Server and Database (''Server=db01;Database=recordings;Integrated Security=true''); a PostgreSql string needs Host and Database. See docs/catalog-providers.md for what is verified on each provider.'
        Credential       = 'The login to the database server of a PostgreSql or SqlServer catalog (user name and password; leave it out for Integrated Security). It is kept in the session only: never in the connection string, the catalog, a log or a scheduled command line. A wrong login fails with the error id CatalogLoginFailed, an unreachable server with CatalogUnavailable; connecting is retried a few times with backoff while the server reports a transient failure.'
        InputObject      = 'A catalog object returned earlier by Initialize-ConversationCatalog or Connect-ConversationCatalog. The catalog is opened again and made the session default.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.CatalogInfo'; Description = 'A catalog object binds to -InputObject.' }
        @{ Type = 'System.Object'; Description = 'Any object with a Path property can be piped; its value binds to -Path.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.CatalogInfo'; Description = 'The connected catalog: Provider, Path, SchemaVersion and the number of Conversations it holds.' }
    )
    Notes       = 'Connecting a catalog for a single command also makes it the session default; keep the object of the catalog you want to return to and pipe it to Connect-ConversationCatalog afterwards.'
    Examples    = @(
        @{
            Title   = 'Work with another site''s catalog'
            Code    = @'
Connect-ConversationCatalog -Path /data/site2.db
Get-Conversation -First 10
'@
            Remarks = 'After connecting, Get-Conversation and the other cmdlets read /data/site2.db until the session connects to another catalog.'
        }
        @{
            Title   = 'Switch between two catalogs'
            Code    = @'
$main  = Connect-ConversationCatalog -Path D:\ce\main.db
$site3 = Connect-ConversationCatalog -Path D:\ce\site3.db
Get-Conversation -Catalog $main -First 5
$main | Connect-ConversationCatalog
'@
            Remarks = 'The second connection becomes the session default; -Catalog reads the main catalog for one command, and piping the saved object makes the main catalog the default again.'
        }
        @{
            Title   = 'Connect with a connection string'
            Code    = 'Connect-ConversationCatalog -Provider Sqlite -ConnectionString ''Data Source=/srv/ce/catalog.db'''
            Remarks = 'Equivalent to -Path /srv/ce/catalog.db.'
        }
        @{
            Title   = 'Connect to a catalog on a PostgreSQL server'
            Code    = 'Connect-ConversationCatalog -Provider PostgreSql -ConnectionString ''Host=db01;Port=5432;Database=recordings'' -Credential (Get-Credential ce_export)'
            Remarks = 'The database must hold a catalog made by Initialize-ConversationCatalog; an empty database or somebody else''s fails with CatalogNotConversationExport and nothing is created in it.'
        }
        @{
            Title   = 'Fail a runbook clearly when the catalog is missing'
            Code    = @'
$CatalogPath = '/srv/ce/catalog.db'     # in a runbook, usually its parameter
try {
    Connect-ConversationCatalog -Path $CatalogPath -ErrorAction Stop | Out-Null
}
catch {
    if ($_.FullyQualifiedErrorId -like 'CatalogNotFound,*') { Write-Error "No catalog at $CatalogPath"; exit 2 }
    throw
}
'@
            Remarks = 'Error ids are stable, so a script can tell a missing catalog from other failures.'
        }
    )
    Links       = @('Initialize-ConversationCatalog', 'Get-Conversation', 'about_ConversationExport')
}
