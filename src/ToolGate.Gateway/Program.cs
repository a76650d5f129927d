using ToolGate.Gateway;
using ToolGate.Gateway.Hosting;

try
{
    await ToolGateApp.Create(args).RunAsync();
    return 0;
}
catch (Exception e) when (StartupFailure(e) is { } failure)
{
    await Console.Error.WriteLineAsync("ToolGate did not start. " + failure.Message);
    return 1;
}

// Start-up errors can arrive wrapped (YARP wraps configuration errors); report the one that names the field.
static ToolGateStartupException? StartupFailure(Exception? e)
{
    for (; e is not null; e = e.InnerException)
    {
        if (e is ToolGateStartupException startup)
        {
            return startup;
        }
    }

    return null;
}
