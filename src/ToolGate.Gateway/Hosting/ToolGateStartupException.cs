namespace ToolGate.Gateway.Hosting;

/// <summary>The gateway refuses to start: invalid options or policy files. The message names the file and field.</summary>
public sealed class ToolGateStartupException : Exception
{
    public ToolGateStartupException()
    {
    }

    public ToolGateStartupException(string message)
        : base(message)
    {
    }

    public ToolGateStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
