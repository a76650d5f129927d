namespace ToolGate.Benchmarks.LoadHosts;

/// <summary>The command line of a load-test host: <c>--port N</c> and, for a proxy, <c>--upstream URL</c>.</summary>
internal sealed record LoadHostArguments(int Port, Uri? Upstream)
{
    public static LoadHostArguments Parse(IReadOnlyList<string> args)
    {
        int? port = null;
        Uri? upstream = null;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"'{args[i]}' needs a value");
            switch (args[i])
            {
                case "--port" when int.TryParse(value, out var p) && p is > 0 and < 65536:
                    port = p;
                    break;
                case "--upstream" when Uri.TryCreate(value, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttp:
                    upstream = u;
                    break;
                default:
                    throw new ArgumentException($"unexpected argument '{args[i]} {value}' (expected --port 1-65535, --upstream http://host:port)");
            }

            i++;
        }

        return new LoadHostArguments(port ?? throw new ArgumentException("--port is required"), upstream);
    }

    /// <summary>Load-test hosts listen on loopback only.</summary>
    public string ListenUrl => $"http://127.0.0.1:{Port}";
}
