using ToolGate.Gateway;
using ToolGate.Gateway.Hosting;

try
{
    await ToolGateApp.Create(args).RunAsync();
    return 0;
}
catch (ToolGateStartupException e)
{
    await Console.Error.WriteLineAsync("ToolGate did not start. " + e.Message);
    return 1;
}
