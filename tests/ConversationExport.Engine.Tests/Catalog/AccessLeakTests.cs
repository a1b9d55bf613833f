using System.Text.Json;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Query;
using ConversationExport.Engine.Security;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Catalog;

/// <summary>
/// SPEC §12: a user sees and exports only the conversations accessible to them (their own, and those
/// of groups they supervise). Random users run random queries and exports over a random catalog
/// (fixed seed); no listed conversation, exported file, CDR row or manifest entry may lie outside
/// the user's scope, and everything inside it that the query matches must be there.
/// </summary>
[Trait("Catalog", "AnyProvider")]
public sealed class AccessLeakTests : IDisposable
{
    private static readonly string[] RecordingNames = ["jsmith", "adoe", "bking", "cmoss", "dlee", "nobody"];
    private static readonly string[] GroupNames = ["Sales", "Desk", "Support", "Ops"];

    private readonly TempFolder _temp = new();
    private readonly ConversationCatalog _catalog;
    private readonly List<Conversation> _all = [];
    private readonly Dictionary<string, CallerIdentity> _users = new();

    public AccessLeakTests()
    {
        _catalog = TestCatalog.Create(_temp); // Alice initializes: the first administrator
        var random = new Random(20261203);
        var conversations = Enumerable.Range(0, 240).Select(i => new Conversation
        {
            ConversationId = $"{i:00000000}-1111-4111-8111-111111111111",
            User = random.Next(8) == 0 ? null : RecordingNames[random.Next(RecordingNames.Length)],
            Group = [.. GroupNames.Where(_ => random.Next(3) == 0)],
            From = "+36" + random.Next(1000, 9999),
            To = random.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            StartTimeUtc = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i * 37),
            Direction = (Direction)random.Next(4),
            ConversationType = ConversationType.Voice,
            Dataset = random.Next(5) == 0 ? Dataset.Archived : Dataset.Online,
            CdrOnly = true,
        }).ToArray();
        Store.Upsert(_catalog, conversations);
        _all.AddRange(Store.All(_catalog));

        var admin = new AccessCatalog(_catalog, Callers.Alice);
        // Users: one per recording name (default mapping), one with two names, one supervising two groups, one only a member.
        foreach (var name in new[] { "jsmith", "adoe", "bking" })
            admin.AddUser(name, false, [], [], [ExportPermission.ConversationExport]);
        admin.AddUser(@"CONTOSO\carol", false, ["cmoss", "dlee"], [], [ExportPermission.ConversationExport]);
        admin.AddUser("sup", false, ["nobody-at-all"], [], [ExportPermission.ConversationExport]);
        admin.AddUser("member", false, ["nobody-at-all"], [], [ExportPermission.ConversationExport]);
        admin.AddMembers("Sales", ["sup"], supervisor: true);
        admin.AddMembers("Ops", ["sup"], supervisor: true);
        admin.AddMembers("Sales", ["member", "jsmith"], supervisor: false);
        admin.AddMembers("Desk", ["adoe"], supervisor: true);
        foreach (var name in new[] { "jsmith", "adoe", "bking", @"CONTOSO\carol", "sup", "member" })
            _users[name] = new CallerIdentity(name, "WS");
        _users["alice"] = Callers.Alice;
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>The oracle, written from the spec, independent of the SQL: admin all; else Online and (own name or supervised group).</summary>
    private bool Accessible(string user, Conversation c)
    {
        if (user == "alice") return true;
        if (c.Dataset != Dataset.Online) return false;
        string[] names = user switch { @"CONTOSO\carol" => ["cmoss", "dlee"], "sup" or "member" => ["nobody-at-all"], _ => [user] };
        string[] supervised = user switch { "sup" => ["Sales", "Ops"], "adoe" => ["Desk"], _ => [] };
        return (c.User is { } u && names.Contains(u, StringComparer.OrdinalIgnoreCase)) || c.Group.Any(g => supervised.Contains(g, StringComparer.OrdinalIgnoreCase));
    }

    private static ConversationQuery RandomQuery(Random random)
    {
        var criteria = new List<QueryCriterion>();
        if (random.Next(2) == 0) criteria.Add(QueryBuilder.Criterion("Direction", "In", [.. Enum.GetNames<Direction>().Where(_ => random.Next(2) == 0).DefaultIfEmpty("Inbound")]));
        if (random.Next(3) == 0) criteria.Add(QueryBuilder.Criterion("User", "In", [RecordingNames[random.Next(RecordingNames.Length)]]));
        if (random.Next(3) == 0) criteria.Add(QueryBuilder.Criterion("Group", "HasAny", [GroupNames[random.Next(GroupNames.Length)]]));
        if (random.Next(4) == 0) criteria.Add(QueryBuilder.Criterion("Dataset", "In", ["Archived"]));
        if (random.Next(4) == 0) criteria.Add(QueryBuilder.Criterion("From", "Like", ["+363*"]));
        return QueryBuilder.Query(criteria);
    }

