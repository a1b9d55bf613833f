using ConversationExport.Engine.Export;

namespace ConversationExport.EngineTests.Export;

/// <summary>Export settings refused before anything is stored (SPEC §4, §14).</summary>
public sealed class ExportValidatorTests
{
    private static readonly ExportSettings Valid = new() { TargetType = ExportTargetType.Download };

    [Theory]
    [InlineData(0L, ArchiveMethod.Zip)]
    [InlineData(-5L, ArchiveMethod.Zip)]
    [InlineData(long.MinValue, ArchiveMethod.Aes256)]
    [InlineData(0L, ArchiveMethod.None)]
    public void A_part_size_below_one_byte_is_refused_naming_the_value_and_how_to_have_no_limit(long size, ArchiveMethod method)
    {
        var settings = Valid with { MaxArchiveSize = size, ArchiveMethod = method, ProtectedPassword = method == ArchiveMethod.Aes256 ? "protected" : null };

        var error = Assert.Throws<ConversationExportException>(() => ExportValidator.Validate(settings, null));

        Assert.Equal(ErrorId.ExportSettingInvalid, error.Id);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"-MaxArchiveSize {size} ", error.Message);
        Assert.Contains("1048576 bytes (1 MB)", error.Message);
        Assert.Contains("-MaxArchiveSize $null", error.Message);
        Assert.Equal(size, error.Target);
    }

    [Fact]
    public void A_part_size_just_below_one_megabyte_is_refused_and_one_megabyte_or_no_limit_is_accepted()
    {
        Assert.Equal(ErrorId.ExportSettingInvalid, Assert.Throws<ConversationExportException>(() =>
            ExportValidator.Validate(Valid with { MaxArchiveSize = ExportValidator.MinimumArchiveSize - 1 }, null)).Id);

        ExportValidator.Validate(Valid with { MaxArchiveSize = ExportValidator.MinimumArchiveSize }, null);
        ExportValidator.Validate(Valid with { MaxArchiveSize = null }, null);
    }
}
