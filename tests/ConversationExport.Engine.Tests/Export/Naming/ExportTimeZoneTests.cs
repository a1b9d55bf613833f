using ConversationExport.Engine.Export.Naming;

namespace ConversationExport.EngineTests.Export.Naming;

/// <summary>Time zone (seed §4.1): IANA or Windows ids, UTC by default, a clear error otherwise.</summary>
public sealed class ExportTimeZoneTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("UTC")]
    [InlineData("utc")]
    public void No_zone_or_UTC_means_UTC(string? id) => Assert.Same(TimeZoneInfo.Utc, ExportTimeZone.Find(id));

    [Theory]
    [InlineData("Europe/Budapest")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("Central Europe Standard Time")]
    [InlineData("europe/budapest")]
    [InlineData(" Europe/Budapest ")]
    public void IANA_and_Windows_ids_are_both_accepted(string id)
    {
        var zone = ExportTimeZone.Find(id);

        // Central Europe: +1 in winter, +2 in summer.
        Assert.Equal(TimeSpan.FromHours(1), zone.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(TimeSpan.FromHours(2), zone.GetUtcOffset(new DateTime(2026, 7, 15, 12, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void America_zones_are_found_by_either_id()
    {
        var iana = ExportTimeZone.Find("America/New_York");
        var windows = ExportTimeZone.Find("Eastern Standard Time");
        var july = new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(TimeSpan.FromHours(-4), iana.GetUtcOffset(july));
        Assert.Equal(TimeSpan.FromHours(-4), windows.GetUtcOffset(july));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Budapest")]
    [InlineData("../../../etc/passwd")]
    [InlineData("/etc/localtime")]
    [InlineData("C:\\Windows\\evil")]
    [InlineData("Europe/Budapest\0")]
    public void An_unknown_zone_is_refused_naming_the_value_and_giving_examples(string id)
    {
        var e = Assert.Throws<ConversationExportException>(() => ExportTimeZone.Find(id));

        Assert.Equal(ErrorId.TimeZoneNotFound, e.Id);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains($"'{id.Trim()}'", e.Message);
        Assert.Contains("Europe/Budapest", e.Message);
        Assert.Contains("W. Europe Standard Time", e.Message);
        Assert.Contains("UTC", e.Message);
        Assert.Equal(id.Trim(), e.Target);
    }
}
