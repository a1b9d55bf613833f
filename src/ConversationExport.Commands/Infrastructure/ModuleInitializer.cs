using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace ConversationExport.Commands.Infrastructure;

/// <summary>
/// Loads the engine and every third-party assembly from Dependencies/ into a private load
/// context, so another module that brought a different SQLite (or any of our packages) into the
/// session cannot break us, nor we it. Only this assembly and the model are in the default context,
/// because users name their types in scripts.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineName = "ConversationExport.Engine";
    private const string ModelName = "ConversationExport.Model";

    private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
    private static readonly Lazy<DependencyLoadContext> Dependencies = new(() => new DependencyLoadContext(Path.Combine(ModuleFolder, "Dependencies")));

    private static int _hooked;

    /// <summary>
    /// Runs as soon as the runtime loads this assembly: PowerShell reflects over the cmdlet types
    /// (whose signatures name engine types) before it calls <see cref="OnImport"/>.
    /// </summary>
#pragma warning disable CA2255 // A module initializer is exactly right here: nothing in this assembly may load before the hook.
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void Hook()
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0) AssemblyLoadContext.Default.Resolving += Resolve;
    }

    public void OnImport() => Hook();

    // After Remove-Module the assembly stays loaded; a later Import-Module calls OnImport again.
    public void OnRemove(PSModuleInfo module)
    {
        if (Interlocked.Exchange(ref _hooked, 0) == 1) AssemblyLoadContext.Default.Resolving -= Resolve;
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name == EngineName)
            return Dependencies.Value.LoadFromAssemblyName(name);
        if (name.Name == ModelName)
        {
            var path = Path.Combine(ModuleFolder, ModelName + ".dll");
            return File.Exists(path) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(path) : null;
        }
        return null;
    }

    private sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly AssemblyDependencyResolver _resolver;

        public DependencyLoadContext(string folder) : base("ConversationExport.Dependencies")
        {
            _resolver = new AssemblyDependencyResolver(Path.Combine(folder, EngineName + ".dll"));
        }

        protected override Assembly? Load(AssemblyName name)
        {
            // The model is shared with the default context so objects cross the boundary as one type.
            if (name.Name == ModelName) return null;
            // Asking for a file that is not there would send the runtime back through Default.Resolving
            // into this context again; only answer for files that exist.
            var path = _resolver.ResolveAssemblyToPath(name);
            return path is not null && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string name)
        {
            var path = _resolver.ResolveUnmanagedDllToPath(name);
            return path is not null && File.Exists(path) ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
        }
    }
}
