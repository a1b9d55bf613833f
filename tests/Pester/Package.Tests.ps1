# The package a sysadmin installs (build.ps1 Package): a versioned .nupkg that Install-PSResource installs
# from a folder repository, into a fresh session that then runs an export with it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:modulePath = Get-TestModulePath
    $script:manifest = Import-PowerShellDataFile (Join-Path $modulePath 'ConversationExport.psd1')
    $script:repository = Join-Path $TestDrive 'repository'
    # Packed the way build.ps1 Package packs it.
    $script:package = & (Join-Path $PSScriptRoot '../../tools/New-ModulePackage.ps1') -ModulePath $modulePath -Destination $repository
}

Describe 'The module package' {
    It 'is a .nupkg named with the module version' {
        $package.Name | Should -BeExactly "ConversationExport.$($manifest.ModuleVersion).nupkg"
        $package.Directory.FullName | Should -Be $repository
    }

    It 'carries the manifest''s metadata in its .nuspec' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($package.FullName)
        try {
            $entry = $zip.Entries | Where-Object FullName -eq 'ConversationExport.nuspec'
            $reader = [IO.StreamReader]::new($entry.Open())
            [xml] $nuspec = $reader.ReadToEnd()
            $reader.Dispose()
            $names = @($zip.Entries.FullName)
        }
        finally { $zip.Dispose() }
        $metadata = $nuspec.package.metadata
        $metadata.id | Should -BeExactly 'ConversationExport'
        $metadata.version | Should -BeExactly $manifest.ModuleVersion
        $metadata.authors | Should -BeExactly $manifest.Author
        $metadata.projectUrl | Should -BeExactly $manifest.PrivateData.PSData.ProjectUri
        $metadata.tags -split ' ' | Should -Contain 'PSModule'
        $metadata.tags -split ' ' | Should -Contain 'PSEdition_Core'
        $names | Should -Contain 'ConversationExport.psd1'
        $names | Should -Contain 'LICENSE'
        $names | Should -Contain 'Dependencies/ConversationExport.Engine.dll'
        $names | Should -Contain 'en-US/ConversationExport.Commands.dll-Help.xml'
    }

    # Skipped on Windows only (not temporary): the isolation of the user's repository list and module
    # folder below rests on HOME and XDG_DATA_HOME, which Windows does not read.
    It 'installs with Install-PSResource into a fresh session''s module path and runs an export' -Skip:$IsWindows {
        # The child's user folders live under the test drive, so its repository list and CurrentUser module
        # path are temporary (PSResourceGet installs under HOME; PowerShell and .NET read XDG_DATA_HOME).
        $userHome = Join-Path $TestDrive 'home'
        $userData = Join-Path $userHome '.local/share'
        $userModules = Join-Path $userData 'powershell/Modules'
        $work = Join-Path $TestDrive 'work'
        # .NET answers an empty path for a data folder that does not exist, and PSResourceGet would then
        # keep its repository list relative to the current folder.
        New-Item -ItemType Directory -Path $userModules -Force | Out-Null
        $script = @"
`$ErrorActionPreference = 'Stop'
Remove-Item Env:CONVERSATIONEXPORT_CATALOG -ErrorAction Ignore
Import-Module Microsoft.PowerShell.PSResourceGet
Register-PSResourceRepository -Name CeTestLocal -Uri '$repository' -Trusted
Install-PSResource -Name ConversationExport -Repository CeTestLocal -Scope CurrentUser -Quiet
`$installed = Get-InstalledPSResource -Name ConversationExport -Scope CurrentUser
`$module = Import-Module ConversationExport -PassThru
New-DemoRecording -Path '$work/recordings' -Count 12 -Seed 3 | Out-Null
Initialize-ConversationCatalog -Path '$work/catalog.db' | Out-Null
Import-Conversation -Path '$work/recordings' | Out-Null
New-Item -ItemType Directory -Path '$work/out' | Out-Null
`$run = Get-Conversation -Direction Inbound, Outbound | Invoke-ConversationExport -Destination '$work/out' -ArchiveMethod Zip
`$check = Test-ExportArchive -Path `$run.Outputs[0]
[pscustomobject]@{
    InstalledVersion = `$installed.Version.ToString()
    ModuleBase       = `$module.ModuleBase
    State            = `$run.State.ToString()
    Exported         = `$run.Exported
    Passed           = `$check.Passed
} | ConvertTo-Json
"@
        $saved = $env:HOME, $env:XDG_DATA_HOME
        $env:HOME = $userHome
        $env:XDG_DATA_HOME = $userData
        try { $child = Invoke-CleanSession $script }
        finally { $env:HOME, $env:XDG_DATA_HOME = $saved }
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $result = $child.Output | ConvertFrom-Json
        $result.InstalledVersion | Should -Be $manifest.ModuleVersion
        $result.ModuleBase | Should -BeLike "$userModules*" -Because 'the session must run the installed module, not the build output'
        $result.ModuleBase | Should -Not -BeLike "$modulePath*"
        $result.State | Should -Be 'Completed'
        $result.Exported | Should -BeGreaterThan 0
        $result.Passed | Should -BeTrue
        Join-Path $userModules "ConversationExport/$($manifest.ModuleVersion)/Dependencies/ConversationExport.Engine.dll" | Should -Exist
    }
}