    [Fact]
    public void Random_users_and_queries_list_exactly_their_accessible_conversations()
    {
        var random = new Random(7);
        var names = _users.Keys.Order(StringComparer.Ordinal).ToArray();
        var now = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 400; i++)
        {
            var user = names[random.Next(names.Length)];
            var query = RandomQuery(random);
            var matches = QueryEvaluator.Compile(query, now);
            var expected = _all.Where(c => Accessible(user, c) && matches(c)).Select(c => c.ConversationId).Order(StringComparer.Ordinal).ToList();
            var store = new ConversationStore(_catalog, _users[user]);
            var listed = store.Enumerate(new ConversationSelection(query, NowUtc: now)).Select(c => c.ConversationId).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.SequenceEqual(listed), $"case {i}: {user} with '{query.Text}': expected {expected.Count}, listed {listed.Count}");
            Assert.Equal(expected.Count, store.Count(new ConversationSelection(query, NowUtc: now)));
            // Asking by id for everything never widens the scope either.
            var byId = store.Enumerate(new ConversationSelection(Ids: [.. _all.Select(c => c.Id).Where(_ => random.Next(4) == 0)])).ToList();
            Assert.All(byId, c => Assert.True(Accessible(user, c), $"case {i}: {user} read {c.ConversationId} by id"));
        }
        // Not vacuous: the plain users each see some and miss some.
        foreach (var user in names.Where(n => n is not "alice" and not "member"))
        {
            var seen = new ConversationStore(_catalog, _users[user]).Count(new ConversationSelection());
            Assert.InRange(seen, 1, _all.Count - 1);
        }
        // A plain member of a group sees none of its conversations: only supervisors do.
        Assert.Equal(0, new ConversationStore(_catalog, _users["member"]).Count(new ConversationSelection()));
    }

    [Fact]
    public async Task Random_exports_deliver_no_file_cdr_row_or_manifest_entry_outside_the_scope()
    {
        var random = new Random(11);
        var names = _users.Keys.Order(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < 30; i++)
        {
            var user = names[random.Next(names.Length)];
            var query = RandomQuery(random);
            // Half the runs are handed ids, most of them someone else's.
            IReadOnlyList<long>? ids = random.Next(2) == 0 ? [.. _all.Where(_ => random.Next(3) == 0).Select(c => c.Id)] : null;
            var folder = _temp.Combine($"export{i}");
            Directory.CreateDirectory(folder);
            var runner = new ExportRunner(_catalog, _users[user]) { Parallelism = 1 };
            var settings = new ExportSettings
            {
                Destination = folder, ArchiveMethod = ArchiveMethod.None, RenamePattern = "{ConversationId}", NoSubfolders = true,
                MetadataFormat = [MetadataFormat.Json], CdrFormat = [CdrFormat.Csv], Query = query,
            };
            var run = await runner.RunAsync(runner.StartAdHoc($"leak{i}", settings, ids), null, CancellationToken.None);
            var now = DateTime.UtcNow;
            var matches = QueryEvaluator.Compile(query, now);
            var expected = _all.Where(c => Accessible(user, c) && c.Dataset == Dataset.Online && matches(c) && (ids is null || ids.Contains(c.Id))).Select(c => c.ConversationId).Order(StringComparer.Ordinal).ToList();

            var files = Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension)
                .Where(n => n != "manifest").Select(n => n!).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.SequenceEqual(files), $"case {i}: {user}: expected {expected.Count} files, found {files.Count} ({run.State})");
            var cdr = File.ReadAllLines(Directory.EnumerateFiles(folder, "*cdr*.csv", SearchOption.AllDirectories).Single()).Skip(1);
            foreach (var row in cdr)
                Assert.Contains(_all.Where(c => Accessible(user, c)), c => row.Contains(c.ConversationId, StringComparison.Ordinal));
            Assert.Equal(expected.Count, cdr.Count());
            using var manifest = JsonDocument.Parse(File.ReadAllText(Directory.EnumerateFiles(folder, "manifest.json", SearchOption.AllDirectories).Single()));
            var text = manifest.RootElement.GetRawText();
            foreach (var outside in _all.Where(c => !Accessible(user, c)))
                Assert.DoesNotContain(outside.ConversationId, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_user_without_ConversationExport_is_denied_with_a_stable_id_and_an_audit_row()
    {
        new AccessCatalog(_catalog, Callers.Alice).Revoke("bking", PrincipalKind.User, [ExportPermission.ConversationExport]);
        var runner = new ExportRunner(_catalog, _users["bking"]);
        var error = Assert.Throws<ConversationExportException>(() => runner.StartAdHoc("x", new ExportSettings { Destination = _temp.Root }, null));
        Assert.Equal((ErrorId.PermissionDenied, ErrorKind.PermissionDenied), (error.Id, error.Kind));
        Assert.Contains("ConversationExport", error.Message);
        Assert.Contains(@"CONTOSO\alice", error.Message); // who can grant it
        using var connection = _catalog.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM audit_log WHERE principal = 'bking' AND detail LIKE 'denied: %'";
        Assert.Equal(1L, Convert.ToInt64(command.ExecuteScalar()));
    }

    [Fact]
    public void An_unknown_caller_sees_nothing_and_is_told_why()
    {
        var error = Assert.Throws<ConversationExportException>(() => new ConversationStore(_catalog, new CallerIdentity("mallory", "WS")));
        Assert.Equal((ErrorId.CallerNotAUser, ErrorKind.PermissionDenied), (error.Id, error.Kind));
    }
}
