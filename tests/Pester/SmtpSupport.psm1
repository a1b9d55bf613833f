# A real SMTP server for the notification tests: SmtpSink.py on aiosmtpd (Debian python3-aiosmtpd,
# installed by Assert-TestPrerequisites in build.ps1), on a free loopback port, started and stopped by the tests.

# The interpreter that has aiosmtpd: the Debian package installs it for the system python3, which a
# python3 earlier on PATH (pyenv, a venv) does not see.
function Get-SmtpSinkPython {
    $candidates = @('/usr/bin/python3') + @(Get-Command python3, python -CommandType Application -ErrorAction Ignore | ForEach-Object Source)
    foreach ($python in $candidates | Select-Object -Unique) {
        if (-not (Test-Path $python)) { continue }
        & $python -c 'import aiosmtpd' 2>$null
        if ($LASTEXITCODE -eq 0) { return $python }
    }
    throw 'No python3 with aiosmtpd: install python3-aiosmtpd (./build.ps1 Test does so on Debian as root).'
}

# Starts the server; returns Port, Folder (one JSON file per message) and the process. With -CertificatePath and
# -KeyPath (PEM) it offers STARTTLS and requires it, as a submission server on port 587 does.
function Start-TestSmtpServer {
    param([Parameter(Mandatory)] [string] $Folder, [string] $Login, [string] $CertificatePath, [string] $KeyPath)
    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    $start = [Diagnostics.ProcessStartInfo]::new((Get-SmtpSinkPython))
    foreach ($argument in @((Join-Path $PSScriptRoot 'SmtpSink.py'), $Folder) + ($Login ? @('--login', $Login) : @()) + ($CertificatePath ? @('--tls', $CertificatePath, $KeyPath) : @())) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($start)
    $ready = $process.StandardOutput.ReadLineAsync()
    if (-not $ready.Wait(20000) -or $ready.Result -notmatch '^READY (\d+)$') {
        Stop-TestSmtpServer ([pscustomobject]@{ Process = $process })
        throw "The test SMTP server did not start: '$($ready.IsCompleted ? $ready.Result : 'no answer in 20 s')'."
    }
    [pscustomobject]@{ Port = [int]$Matches[1]; Folder = $Folder; Process = $process }
}

function Stop-TestSmtpServer {
    param($Server)
    if ($null -eq $Server -or $null -eq $Server.Process) { return }
    $process = $Server.Process
    if (-not $process.HasExited) {
        Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
        $null = $process.WaitForExit(10000)
    }
}

# The messages the server received, oldest first.
function Get-TestMail {
    param([Parameter(Mandatory)] $Server)
    Get-ChildItem -LiteralPath $Server.Folder -Filter '*.json' | Sort-Object Name | ForEach-Object { Get-Content -LiteralPath $_.FullName -Raw | ConvertFrom-Json }
}

# A loopback port nothing listens on: bound, then released.
function Get-ClosedPort {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

Export-ModuleMember -Function Get-SmtpSinkPython, Start-TestSmtpServer, Stop-TestSmtpServer, Get-TestMail, Get-ClosedPort
