@{
    Synopsis    = 'Re-verifies an export against its manifest: every file present, same size, same SHA-256, nothing extra.'
    Description = @'
Test-ExportArchive re-reads an export made by Invoke-ConversationExport and checks it against the manifest.json the run wrote into it (the chain of custody). -Path is the export's ZIP file, any part of a split run (all parts Name_partN.zip beside it are read), or the run folder of a loose-files export (-ArchiveMethod None). -Path expands wildcards (E:\Evidence\*.zip); -LiteralPath takes names as written, and files piped from Get-ChildItem bind to it by their PSPath.

It returns an object whose Passed property is $true when every file listed in the manifest is present with the recorded size and SHA-256 and nothing else is in the export. Otherwise Problems lists each difference: Missing, Extra, SizeMismatch, HashMismatch or Unreadable, with the file, what the manifest expected and what was found, and a non-terminating error (ArchiveVerificationFailed, category InvalidData) summarises them, so $? is $false and -ErrorAction Stop stops a script. The object is returned either way.

Encrypted exports (ZipCrypto, Aes256) need -Password. Errors: ArchiveUnreadable (not a ZIP, or missing), ArchivePasswordWrong (no or wrong password), ManifestMissing (made with -NoManifest, or not an export of this module).
'@
    Parameters  = @{
        Path     = 'The exports to check: ZIPs (any part of a split run) or run folders of loose-files exports. Wildcards are expanded (a pattern that matches nothing checks nothing); a path without wildcards that does not exist is an error (ArchiveUnreadable). Relative paths are resolved against the PowerShell location. Strings piped to the cmdlet bind here.'
        LiteralPath = 'The exports to check, used exactly as written: no character is a wildcard. Aliases PSPath and LP. Files from Get-ChildItem bind here by their PSPath property, and runs from Invoke-ConversationExport or Get-ExportStatus by their Outputs.'
        Password = 'The ZIP password of a ZipCrypto or Aes256 export, as a SecureString (Read-Host -AsSecureString).'
        RunId    = 'A run in the catalog (Get-ExportStatus shows the ids): everything it delivered is verified, an encrypted export with the password the run used, decrypted from the catalog for the account that saved it, so a scheduled script needs no password. A run that delivered nothing is an error (ManifestMissing); a password the account cannot decrypt is SecretUnreadable.'
        Catalog  = 'With -RunId: the catalog that holds the run, as returned by Initialize-ConversationCatalog or Connect-ConversationCatalog. Default: the session''s catalog, otherwise the embedded catalog of the current user.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Paths of exports.' }
        @{ Type = 'ConversationExport.ExportRun'; Description = 'Runs from Invoke-ConversationExport or Get-ExportStatus: their Outputs are checked (bound to -LiteralPath).' }
        @{ Type = 'System.IO.FileInfo'; Description = 'Files from Get-ChildItem bind to -LiteralPath by their PSPath.' }
    )
    Outputs     = @(
        @{ Type = 'ConversationExport.ArchiveVerification'; Description = 'Path, Passed, Containers, Task, RunId, FilesChecked and Problems (File, Problem, Expected, Found).' }
    )
    Examples    = @(
        @{
            Title   = 'Check an AES-256 export before handing it over'
            Code    = 'Test-ExportArchive -Path \\nas01\compliance\exports\Nightly_*.zip -Password (Read-Host -AsSecureString)'
            Remarks = 'Passed is $true when every file matches the manifest the run wrote. The wildcard saves typing the run''s timestamp (Nightly_20261128_020000.zip); each matching archive is checked.'
        }
        @{
            Title   = 'Check what a run just delivered, and fail a script when it does not match'
            Code    = @'
$password = Read-Host -AsSecureString 'ZIP password of Nightly'
$run = Invoke-ConversationExport -Task Nightly
$check = $run | Test-ExportArchive -Password $password
if (-not $check.Passed) { $check.Problems | Format-Table; exit 1 }
'@
            Remarks = 'A run piped in is checked through its Outputs. A failed check is also an error, so $? is $false after it.'
        }
        @{
            Title   = 'Check every export in a folder'
            Code    = 'Get-ChildItem E:\Evidence -Filter *.zip | Test-ExportArchive -ErrorAction Continue | Where-Object { -not $_.Passed }'
            Remarks = 'Each file binds by its PSPath; the parts of a split run are checked once. The exports that do not match their manifest are listed (and each reported as an ArchiveVerificationFailed error). Test-ExportArchive -Path ''E:\Evidence\*.zip'' does the same.'
        }
    )
}
