@{
    Synopsis    = 'Creates a named storage target: a folder, an SFTP server, an Azure Blob container or an S3 bucket that export tasks write to.'
    Description = @'
New-StorageTarget saves a named destination in the catalog, so that export tasks refer to it by name (New-ExportTask -StorageTarget <name>) and a move of the export share is one change instead of one per task. It returns the new target.

Types (-Type): FileSystem (a local path or UNC share, -Path), Sftp (-HostName, -Port, -Credential or -PrivateKeyPath, -HostKeyFingerprint or -AcceptHostKey, -RemoteFolder), AzureBlob (-ConnectionString and -Container, or -ContainerUri and -Sas; -Prefix) and S3 (-Bucket, -Credential with the access keys, -Region, -Endpoint for S3-compatible services, -Prefix, -ObjectLockDays and -ObjectLockMode). Credentials are stored only encrypted and are never shown; Get-StorageTarget says HasCredential.

Every type delivers the same way: a part or file is written under a temporary name (or as uncommitted blocks, or an open multipart upload) and committed atomically, its size (and hash where the service returns one) is checked, and transient faults are retried with backoff. Test-StorageTarget checks a target before use.

Errors, with their error ids:
- StorageTargetExists: a target of that name already exists (names are compared without regard to case);
- ExportSettingInvalid: the name is empty, too long or has control characters, or a parameter the type needs is missing or malformed (the message names it);
- SftpHostKeyUnknown: an Sftp target without -HostKeyFingerprint or -AcceptHostKey;
- StorageTargetUnavailable: -AcceptHostKey could not reach the server.

The creation is recorded in the catalog's audit log, without any secret.
'@
    Parameters  = @{
        Name        = 'The target''s name, unique in the catalog: 1 to 100 printable characters. Export tasks refer to the target by it.'
        Type        = @{ Description = 'The kind of target; one of {Enum:ConversationExport.StorageTargetType}.'; DefaultValue = 'FileSystem' }
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
        WhatIf      = 'Shows the target that would be created without creating it.'
    }
    Inputs      = @(
        @{ Type = 'System.Object'; Description = 'Objects with Name, Type, Path, Description and the other non-secret properties, such as the rows of Import-Csv, bind by property name: one target is created per object.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.StorageTarget'; Description = 'The new target, without its credentials.' }
    )
    Examples    = @(
        @{
            Title   = 'Create a target on a file share'
            Code    = 'New-StorageTarget -Name Legal -Path \\nas01\compliance\legal -Description ''Legal hold exports, owned by the compliance team'''
            Remarks = 'Creates the target Legal. Tasks created with -StorageTarget Legal write their archives to the share.'
        }
        @{
            Title   = 'An SFTP server with a pinned host key'
            Code    = 'New-StorageTarget -Name Vault -Type Sftp -HostName sftp.example.net -Credential (Get-Credential exporter) -HostKeyFingerprint ''SHA256:4Bq3l0Vx5mZ2n9WcS1o8pQy7rTzUjK6aHfDgEiLkM3s'' -RemoteFolder /exports'
            Remarks = 'The fingerprint comes from the server''s administrator (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub); a server offering another key is refused.'
        }
        @{
            Title   = 'An Azure Blob container and an S3 bucket with Object Lock'
            Code    = @'
New-StorageTarget -Name Blob -Type AzureBlob -ConnectionString (Read-Host -AsSecureString) -Container exports -Prefix site1
New-StorageTarget -Name Worm -Type S3 -Region eu-central-1 -Bucket compliance-worm -Credential (Get-Credential) -ObjectLockDays 3650 -ObjectLockMode Compliance
'@
            Remarks = 'The connection string and the access keys are stored encrypted. Every object the Worm target delivers is locked for ten years.'
        }
        @{
            Title   = 'Create the targets of several sites from a CSV file'
            Code    = @'
# targets.csv, one row per site:
Set-Content ./targets.csv -Value 'Name,Path,Description', 'Budapest,\\bud-nas\exports,Budapest site', 'London,\\lon-nas\exports,London site'
Import-Csv ./targets.csv | New-StorageTarget
'@
            Remarks = 'Each row becomes a target; Name, Path and Description bind from the columns of the same name.'
        }
    )
    Links       = @('Get-StorageTarget', 'Set-StorageTarget', 'Test-StorageTarget', 'Remove-StorageTarget', 'New-ExportTask', 'about_ConversationExport')
}
