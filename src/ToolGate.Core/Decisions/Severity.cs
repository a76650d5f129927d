namespace ToolGate.Core.Decisions;

/// <summary>How serious a denial is. <see cref="Critical"/> marks a guardrail hit: an attempt no grant may allow.</summary>
public enum Severity
{
    None,
    Low,
    High,
    Critical,
}
