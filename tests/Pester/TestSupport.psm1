# Shared by the Pester suites: where the module under test is, and how to run a clean child session.

function Get-TestModulePath {
    if (-not $env:CONVERSATIONEXPORT_TEST_MODULE) { throw 'CONVERSATIONEXPORT_TEST_MODULE is not set: run the tests through ./build.ps1 Test.' }
    $env:CONVERSATIONEXPORT_TEST_MODULE
}

function Get-PwshPath { Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh') }

# Runs a script in a fresh pwsh process (nothing loaded yet) and returns its JSON output as objects.
function Invoke-CleanSession {
    param([Parameter(Mandatory)] [string] $Script)
    $file = Join-Path ([IO.Path]::GetTempPath()) ("ce-child-{0}.ps1" -f [guid]::NewGuid())
    Set-Content -Path $file -Value $Script
    try {
        $output = & (Get-PwshPath) -NoProfile -NonInteractive -File $file 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
    finally { Remove-Item $file -ErrorAction SilentlyContinue }
}

# The one recording generator of the Pester suites: recordings as a recording server writes them
# (docs/recording-sidecar.md), media "<name>.<ext>" beside the sidecar "<name>.xml". New-TestRecording
# writes one with every value a test may choose; Write-TestRecordings writes thousands fast. Both build
# the sidecar with the same code, so a format change is made once.
if (-not ('TestRecordings' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;

public sealed class TestRecordingSpec
{
    public string Id = Guid.NewGuid().ToString();
    public string Type = "Voice";
    public string Direction = "Inbound";
    public string Start = "2026-11-28T09:15:02.123Z";
    public string End = "2026-11-28T09:21:40.500Z";
    public string From = "+3612345678";
    public string FromInfo = "Jane Caller";
    public string To = "1234";
    public string ToInfo = "Agent Smith";
    public string User = "jsmith";
    public string[] Groups = { "Sales" };
    public string[] Labels = new string[0];
    public string[] LegalHoldLabels = new string[0];
    public string[] Cases = new string[0];
    /// <summary>Never a server of the demo corpus, so tests can tell hand-made recordings apart; null leaves it out.</summary>
    public string RecordingServer = "rec-hand.example.local";
    /// <summary>Left out unless set (the importer's default is Online).</summary>
    public string Dataset;
    public bool CdrOnly;
    public bool AllFields;
    /// <summary>Raw XML added inside the conversation element, for values no parameter covers (and invalid ones).</summary>
    public string ExtraXml;
    /// <summary>The files the sidecar lists, as (name, kind); none leaves the files element out.</summary>
    public string[] FileNames = new string[0];
    public string[] FileKinds = new string[0];
}

public static class TestRecordings
{
    // An attribute value survives XML's attribute normalization only with line breaks and tabs as character references.
    private static string Attribute(string text) =>
        SecurityElement.Escape(text ?? "").Replace("\r", "&#13;").Replace("\n", "&#10;").Replace("\t", "&#9;");

    private static string Text(string text) => SecurityElement.Escape(text ?? "");

    public static string Sidecar(TestRecordingSpec s)
    {
        var xml = new StringBuilder(1024)
            .Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<conversation xmlns=\"urn:conversation-export:recording:1\">\n")
            .Append("  <id>").Append(Text(s.Id)).Append("</id>\n")
            .Append("  <type>").Append(Text(s.Type)).Append("</type>\n")
            .Append("  <direction>").Append(Text(s.Direction)).Append("</direction>\n")
            .Append("  <start>").Append(Text(s.Start)).Append("</start>\n")
            .Append("  <end>").Append(Text(s.End)).Append("</end>\n")
            .Append("  <from number=\"").Append(Attribute(s.From)).Append("\" info=\"").Append(Attribute(s.FromInfo)).Append("\" deviceId=\"SEP001122334455\" ip=\"192.0.2.5\"/>\n")
            .Append("  <to number=\"").Append(Attribute(s.To)).Append("\" info=\"").Append(Attribute(s.ToInfo)).Append("\"/>\n")
            .Append("  <user name=\"").Append(Attribute(s.User)).Append("\" id=\"A-1001\" location=\"Budapest\" extension=\"1234\">");
        foreach (var group in s.Groups ?? new string[0]) xml.Append("<group>").Append(Text(group)).Append("</group>");
        xml.Append("</user>\n");
        if (!string.IsNullOrEmpty(s.RecordingServer)) xml.Append("  <recordingServer>").Append(Text(s.RecordingServer)).Append("</recordingServer>\n");
        if (!string.IsNullOrEmpty(s.Dataset)) xml.Append("  <dataset>").Append(Text(s.Dataset)).Append("</dataset>\n");
        if (s.CdrOnly) xml.Append("  <cdrOnly>true</cdrOnly>\n");
        if (s.AllFields) xml.Append(AllFields);
        var labels = (s.LegalHoldLabels ?? new string[0]).Select(l => "<label legalHold=\"true\">" + Text(l) + "</label>")
            .Concat((s.Labels ?? new string[0]).Select(l => "<label>" + Text(l) + "</label>")).ToArray();
        if (labels.Length > 0) xml.Append("  <labels>").Append(string.Concat(labels)).Append("</labels>\n");
        if (s.Cases != null && s.Cases.Length > 0) xml.Append("  <cases>").Append(string.Concat(s.Cases.Select(c => "<case>" + Text(c) + "</case>"))).Append("</cases>\n");
        if (!string.IsNullOrEmpty(s.ExtraXml)) xml.Append(s.ExtraXml).Append('\n');
        if (s.FileNames.Length > 0)
        {
            xml.Append("  <files>");
            for (var i = 0; i < s.FileNames.Length; i++)
                xml.Append("<file kind=\"").Append(s.FileKinds[i]).Append("\">").Append(Text(s.FileNames[i])).Append("</file>");
            xml.Append("</files>\n");
        }
        return xml.Append("</conversation>\n").ToString();
    }

    private const string AllFields =
        "  <nativeId>CISCO-778812</nativeId>\n  <platform>Cisco</platform>\n  <endCause>Normal</endCause>\n" +
        "  <forwardReason>Transferred</forwardReason>\n  <dialedNumber>+3612345000</dialedNumber>\n" +
        "  <storageTarget>Primary</storageTarget>\n  <dataset>Online</dataset>\n  <protected>true</protected>\n" +
        "  <imported>false</imported>\n  <encryptedWith>CN=Recording Encryption 2026</encryptedWith>\n" +
        "  <signedWith>CN=Recording Signing 2026</signedWith>\n  <qmScorecard>true</qmScorecard>\n" +
        "  <analytics silenceRatio=\"0.12\" talkoverRatio=\"0.03\" longestSilence=\"PT4.2S\"/>\n";

    /// <summary>Writes the sidecar and, unless the spec lists no file, one media file of random bytes for each file it lists.</summary>
    public static string Write(string folder, string name, TestRecordingSpec spec, int mediaBytes, Random random)
    {
        Directory.CreateDirectory(folder);
        var bytes = new byte[mediaBytes];
        foreach (var file in spec.FileNames)
        {
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(folder, file), bytes);
        }
        File.WriteAllText(Path.Combine(folder, name + ".xml"), Sidecar(spec), new UTF8Encoding(false));
        return spec.Id;
    }

    /// <summary>
    /// Writes count recordings "prefix000001" … one minute apart (stepSeconds), 42 s long, with ids from the
    /// seed. Media bytes are unique per recording (the index comes first), random after that when
    /// incompressible is set, so a wrong file can never look right. Returns the ConversationIds in order.
    /// </summary>
    public static string[] WriteMany(string folder, string prefix, int count, DateTime firstStartUtc, int stepSeconds,
        int mediaBytes, int seed, bool incompressible, string extension)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var ids = new string[count];
        var media = new byte[Math.Max(mediaBytes, 8)];
        for (var i = 0; i < count; i++)
        {
            var idBytes = new byte[16];
            random.NextBytes(idBytes);
            var name = prefix + (i + 1).ToString("D6");
            var start = firstStartUtc.AddSeconds((double)i * stepSeconds);
            var spec = new TestRecordingSpec
            {
                Id = new Guid(idBytes).ToString(),
                Start = start.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                End = start.AddSeconds(42).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                From = "+36123" + (i % 100000).ToString("D5"),
                FromInfo = "Caller " + i,
                RecordingServer = "rec01.example.local",
                FileNames = new[] { name + "." + extension },
                FileKinds = new[] { "Media" },
            };
            ids[i] = spec.Id;
            if (incompressible) random.NextBytes(media);
            else for (var b = 0; b < media.Length; b++) media[b] = (byte)('a' + (b % 26));
            BitConverter.GetBytes((long)i + ((long)seed << 32)).CopyTo(media, 0);
            using (var stream = new FileStream(Path.Combine(folder, spec.FileNames[0]), FileMode.Create, FileAccess.Write, FileShare.None, 4096))
                stream.Write(media, 0, mediaBytes);
            File.WriteAllText(Path.Combine(folder, name + ".xml"), Sidecar(spec), new UTF8Encoding(false));
        }
        return ids;
    }
}
'@
}

