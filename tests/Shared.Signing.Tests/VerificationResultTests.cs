using Shared.Signing;

namespace Shared.Signing.Tests;

// VerificationResult is public: the clients and user code build results with it (custom checks, routing).
public class VerificationResultTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(17)]
    public void Success_reports_the_matched_secret(int index)
    {
        var result = VerificationResult.Success(index);
        Assert.True(result.IsValid);
        Assert.Equal(VerificationFailure.None, result.Failure);
        Assert.Equal(index, result.MatchedSecretIndex);
        Assert.Equal("Verified.", result.Message);
        Assert.Equal($"Valid (secret #{index})", result.ToString());
    }

    [Fact]
    public void Success_refuses_a_negative_index()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VerificationResult.Success(-1));
    }

    [Fact]
    public void Fail_carries_the_reason_and_the_message()
    {
        var result = VerificationResult.Fail(VerificationFailure.Mismatch, "The token is not accepted.");
        Assert.False(result.IsValid);
        Assert.Equal(VerificationFailure.Mismatch, result.Failure);
        Assert.Equal(-1, result.MatchedSecretIndex);
        Assert.Equal("The token is not accepted.", result.Message);
        Assert.Equal("Mismatch: The token is not accepted.", result.ToString());
    }

    [Fact]
    public void Fail_needs_a_reason_and_a_message()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VerificationResult.Fail(VerificationFailure.None, "fine"));
        Assert.Throws<ArgumentException>(() => VerificationResult.Fail(VerificationFailure.Missing, " "));
        Assert.ThrowsAny<ArgumentException>(() => VerificationResult.Fail(VerificationFailure.Missing, null!));
    }
}
