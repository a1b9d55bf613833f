# The storage servers the target tests run against, started on loopback ports by the tests themselves:
# OpenSSH's sshd (its own config and host key in a temp folder), Azurite (Azure Blob) and s3rver (S3),
# both from tests/services/package.json (npm ci there brings them; Start-TestServices in build.ps1 does).

$script:NodeModules = Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'tests/services/node_modules'

function Get-FreeTcpPort {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Wait-TcpPort([int] $Port, [Diagnostics.Process] $Process, [string] $What) {
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($Process.HasExited) { throw "$What exited with code $($Process.ExitCode) before listening on port $Port." }
        $client = [Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $Port); return } catch { Start-Sleep -Milliseconds 200 } finally { $client.Dispose() }
    }
    throw "$What did not listen on port $Port within 60 s."
}

function Start-ServiceProcess([string] $File, [string[]] $Arguments, [string] $Log) {
    $start = [Diagnostics.ProcessStartInfo]::new($File)
    foreach ($argument in $Arguments) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    # Drained asynchronously so a chatty server never blocks on a full pipe.
    $null = $process.StandardOutput.BaseStream.CopyToAsync([IO.File]::OpenWrite("$Log.out"))
    $null = $process.StandardError.BaseStream.CopyToAsync([IO.File]::OpenWrite("$Log.err"))
    $process
}

# sshd as root on a loopback port with a fresh ed25519 host key; root logs in with a fresh client key.
# Returns Host, Port, Fingerprint (SHA256:…), KeyPath (the client's private key), Folder (the SFTP root to export to).
function Start-SftpServer {
    param([Parameter(Mandatory)] [string] $Root, [int] $Port = (Get-FreeTcpPort), [string] $HostKey)
    New-Item -ItemType Directory -Path $Root, (Join-Path $Root 'exports') -Force | Out-Null
    New-Item -ItemType Directory -Path '/run/sshd' -Force | Out-Null  # sshd's privilege separation folder
    if (-not $HostKey) {
        $HostKey = Join-Path $Root 'host_ed25519'
        if (-not (Test-Path $HostKey)) { & ssh-keygen -q -t ed25519 -N '' -f $HostKey | Out-Null }
    }
    $clientKey = Join-Path $Root 'client_ed25519'
    if (-not (Test-Path $clientKey)) { & ssh-keygen -q -t ed25519 -N '' -f $clientKey | Out-Null }
    Copy-Item "$clientKey.pub" (Join-Path $Root 'authorized_keys')
    $config = Join-Path $Root 'sshd_config'
    Set-Content -LiteralPath $config -Value @"
Port $Port
ListenAddress 127.0.0.1
HostKey $HostKey
PidFile $Root/sshd.pid
AuthorizedKeysFile $Root/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
"@
    $process = Start-ServiceProcess (Get-Command sshd).Source @('-D', '-e', '-f', $config) (Join-Path $Root 'sshd')
    Wait-TcpPort $Port $process 'sshd'
    $fingerprint = ((& ssh-keygen -lf "$HostKey.pub") -split ' ')[1]
    [pscustomobject]@{ Process = $process; Host = '127.0.0.1'; Port = $Port; Fingerprint = $fingerprint; KeyPath = $clientKey; Folder = (Join-Path $Root 'exports'); Root = $Root; HostKey = $HostKey }
}

# Azurite's blob service on a loopback port, its data in Root. Returns ConnectionString and Port.
function Start-AzuriteServer {
    param([Parameter(Mandatory)] [string] $Root, [int] $Port = (Get-FreeTcpPort))
    New-Item -ItemType Directory -Path $Root -Force | Out-Null
    $azurite = Join-Path $script:NodeModules 'azurite/dist/src/blob/main.js'
    if (-not (Test-Path $azurite)) { throw "Azurite is missing: run 'npm ci' in tests/services (build.ps1 Test does)." }
    $process = Start-ServiceProcess 'node' @($azurite, '--blobHost', '127.0.0.1', '--blobPort', "$Port", '--location', $Root, '--silent', '--skipApiVersionCheck', '--loose') (Join-Path $Root 'azurite')
    Wait-TcpPort $Port $process 'Azurite'
    $key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='  # Azurite's published development key
    [pscustomobject]@{ Process = $process; Port = $Port; Root = $Root
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$Port/devstoreaccount1;" }
}

# s3rver on a loopback port with the bucket 'exports', its data in Root. Returns Endpoint, Bucket and the
# server's fixed development keys (S3RVER / S3RVER).
function Start-S3Server {
    param([Parameter(Mandatory)] [string] $Root, [int] $Port = (Get-FreeTcpPort))
    New-Item -ItemType Directory -Path $Root -Force | Out-Null
    $s3rver = Join-Path $script:NodeModules 's3rver/bin/s3rver.js'
    if (-not (Test-Path $s3rver)) { throw "s3rver is missing: run 'npm ci' in tests/services (build.ps1 Test does)." }
    $process = Start-ServiceProcess 'node' @($s3rver, '-d', $Root, '-a', '127.0.0.1', '-p', "$Port", '--silent', '--configure-bucket', 'exports') (Join-Path $Root 's3rver')
    Wait-TcpPort $Port $process 's3rver'
    [pscustomobject]@{ Process = $process; Port = $Port; Root = $Root; Endpoint = "http://127.0.0.1:$Port"; Bucket = 'exports'; AccessKeyId = 'S3RVER'; SecretAccessKey = 'S3RVER' }
}

# Ends a server this test started, by its id.
function Stop-TestService {
    param($Service)
    if ($null -eq $Service -or $null -eq $Service.Process) { return }
    if (-not $Service.Process.HasExited) {
        Stop-Process -Id $Service.Process.Id -Force -ErrorAction SilentlyContinue
        $null = $Service.Process.WaitForExit(10000)
    }
}

Export-ModuleMember -Function Get-FreeTcpPort, Start-SftpServer, Start-AzuriteServer, Start-S3Server, Stop-TestService