# One recording; returns its ConversationId. -MediaExtension 'im' is listed as a Transcript. -CdrOnly marks it
# CDR-only (no files); -NoMedia lists no files without saying why (an incomplete recording).
function New-TestRecording {
    param(
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [string] $Name,
        [string] $Id = ([guid]::NewGuid().ToString()),
        [string] $Start = '2026-11-28T09:15:02.123Z',
        [string] $End = '2026-11-28T09:21:40.500Z',
        [string] $From = '+3612345678',
        [string] $FromInfo = 'Jane Caller',
        [string] $To = '1234',
        [string] $ToInfo = 'Agent Smith',
        [string] $User = 'jsmith',
        [string[]] $Group = @('Sales'),
        [string[]] $Label = @(),
        [string[]] $LegalHoldLabel = @(),
        [string[]] $Case = @(),
        [string] $Direction = 'Inbound',
        [string] $Type = 'Voice',
        [Alias('Server')] [AllowNull()] [AllowEmptyString()] [string] $RecordingServer = 'rec-hand.example.local',
        [string] $Dataset,
        [string[]] $MediaExtension = @('wav'),
        [int] $MediaBytes = 256,
        [string] $Extra,
        [switch] $CdrOnly,
        [switch] $NoMedia,
        [switch] $AllFields
    )
    # @() around the if: an empty array out of a statement would otherwise arrive as $null.
    $files = @(if (-not ($CdrOnly -or $NoMedia)) { $MediaExtension | ForEach-Object { "$Name.$_" } })
    $spec = [TestRecordingSpec]@{
        Id = $Id; Type = $Type; Direction = $Direction; Start = $Start; End = $End; From = $From; FromInfo = $FromInfo
        To = $To; ToInfo = $ToInfo; User = $User; Groups = $Group; Labels = $Label; LegalHoldLabels = $LegalHoldLabel
        Cases = $Case; RecordingServer = $RecordingServer; Dataset = $Dataset; CdrOnly = $CdrOnly.IsPresent
        AllFields = $AllFields.IsPresent; ExtraXml = $Extra; FileNames = [string[]] $files
        FileKinds = [string[]] @($files | ForEach-Object { $_.EndsWith('.im') ? 'Transcript' : 'Media' })
    }
    [TestRecordings]::Write($Folder, $Name, $spec, $MediaBytes, [Random]::Shared)
}

