using System.Text.Json.Serialization;

namespace ToolGate.Core.Grants;

/// <summary>
/// At most <paramref name="Permits"/> actions per <paramref name="WindowSeconds"/> seconds. A sliding window counts
/// the actions in any such window; a token bucket holds up to <paramref name="Permits"/> tokens and refills them
/// steadily over the window, so bursts are allowed up to the bucket and the long-run rate is the same.
/// </summary>
public sealed record RateLimitSpec(int Permits, int WindowSeconds, RateLimitKind Kind = RateLimitKind.SlidingWindow)
{
    public const int MaxPermits = 1_000_000;
    public const int MaxWindowSeconds = 86_400;
}

[JsonConverter(typeof(JsonStringEnumConverter<RateLimitKind>))]
public enum RateLimitKind
{
    [JsonStringEnumMemberName("slidingWindow")]
    SlidingWindow,

    [JsonStringEnumMemberName("tokenBucket")]
    TokenBucket,
}
