namespace ToolGate.Core.Grants;

/// <summary>At most <paramref name="Permits"/> actions in any window of <paramref name="WindowSeconds"/> seconds.</summary>
public sealed record RateLimitSpec(int Permits, int WindowSeconds)
{
    public const int MaxPermits = 1_000_000;
    public const int MaxWindowSeconds = 86_400;
}