# Many recordings at once (see TestRecordings.WriteMany); returns their ConversationIds.
function Write-TestRecordings {
    param(
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [int] $Count,
        [string] $Prefix = 'rec',
        [datetime] $FirstStartUtc = [datetime]::new(2026, 11, 28, 9, 0, 0, [DateTimeKind]::Utc),
        [int] $StepSeconds = 60,
        [int] $MediaBytes = 64,
        [int] $Seed = 1,
        [switch] $Incompressible,
        [string] $Extension = 'wav'
    )
    [TestRecordings]::WriteMany($Folder, $Prefix, $Count, $FirstStartUtc.ToUniversalTime(), $StepSeconds, $MediaBytes, $Seed,
        $Incompressible.IsPresent, $Extension)
}

# Isolates everything a run could touch outside the test folder: the secret key file, the default
# catalog, the download folder and the logs of background runs (LocalApplicationData on Unix is
# XDG_DATA_HOME). Child processes inherit these. Restore-IsolatedTestEnvironment puts them back, so
# suites that run later in the same process see the environment they expect.
$script:IsolatedVariables = 'CONVERSATIONEXPORT_KEYFILE', 'CONVERSATIONEXPORT_CATALOG', 'CONVERSATIONEXPORT_CATALOG_USER', 'CONVERSATIONEXPORT_CATALOG_PASSWORD', 'CONVERSATIONEXPORT_DOWNLOADS', 'XDG_DATA_HOME'
$script:SavedEnvironment = $null

