BeforeDiscovery {
    # The per-cmdlet tests below are generated from the module's commands, so it must be loaded at discovery.
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:cmdlets = @(Get-Command -Module ConversationExport -CommandType Cmdlet).Name
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:modulePath = Get-TestModulePath
    Import-Module $modulePath -Force
    $script:manifest = Import-PowerShellDataFile (Join-Path $modulePath 'ConversationExport.psd1')
}

Describe 'Module manifest and surface' {
    It 'exports exactly the cmdlets the manifest lists' {
        $exported = (Get-Command -Module ConversationExport -CommandType Cmdlet).Name | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'declares PowerShell 7.4, Core edition and its format file' {
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.FormatsToProcess | Should -Contain 'ConversationExport.format.ps1xml'
        Get-FormatData -TypeName ConversationExport.Conversation | Should -Not -BeNullOrEmpty
    }

    It 'has cmdlets to check' {
        $cmdlets.Count | Should -BeGreaterThan 20
    }

    It '<_> uses an approved verb' -ForEach $cmdlets {
        $verb = $_.Split('-')[0]
        (Get-Verb).Verb | Should -Contain $verb
    }

    It '<_> declares its output type' -ForEach $cmdlets {
        (Get-Command $_).OutputType | Should -Not -BeNullOrEmpty
    }

    It 'keeps third-party types out of every parameter and output' {
        $foreign = foreach ($command in Get-Command -Module ConversationExport -CommandType Cmdlet) {
            $types = @($command.Parameters.Values.ParameterType) + @($command.OutputType.Type)
            foreach ($type in $types) {
                $element = if ($type.HasElementType) { $type.GetElementType() } else { $type }
                $assembly = $element.Assembly.GetName().Name
                if ($assembly -notmatch '^(System\.|Microsoft\.PowerShell|System$|mscorlib|netstandard|ConversationExport\.(Model|Commands)$)' -and
                    $assembly -ne 'System.Management.Automation' -and $assembly -ne 'System.Private.CoreLib') {
                    "$($command.Name): $($element.FullName) from $assembly"
                }
            }
        }
        $foreign | Should -BeNullOrEmpty
    }

    It 'lets scripts name the objects it returns' {
        [ConversationExport.Conversation] | Should -Not -BeNullOrEmpty
        [ConversationExport.ImportSummary] | Should -Not -BeNullOrEmpty
        [ConversationExport.CatalogInfo] | Should -Not -BeNullOrEmpty
    }
}

Describe 'Dependency isolation' {
    It 'works when another version of Microsoft.Data.Sqlite is already loaded in the session' {
        $older = Join-Path $env:CONVERSATIONEXPORT_NUGET_PACKAGES 'microsoft.data.sqlite.core/9.0.0/lib/net8.0/Microsoft.Data.Sqlite.dll'
        $older | Should -Exist
        $work = Join-Path $TestDrive 'isolation'
        $result = Invoke-CleanSession @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$older'
Import-Module '$(Join-Path $PSScriptRoot 'TestSupport.psm1')'
Import-Module '$modulePath'
`$null = New-TestRecording -Folder '$work/rec' -Name 'call1'
`$null = Initialize-ConversationCatalog -Path '$work/catalog.db'
`$summary = Import-Conversation -Path '$work/rec'
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Microsoft.Data.Sqlite' } |
    ForEach-Object { '{0}@{1}' -f `$_.GetName().Version.Major, [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
[pscustomobject]@{ Imported = `$summary.Imported; Found = @(Get-Conversation).Count; Loaded = @(`$loaded) } | ConvertTo-Json -Compress
"@
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $json = $result.Output.Trim().Split("`n")[-1] | ConvertFrom-Json
        $json.Imported | Should -Be 1
        $json.Found | Should -Be 1
        $json.Loaded | Should -Contain '9@Default'
        $json.Loaded | Should -Contain '10@ConversationExport.Dependencies'
    }

    It 'resolves the SqlClient and native SQLite builds of this OS from Dependencies' {
        # The private load context asks this resolver (it reads the engine's deps.json) for every assembly it loads.
        $resolver = [System.Runtime.Loader.AssemblyDependencyResolver]::new((Join-Path $modulePath 'Dependencies/ConversationExport.Engine.dll'))
        $sqlClient = $resolver.ResolveAssemblyToPath([Reflection.AssemblyName]::new('Microsoft.Data.SqlClient'))
        $sqlClient | Should -BeLike ("*Dependencies*runtimes*{0}*Microsoft.Data.SqlClient.dll" -f ($IsWindows ? 'win' : 'unix'))
        $sqlClient | Should -Exist
        $sqlite = $resolver.ResolveUnmanagedDllToPath('e_sqlite3')
        $sqlite | Should -BeLike '*Dependencies*runtimes*native*'
        $sqlite | Should -Exist
    }

    It 'can be removed and imported again in the same session' {
        $work = Join-Path $TestDrive 'reimport'
        $result = Invoke-CleanSession @"
`$ErrorActionPreference = 'Stop'
Import-Module '$modulePath'
`$null = Initialize-ConversationCatalog -Path '$work.db'
Remove-Module ConversationExport
Import-Module '$modulePath'
(Connect-ConversationCatalog -Path '$work.db').SchemaVersion
"@
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output.Trim() | Should -Match '^\d+$'
    }
}

Describe 'Module metadata' {
    It 'names its authors, project, licence, help and release notes' {
        $manifest.Author | Should -Not -BeNullOrEmpty
        $manifest.Author | Should -Not -Be 'ConversationExport' -Because 'the module name is not an author'
        $manifest.CompanyName | Should -Not -BeNullOrEmpty
        $manifest.HelpInfoUri | Should -Match '^https://'
        $data = $manifest.PrivateData.PSData
        $data.ProjectUri | Should -Match '^https://'
        $data.LicenseUri | Should -Match '^https://'
        $data.ReleaseNotes | Should -Match 'CHANGELOG'
        $data.Tags | Should -Contain 'PSEdition_Core'
    }

    It 'has one version: the manifest''s is the assemblies''' {
        foreach ($assembly in 'ConversationExport.Commands.dll', 'ConversationExport.Model.dll', 'Dependencies/ConversationExport.Engine.dll') {
            [Reflection.AssemblyName]::GetAssemblyName((Join-Path $modulePath $assembly)).Version.ToString(3) | Should -Be $manifest.ModuleVersion -Because $assembly
        }
    }

    It 'ships its licence and changelog, and the changelog has the manifest''s version' {
        Join-Path $modulePath 'LICENSE' | Should -Exist
        Join-Path $modulePath 'CHANGELOG.md' | Should -Exist
        Get-Content (Join-Path $modulePath 'CHANGELOG.md') -Raw | Should -Match ('## \[' + [regex]::Escape($manifest.ModuleVersion) + '\]')
    }
}
