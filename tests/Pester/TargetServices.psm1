# The storage servers the target tests run against, started on loopback ports by the tests themselves:
# OpenSSH's sshd (its own config and host key in a temp folder), Azurite (Azure Blob) and s3rver (S3),
# both from tests/services/package.json (npm ci there brings them; Start-TestServices in build.ps1 does).
#
# Each server keeps its data in a folder of its own under the system temp folder, never under Pester's
# TestDrive: Pester deletes whatever appeared in TestDrive during a Describe block when the block ends,
# which took Azurite's blob extents from under it (HTTP 500, ENOENT) in the next block. A server is
# started again on the same port and data with -Root and -Port of the one stopped with -KeepData.

$script:NodeModules = Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'tests/services/node_modules'

function Get-FreeTcpPort {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# A fresh data folder for one server: outside TestDrive (see above), removed by Stop-TestService.
function New-ServiceRoot([string] $Kind) {
    $root = Join-Path ([IO.Path]::GetTempPath()) "ce-test-$Kind-$([guid]::NewGuid().ToString('N').Substring(0, 12))"
    (New-Item -ItemType Directory -Path $root -Force).FullName
}

# Generous: on a loaded machine Node takes a while to load Azurite before it listens.
function Wait-TcpPort([int] $Port, [Diagnostics.Process] $Process, [string] $What, [int] $TimeoutSeconds = 180) {
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($Process.HasExited) { throw "$What exited with code $($Process.ExitCode) before listening on port $Port." }
        $client = [Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $Port); return } catch { Start-Sleep -Milliseconds 200 } finally { $client.Dispose() }
    }
    Stop-Process -Id $Process.Id -Force -ErrorAction SilentlyContinue  # never left running behind a failed start
    throw "$What did not listen on port $Port within $TimeoutSeconds s."
}

function Start-ServiceProcess([string] $File, [string[]] $Arguments, [string] $Log) {
    $start = [Diagnostics.ProcessStartInfo]::new($File)
    foreach ($argument in $Arguments) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    # Drained asynchronously so a chatty server never blocks on a full pipe.
    # Appended, and shared: a server started again on the same folder writes to the same logs, and a test may read them.
    foreach ($stream in @{ out = $process.StandardOutput; err = $process.StandardError }.GetEnumerator()) {
        $null = $stream.Value.BaseStream.CopyToAsync([IO.File]::Open("$Log.$($stream.Key)", 'Append', 'Write', 'ReadWrite'))
    }
    $process
}

# sshd as root on a loopback port with a fresh ed25519 host key; root logs in with a fresh client key.
# Returns Host, Port, Fingerprint (SHA256:…), KeyPath (the client's private key), Folder (the SFTP root to export to).
# -PasswordUser: that OS account may also log in with its password (as an SFTP user with a password does).
function Start-SftpServer {
    param([string] $Root = (New-ServiceRoot 'sftp'), [int] $Port = (Get-FreeTcpPort), [string] $HostKey, [string] $PasswordUser)
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
    if ($PasswordUser) { Add-Content -LiteralPath $config -Value "Match User $PasswordUser`n    PasswordAuthentication yes" }
    $process = Start-ServiceProcess (Get-Command sshd).Source @('-D', '-e', '-f', $config) (Join-Path $Root 'sshd')
    Wait-TcpPort $Port $process 'sshd'
    $fingerprint = ((& ssh-keygen -lf "$HostKey.pub") -split ' ')[1]
    [pscustomobject]@{ Kind = 'Sftp'; Process = $process; Host = '127.0.0.1'; Port = $Port; Fingerprint = $fingerprint; KeyPath = $clientKey; Folder = (Join-Path $Root 'exports'); Root = $Root; HostKey = $HostKey }
}

