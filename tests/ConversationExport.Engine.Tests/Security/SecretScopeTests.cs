using ConversationExport.Engine.Security;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Security;

/// <summary>Machine-scope secrets (a scheduled job's account can read them) and their key file's permissions. POSIX only.</summary>
[Collection("Environment")]
public sealed class SecretScopeTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string? _machine = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_MACHINE_KEYFILE");
    private readonly string? _user = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_KEYFILE");

    public SecretScopeTests()
    {
        Environment.SetEnvironmentVariable("CONVERSATIONEXPORT_MACHINE_KEYFILE", _temp.Combine("etc", "machine.key"));
        Environment.SetEnvironmentVariable("CONVERSATIONEXPORT_KEYFILE", _temp.Combine("home", "secret.key"));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("CONVERSATIONEXPORT_MACHINE_KEYFILE", _machine);
        Environment.SetEnvironmentVariable("CONVERSATIONEXPORT_KEYFILE", _user);
        _temp.Dispose();
    }

    [Fact]
    public void A_machine_secret_round_trips_and_says_its_scope()
    {
        if (OperatingSystem.IsWindows()) return; // DPAPI LocalMachine: the same call, checked on Windows only
        var stored = SecretProtector.Protect("zip-pw", SecretScope.Machine);
        Assert.Equal(SecretScope.Machine, SecretProtector.ScopeOf(stored));
        Assert.DoesNotContain("zip-pw", stored);
        Assert.Equal("zip-pw", SecretProtector.Unprotect(stored));
        var mode = File.GetUnixFileMode(_temp.Combine("etc", "machine.key"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, mode);
        Assert.False(File.Exists(_temp.Combine("home", "secret.key"))); // the user's key is not involved
    }

    [Fact]
    public void A_machine_key_readable_by_others_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        var stored = SecretProtector.Protect("zip-pw", SecretScope.Machine);
        File.SetUnixFileMode(_temp.Combine("etc", "machine.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<ConversationExportException>(() => SecretProtector.Unprotect(stored));

        Assert.Equal(ErrorId.SecretUnreadable, error.Id);
        Assert.Contains("readable or writable by others", error.Message);
        Assert.Contains("chmod 640", error.Message);
    }

    [Fact]
    public void A_user_secret_another_account_cannot_read_names_the_fix()
    {
        if (OperatingSystem.IsWindows()) return;
        var stored = SecretProtector.Protect("zip-pw", SecretScope.User);
        // Another account has another key file.
        Environment.SetEnvironmentVariable("CONVERSATIONEXPORT_KEYFILE", _temp.Combine("other", "secret.key"));
        Directory.CreateDirectory(_temp.Combine("other"));
        File.WriteAllBytes(_temp.Combine("other", "secret.key"), new byte[32]);
        File.SetUnixFileMode(_temp.Combine("other", "secret.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite); // as its owner keeps it

        var error = Assert.Throws<ConversationExportException>(() => SecretProtector.Unprotect(stored));

        Assert.Equal(ErrorId.SecretUnreadable, error.Id);
        Assert.Contains("-SecretScope Machine", error.Message);
        Assert.False(SecretProtector.CanUnprotect(stored));
    }
}

/// <summary>Tests that change process environment variables run alone: the others read them too.</summary>
[CollectionDefinition("Environment", DisableParallelization = true)]
public sealed class EnvironmentCollection;
