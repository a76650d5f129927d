using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using KestrelListenOptions = Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions;

namespace ToolGate.Gateway.Hosting;

/// <summary>
/// The gateway's Kestrel listeners. Each connection is tagged with its listener at accept time, so nothing
/// a client sends (Host header, path) decides which API it reaches. After start-up it tells the bound
/// addresses, which matters when a port was configured as 0.
/// </summary>
public sealed class ListenerEndpoints
{
    private readonly Dictionary<ListenerKind, KestrelListenOptions> _listeners = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ListenerKind, IPEndPoint> _bound = [];

    internal void Configure(KestrelServerOptions kestrel, ListenerKind kind, IPEndPoint endPoint)
    {
        kestrel.Listen(endPoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            var feature = new ListenerFeature(kind);
            listen.Use(next => connection =>
            {
                connection.Features.Set(feature);
                return next(connection);
            });
            _listeners[kind] = listen;
        });
    }

    /// <summary>A listener that is not Kestrel's (the egress proxy owns its socket) says where it is bound.</summary>
    internal void SetBound(ListenerKind kind, IPEndPoint endPoint) => _bound[kind] = endPoint;

    /// <summary>The address a listener is bound to (with the real port once the server has started).</summary>
    public IPEndPoint GetEndPoint(ListenerKind kind) =>
        _bound.TryGetValue(kind, out var bound) ? bound
        : _listeners.TryGetValue(kind, out var listen) ? listen.IPEndPoint!
        : throw new InvalidOperationException($"No {kind} listener is configured.");

    public Uri GetUri(ListenerKind kind)
    {
        var endPoint = GetEndPoint(kind);
        return new Uri($"http://{endPoint}/");
    }
}

internal static class ConnectionFeatureExtensions
{
    public static ListenerKind? GetListener(this Microsoft.AspNetCore.Http.HttpContext context) =>
        context.Features.Get<ListenerFeature>()?.Kind;
}