# Azurite's blob service on a loopback port, its data in Root. Returns ConnectionString and Port.
function Start-AzuriteServer {
    param([string] $Root = (New-ServiceRoot 'azurite'), [int] $Port = (Get-FreeTcpPort))
    New-Item -ItemType Directory -Path $Root -Force | Out-Null
    $azurite = Join-Path $script:NodeModules 'azurite/dist/src/blob/main.js'
    if (-not (Test-Path $azurite)) { throw "Azurite is missing: run 'npm ci' in tests/services (build.ps1 Test does)." }
    $process = Start-ServiceProcess 'node' @($azurite, '--blobHost', '127.0.0.1', '--blobPort', "$Port", '--location', $Root, '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry') (Join-Path $Root 'azurite')
    Wait-TcpPort $Port $process 'Azurite'
    $key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='  # Azurite's published development key
    [pscustomobject]@{ Kind = 'AzureBlob'; Process = $process; Port = $Port; Root = $Root; Key = $key
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$Port/devstoreaccount1;" }
}

# s3rver on a loopback port with the bucket 'exports' (and any -ExtraBucket), its data in Root. Returns Endpoint,
# Bucket and the server's fixed development keys (S3RVER / S3RVER).
function Start-S3Server {
    param([string] $Root = (New-ServiceRoot 's3'), [int] $Port = (Get-FreeTcpPort), [string[]] $ExtraBucket = @())
    New-Item -ItemType Directory -Path $Root -Force | Out-Null
    $s3rver = Join-Path $script:NodeModules 's3rver/bin/s3rver.js'
    if (-not (Test-Path $s3rver)) { throw "s3rver is missing: run 'npm ci' in tests/services (build.ps1 Test does)." }
    $buckets = foreach ($name in @('exports') + $ExtraBucket) { '--configure-bucket', $name }
    $process = Start-ServiceProcess 'node' (@($s3rver, '-d', $Root, '-a', '127.0.0.1', '-p', "$Port", '--silent') + $buckets) (Join-Path $Root 's3rver')
    Wait-TcpPort $Port $process 's3rver'
    [pscustomobject]@{ Kind = 'S3'; Process = $process; Port = $Port; Root = $Root; Endpoint = "http://127.0.0.1:$Port"; Bucket = 'exports'; AccessKeyId = 'S3RVER'; SecretAccessKey = 'S3RVER' }
}

# The ids of a process and of every process under it, the deepest first (Linux: sshd serves each connection
# from a child, in a session of its own, that outlives its parent).
function Get-ProcessTree([int] $Id) {
    if (-not $IsWindows -and (Get-Command pgrep -CommandType Application -ErrorAction Ignore)) {
        foreach ($child in @(& pgrep -P $Id)) { Get-ProcessTree ([int] $child) }
    }
    $Id
}

# Ends a server this test started, by its id, with the processes it started (open connections die with it,
# as when a machine goes away). Its data folder goes too, unless -KeepData (to start it again on the same data).
function Stop-TestService {
    param($Service, [switch] $KeepData)
    if ($null -eq $Service -or $null -eq $Service.Process) { return }
    if (-not $Service.Process.HasExited) {
        # Frozen first, so it accepts no connection while its children are collected.
        if (-not $IsWindows) { & kill -STOP $Service.Process.Id 2>$null }
        foreach ($id in Get-ProcessTree $Service.Process.Id) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue }
        $null = $Service.Process.WaitForExit(10000)
    }
    if (-not $KeepData -and $Service.Root -like (Join-Path ([IO.Path]::GetTempPath()) 'ce-test-*')) {
        Remove-Item -LiteralPath $Service.Root -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# ---- reading what a server holds, without the module or its SDKs ------------------------------------------
# Sftp: the files in the server's folder; S3: s3rver's object files on its disk; AzureBlob: Azurite's REST API
# with an account SAS signed here (HMAC-SHA256 of the published development key), read with Invoke-WebRequest.

function Get-AzuriteSas($Service) {
    $expiry = [DateTime]::UtcNow.AddHours(2).ToString('yyyy-MM-ddTHH:mm:ssZ')
    # Account SAS, version 2019-02-02: account, permissions, services, resource types, start, expiry, IP, protocol, version.
    $toSign = "devstoreaccount1`nrl`nb`nsco`n`n$expiry`n`n`n2019-02-02`n"
    $hmac = [Security.Cryptography.HMACSHA256]::new([Convert]::FromBase64String($Service.Key))
    $signature = [Convert]::ToBase64String($hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes($toSign)))
    "sv=2019-02-02&ss=b&srt=sco&sp=rl&se=$([uri]::EscapeDataString($expiry))&sig=$([uri]::EscapeDataString($signature))"
}

# Every file a server holds under Prefix ('/'-separated, relative to it): delivered files and temporaries alike
# (Azure: committed blobs only; uncommitted blocks have no name).
function Get-ServerFileName {
    param([Parameter(Mandatory)] $Service, [string] $Prefix = '')
    $prefix = $Prefix ? $Prefix.Trim('/') + '/' : ''
    switch ($Service.Kind) {
        'Sftp' {
            $root = $Service.Folder
            Get-ChildItem -LiteralPath $root -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($root, $_.FullName).Replace('\', '/') }
        }
        'S3' {
            $bucket = Join-Path $Service.Root $Service.Bucket
            Get-ChildItem -LiteralPath $bucket -Recurse -File -Filter '*._S3rver_object' | ForEach-Object {
                $key = [IO.Path]::GetRelativePath($bucket, $_.FullName).Replace('\', '/') -replace '\._S3rver_object$'
                if ($key.StartsWith($prefix)) { $key.Substring($prefix.Length) }
            }
        }
        'AzureBlob' {
            $uri = "http://127.0.0.1:$($Service.Port)/devstoreaccount1/exports?restype=container&comp=list&prefix=$([uri]::EscapeDataString($prefix))&$(Get-AzuriteSas $Service)"
            $response = Invoke-WebRequest -Uri $uri -SkipHttpErrorCheck
            if ($response.StatusCode -eq 404) { return }  # no container yet
            if ($response.StatusCode -ne 200) { throw "Listing Azurite's container failed: $($response.StatusCode) $($response.Content)" }
            ([xml] $response.Content).EnumerationResults.Blobs.Blob | Where-Object { $_ } | ForEach-Object { $_.Name.Substring($prefix.Length) }
        }
    }
}

# Copies one file a server holds (a name from Get-ServerFileName) to a local path.
function Copy-ServerFile {
    param([Parameter(Mandatory)] $Service, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Destination, [string] $Prefix = '')
    $prefix = $Prefix ? $Prefix.Trim('/') + '/' : ''
    switch ($Service.Kind) {
        'Sftp' { Copy-Item -LiteralPath (Join-Path $Service.Folder $Name) $Destination }
        'S3' { Copy-Item -LiteralPath (Join-Path $Service.Root $Service.Bucket "$prefix$Name._S3rver_object") $Destination }
        'AzureBlob' {
            $path = ($prefix + $Name).Split('/') | ForEach-Object { [uri]::EscapeDataString($_) }
            Invoke-WebRequest -Uri "http://127.0.0.1:$($Service.Port)/devstoreaccount1/exports/$($path -join '/')?$(Get-AzuriteSas $Service)" -OutFile $Destination
        }
    }
}

# Azurite keeps its blob and extent tables in memory and saves them every 5 s: a server killed before the
# save forgets what it had acknowledged. Before a test kills it on purpose, this waits until its files hold
# a blob whose name matches NamePattern (a regex), no probe, and every extent its blobs and blocks refer to.
function Wait-AzuriteSaved {
    param([Parameter(Mandatory)] $Service, [Parameter(Mandatory)] [string] $NamePattern, [double] $TimeoutSeconds = 60)
    $blobs = Join-Path $Service.Root '__azurite_db_blob__.json'
    $extents = Join-Path $Service.Root '__azurite_db_blob_extent__.json'
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        $blobText = Get-Content -LiteralPath $blobs -Raw -ErrorAction Ignore
        $extentText = Get-Content -LiteralPath $extents -Raw -ErrorAction Ignore
        if ($blobText -and $extentText -and $blobText -match "`"name`":`"[^`"]*$NamePattern`"" -and $blobText -notlike '*.ce-probe-*') {
            $ids = [regex]::Matches($blobText, '"persistency":\{"id":"([^"]+)"') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
            if (-not @($ids | Where-Object { $extentText -notlike "*$_*" })) { return }
        }
        Start-Sleep -Milliseconds 250
    }
    throw "Azurite did not save a blob matching '$NamePattern' and its extents within $TimeoutSeconds s."
}

Export-ModuleMember -Function Get-FreeTcpPort, Start-SftpServer, Start-AzuriteServer, Start-S3Server, Stop-TestService, Get-ServerFileName, Copy-ServerFile, Wait-AzuriteSaved
