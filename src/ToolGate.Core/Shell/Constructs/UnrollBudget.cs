namespace ToolGate.Core.Shell.Constructs;

/// <summary>
/// How many commands the <c>for</c> loops of one line may unroll to, all loops together (nested loops multiply): a line
/// stays a bounded amount of work to judge and to run. Charged once per loop copy as its iterations × its body's commands.
/// </summary>
internal sealed class UnrollBudget
{
    public const int MaxUnrolledCommands = 1024;

    private int _left = MaxUnrolledCommands;

    /// <returns>False, charging nothing, when <paramref name="commands"/> more would exceed the budget.</returns>
    public bool TryCharge(long commands)
    {
        if (commands > _left)
        {
            return false;
        }

        _left -= (int)commands;
        return true;
    }
}
