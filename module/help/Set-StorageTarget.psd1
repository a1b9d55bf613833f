@{
    Synopsis    = 'Changes a storage target''s settings or credentials.'
    Description = @'
Set-StorageTarget changes only the parameters given; the others keep their values. A credential given replaces the stored one (stored encrypted, never shown). The type of a target cannot change: create a new target and point the tasks at it. Runs already going keep the settings they started with; the next run uses the new ones.

Errors: StorageTargetNotFound (no target of that name), StorageTargetExists (-NewName is taken), ExportSettingInvalid (a value is missing or malformed; the message names it).
The change is recorded in the catalog's audit log, without any secret.
'@
    Parameters  = @{
        Name        = 'The target to change. Completes from the catalog''s targets.'
        NewName     = 'A new name for the target. Tasks refer to targets by name: point them at the new name with Set-ExportTask.'
        PassThru    = 'Returns the changed target.'
        HostName    = 'Sftp: the server''s name or address (aliases -Host, -ComputerName).'
        Port        = 'Sftp: the server''s TCP port, 1 to 65535. Default 22.'
        Credential  = 'Sftp: the account''s user name and password. S3: the access key id as user name and the secret access key as password. Stored only encrypted (see -SecretScope); never shown, logged or audited.'
        UserName    = 'Sftp: the account to log in with when a private key is given without -Credential.'
        PrivateKeyPath = 'Sftp: a private key file (OpenSSH or PEM format) to log in with; its content is stored encrypted, the file is not needed afterwards.'
        PrivateKeyPassphrase = 'Sftp: the passphrase of the private key, if it has one; stored encrypted.'
        HostKeyFingerprint = 'Sftp: the SHA-256 fingerprint of the server''s host key, as ssh-keygen -lf prints it (SHA256:...). Connections to a server offering any other key are refused with SftpHostKeyMismatch before a credential is sent.'
        AcceptHostKey = 'Sftp: without -HostKeyFingerprint, read the key the server offers now and pin it (trust on first use). Without either, the target is refused with SftpHostKeyUnknown.'
        RemoteFolder = 'Sftp: the folder on the server exports are written to, such as /exports. Created as needed.'
        ConnectionString = 'AzureBlob: the storage account''s connection string, as a SecureString; stored encrypted.'
        ContainerUri = 'AzureBlob: the container''s URL without a query, used with -Sas.'
        Sas         = 'AzureBlob: a shared access signature for -ContainerUri (with or without the leading ?), as a SecureString; stored encrypted. It needs read, write, list and delete permissions.'
        Container   = 'AzureBlob: the container''s name (with -ConnectionString). It must exist.'
        Prefix      = 'AzureBlob and S3: a name prefix (a virtual folder) every export is written under, such as exports/site1.'
        Endpoint    = 'S3: the service URL of an S3-compatible service, such as https://minio.example.net:9000; path-style addressing is used. Omit it for Amazon S3.'
        Region      = 'S3: the region, such as eu-central-1. Default us-east-1.'
        Bucket      = 'S3: the bucket''s name. It must exist (with Object Lock enabled if -ObjectLockDays is given).'
        ObjectLockDays = 'S3: keep every delivered object locked for this many days (S3 Object Lock); 0 on Set-StorageTarget removes the retention.'
        ObjectLockMode = 'S3: Governance (default; users with special permission may shorten the retention) or Compliance (nobody can).'
        AllowUser   = 'Restricts the target to these users: other users may not export to it (StorageTargetNotPermitted); administrators always may. With -AllowGroup, either list admits. An empty list (@()) lifts the user part of the restriction; leaving the parameter out keeps it.'
        AllowGroup  = 'Restricts the target to the members and supervisors of these groups. An empty list (@()) lifts the group part of the restriction; leaving the parameter out keeps it.'
        SecretScope = @{ Description = 'Who can decrypt the stored credential: User (the account that runs the cmdlet) or Machine (any account on this computer, for scheduled runs under another account).'; DefaultValue = 'User' }
        Path        = 'FileSystem: the folder exports are written to: a local path such as D:\Exports or a UNC share such as \\nas01\compliance\exports. A relative path is resolved against the current PowerShell location.'
        Description = 'Free text shown by Get-StorageTarget, such as who owns the target or what it is for.'
        Catalog     = 'The catalog holding the target, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
        WhatIf      = 'Shows which target would change without changing it.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.StorageTarget'; Description = 'Targets from Get-StorageTarget bind by their Name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.StorageTarget'; Description = 'With -PassThru, the changed target.' }
    )
    Examples    = @(
        @{
            Title   = 'Rotate an SFTP password'
            Code    = 'Set-StorageTarget -Name Vault -Credential (Get-Credential exporter)'
            Remarks = 'Replaces the stored password; everything else stays.'
        }
        @{
            Title   = 'Pin the new host key after a planned server rebuild'
            Code    = 'Set-StorageTarget -Name Vault -HostKeyFingerprint ''SHA256:9zQ1r4Vb2mN7c8XyT0u5pLs6kJhGfDeA3wB1oIqR2tE'' -PassThru | Test-StorageTarget'
            Remarks = 'Pins the fingerprint the server''s administrator confirmed, then checks that the target works.'
        }
    )
    Links       = @('New-StorageTarget', 'Get-StorageTarget', 'Test-StorageTarget')
}
