using ConversationExport.Engine.Catalog;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Model;

/// <summary>
/// The model's public shape is tuned for ConvertTo-Json and Export-Csv; the catalog's record
/// fingerprint must not notice: a changed fingerprint marks every record Updated on the next
/// import, which moves its change sequence and makes recurring exports deliver it again.
/// </summary>
public sealed class ModelSerialisationTests
{
    [Fact]
    public void The_record_fingerprint_is_the_one_earlier_versions_stored()
    {
        var c = Store.Call("fingerprint-pin");
        c.LongestSilence = TimeSpan.FromMilliseconds(4200);
        c.Labels = [new ConversationLabel("VIP", legalHold: true)];
        c.Cases = ["2026-0017"];
        c.Files = [new ConversationFile { Kind = ConversationFileKind.Media, Location = "/r/a.wav", Size = 10, Extension = "wav" }];

        Assert.Equal("FAAAF9478F5740EB4C0FAD7A90A5AD463A8A062F5E34B88D6F696DCC15CE080F", ConversationStore.Fingerprint(c));
    }

    [Fact]
    public void Every_public_enum_of_the_model_is_long_based_so_ConvertTo_Json_writes_its_name()
    {
        var enums = typeof(Conversation).Assembly.GetExportedTypes().Where(t => t.IsEnum).ToList();

        Assert.NotEmpty(enums);
        Assert.All(enums, e => Assert.Equal(typeof(long), Enum.GetUnderlyingType(e)));
    }
}
