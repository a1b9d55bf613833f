using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Security;

namespace ConversationExport.Bench;

/// <summary>
/// Fills a catalog with generated records straight through the store: a million sidecars on disk
/// would measure the file system, not the query path.
/// </summary>
internal static class SyntheticCatalog
{
    private static readonly string[] Users = ["jsmith", "akovacs", "mlee", "pnagy", "rgarcia", "tmuller", "ksato", "lchen", "opetrov", "zszabo"];
    private static readonly string[] Groups = ["Sales", "Support", "Trading", "Compliance", "Back Office"];
    private static readonly string[] Labels = ["VIP", "Complaint", "Escalated", "Training", "Review"];

    public static ConversationCatalog Create(string path, int count, int seed)
    {
        if (File.Exists(path)) File.Delete(path);
        var catalog = ConversationCatalog.Initialize(ConversationCatalog.ForSqliteFile(path, create: true), CallerIdentity.Current());
        var store = new ConversationStore(catalog);
        var random = new Random(seed);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        const int batch = 10_000;
        for (var done = 0; done < count; done += batch)
        {
            using var connection = catalog.OpenConnection();
            using var transaction = connection.BeginTransaction();
            for (var i = done; i < Math.Min(count, done + batch); i++)
                store.Upsert(connection, transaction, Record(random, i, start));
            transaction.Commit();
        }
        return catalog;
    }

    private static Conversation Record(Random random, int i, DateTime origin)
    {
        var begin = origin.AddSeconds(random.Next(0, 330 * 24 * 3600));
        var user = Users[random.Next(Users.Length)];
        return new Conversation
        {
            ConversationId = new Guid(BitConverter.GetBytes((long)i).Concat(BitConverter.GetBytes((long)random.Next())).ToArray()).ToString(),
            // 9 to 12 digits, so digit-count searches select a part of the catalog.
            From = random.Next(3) == 0 ? $"+36{random.Next(1_000_000, 999_999_999)}" : $"+1{random.Next(100_000_000, 999_999_999)}{random.Next(10)}",
            FromInfo = $"Caller {random.Next(5000)}",
            To = random.Next(1000, 1100).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ToInfo = user,
            User = user,
            Extension = random.Next(1000, 1100).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Group = [Groups[random.Next(Groups.Length)]],
            StartTimeUtc = begin,
            EndTimeUtc = begin.AddSeconds(random.Next(5, 1800)),
            Direction = (Direction)random.Next(4),
            ConversationType = (ConversationType)random.Next(8),
            EndCause = "Normal",
            SourcePlatform = "Cisco",
            Labels = random.Next(10) == 0 ? [new ConversationLabel(Labels[random.Next(Labels.Length)])] : [],
            RecordingServer = "rec01.example.local",
            Dataset = random.Next(10) == 0 ? Dataset.Archived : Dataset.Online,
        };
    }
}
