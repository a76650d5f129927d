namespace ToolGate.Core.Decisions;

public enum DecisionOutcome
{
    Allow,
    Deny,
}