function Set-IsolatedTestEnvironment {
    param([Parameter(Mandatory)] [string] $Root)
    if ($null -eq $script:SavedEnvironment) {
        $script:SavedEnvironment = @{}
        foreach ($name in $script:IsolatedVariables) { $script:SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name) }
    }
    New-Item -ItemType Directory -Path $Root -Force | Out-Null
    $env:CONVERSATIONEXPORT_KEYFILE = Join-Path $Root 'secret.key'
    $env:CONVERSATIONEXPORT_CATALOG = Join-Path $Root 'default-catalog.db'
    $env:CONVERSATIONEXPORT_DOWNLOADS = Join-Path $Root 'downloads'
    $env:XDG_DATA_HOME = Join-Path $Root 'xdg-data'
}

function Restore-IsolatedTestEnvironment {
    if ($null -eq $script:SavedEnvironment) { return }
    foreach ($name in $script:IsolatedVariables) { [Environment]::SetEnvironmentVariable($name, $script:SavedEnvironment[$name]) }
    $script:SavedEnvironment = $null
}

# A fresh catalog in its own folder, made the session catalog and the one child processes open.
# With CONVERSATIONEXPORT_TEST_PROVIDER=PostgreSql (build.ps1 Test's second pass) it is a new database on
# the suite's PostgreSQL server instead, so the same tests run against both providers.
function New-IsolatedTestCatalog {
    param([Parameter(Mandatory)] [string] $Root)
    New-Item -ItemType Directory -Path $Root -Force | Out-Null
    if ($env:CONVERSATIONEXPORT_TEST_PROVIDER -eq 'PostgreSql') {
        Import-Module (Join-Path $PSScriptRoot 'TestPostgres.psm1') -Global
        $database = New-TestPostgresDatabase
        $catalog = Initialize-ConversationCatalog -Provider PostgreSql -ConnectionString $database.ConnectionString -Credential $database.Credential
        # Child processes (background and scheduled runs, concurrency trials) find the same database.
        $env:CONVERSATIONEXPORT_CATALOG = "PostgreSql:$($catalog.ConnectionString)"
        $env:CONVERSATIONEXPORT_CATALOG_USER = $database.Credential.UserName
        $env:CONVERSATIONEXPORT_CATALOG_PASSWORD = $database.Password
        return $catalog
    }
    $path = Join-Path $Root 'catalog.db'
    $catalog = Initialize-ConversationCatalog -Path $path
    $env:CONVERSATIONEXPORT_CATALOG = $path
    $catalog
}

Export-ModuleMember -Function Get-TestModulePath, Get-PwshPath, Invoke-CleanSession, New-TestRecording, Write-TestRecordings, Set-IsolatedTestEnvironment, Restore-IsolatedTestEnvironment, New-IsolatedTestCatalog
