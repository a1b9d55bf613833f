using ConversationExport.Engine.Output;

namespace ConversationExport.EngineTests.Output;

/// <summary>-MetadataFormat Csv,Xml,Json and -CdrFormat Csv,Pdf: names only, each once, clear errors.</summary>
public sealed class OutputFormatsTests
{
    [Flags]
    private enum SampleFormat { None = 0, Csv = 1, Xml = 2, Json = 4 }

    [Fact]
    public void Names_ignore_case_blanks_and_repeats()
    {
        Assert.Equal([SampleFormat.Json, SampleFormat.Csv],
            OutputFormats.Parse<SampleFormat>(["json", " CSV ,Json"], "MetadataFormat", SampleFormat.None));
        Assert.Empty(OutputFormats.Parse<SampleFormat>(null, "MetadataFormat"));
    }

    [Theory]
    [InlineData("Pdf")]
    [InlineData("1")]
    [InlineData("None")]
    [InlineData("Csv|Xml")]
    public void An_unknown_format_is_refused_listing_the_accepted_ones(string name)
    {
        var error = Assert.Throws<ConversationExportException>(
            () => OutputFormats.Parse<SampleFormat>(["Csv", name], "MetadataFormat", SampleFormat.None));

        Assert.Equal(ErrorId.FormatUnknown, error.Id);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(name, error.Target);
        Assert.Contains("MetadataFormat", error.Message);
        Assert.Contains("Accepted values: Csv, Xml, Json.", error.Message);
    }
}
