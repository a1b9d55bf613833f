@{
    Synopsis    = 'Checks that storage targets work: connects, writes and deletes a probe, and reports the latency and what failed.'
    Description = @'
Test-StorageTarget opens each target with its stored settings and credentials, writes a small probe file under a temporary name, commits it, and deletes it again, once, without retries. It returns one result per target: Succeeded, Latency, Location and, when it failed, Failure (the step and the service's reason) and ErrorId (for example StorageTargetUnavailable for an unreachable server, StorageTargetAccessDenied for credentials the server refuses, SftpHostKeyMismatch for a host key that is not the pinned one, DestinationNotWritable for a missing folder). A failed test is a result, not an error; an unknown target name is a non-terminating StorageTargetNotFound error.
The test is recorded in the catalog's audit log.
'@
    Parameters  = @{
        Name    = 'The targets to test. Completes from the catalog''s targets; targets from Get-StorageTarget bind by name.'
        Catalog = 'The catalog holding the targets. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'ConversationExport.StorageTarget'; Description = 'Targets from Get-StorageTarget bind by their Name.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.StorageTargetTest'; Description = 'Name, Type, Location, Succeeded, Latency, Failure and ErrorId.' }
    )
    Examples    = @(
        @{
            Title   = 'Test one target'
            Code    = 'Test-StorageTarget -Name Vault'
            Remarks = 'Shows whether the probe could be written and deleted, and how long it took.'
        }
        @{
            Title   = 'Fail a runbook early when any target is down'
            Code    = @'
$failed = Get-StorageTarget | Test-StorageTarget | Where-Object { -not $_.Succeeded }
if ($failed) { throw "Storage targets down: $($failed.Name -join ', ')" }
'@
            Remarks = 'Tests every target before the night''s exports start.'
        }
    )
    Links       = @('New-StorageTarget', 'Set-StorageTarget', 'Get-StorageTarget')
}
