namespace ToolGate.Gateway.Hosting;

/// <summary>Which listener a connection arrived on. Endpoints declare the one they belong to.</summary>
public enum ListenerKind
{
    Agents,
    Admin,

    /// <summary>The forward proxy: raw HTTP/1.1 proxy requests and CONNECT tunnels, not ASP.NET endpoints.</summary>
    Egress,
}

/// <summary>Set on every connection by Kestrel connection middleware: the one source of truth for the listener.</summary>
internal sealed record ListenerFeature(ListenerKind Kind);

/// <summary>Endpoint metadata: the listener an endpoint is served on. Endpoints without it are served nowhere.</summary>
internal sealed record ListenerScope(ListenerKind Kind);
