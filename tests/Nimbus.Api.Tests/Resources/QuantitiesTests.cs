using Nimbus.Api.Resources;

namespace Nimbus.Api.Tests.Resources;

public sealed class QuantitiesTests
{
    [Theory]
    [InlineData("0.25", 250)]
    [InlineData("250m", 250)]
    [InlineData("2", 2000)]
    [InlineData(" 1.5 ", 1500)]
    [InlineData("1024", 1_024_000)]
    [InlineData("1024000m", 1_024_000)]
    public void TryParseCpu_ValidForms_GiveMillis(string text, long millis)
    {
        Assert.True(Quantities.TryParseCpu(text, out var parsed));
        Assert.Equal(millis, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0m")]
    [InlineData("-1")]
    [InlineData("lots")]
    [InlineData("1025")]
    [InlineData("2000000m")] // was accepted: the millicore form had no ceiling
    [InlineData("1.5m")]
    public void TryParseCpu_InvalidOrTooMuch_IsRejected(string text) =>
        Assert.False(Quantities.TryParseCpu(text, out _));

    [Theory]
    [InlineData("128Mi", 128L << 20)]
    [InlineData("1Gi", 1L << 30)]
    [InlineData("512M", 512_000_000)]
    [InlineData("64Ki", 64L << 10)]
    [InlineData("1000", 1000)]
    [InlineData("1.5Gi", 3L << 29)]
    public void TryParseBytes_ValidForms_GiveBytes(string text, long bytes)
    {
        Assert.True(Quantities.TryParseBytes(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mi")]
    [InlineData("0")]
    [InlineData("-5Mi")]
    [InlineData("lots")]
    [InlineData("9999999Ti")]
    [InlineData("99999999999999999999999999T")] // used to throw OverflowException instead of returning false
    [InlineData("79228162514264337593543950335Ki")]
    public void TryParseBytes_InvalidOrTooLarge_IsRejectedWithoutThrowing(string text) =>
        Assert.False(Quantities.TryParseBytes(text, out _));

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("1.5s", 1500)]
    [InlineData("1m", 60_000)]
    [InlineData("1h", 3_600_000)]
    public void TryParseDuration_ValidForms_GiveDuration(string text, double milliseconds)
    {
        Assert.True(Quantities.TryParseDuration(text, out var parsed));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), parsed);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("5")]
    [InlineData("-1s")]
    [InlineData("8d")]
    [InlineData("200h")]
    [InlineData("NaNs")]
    public void TryParseDuration_Invalid_IsRejected(string text) =>
        Assert.False(Quantities.TryParseDuration(text, out _));
}
