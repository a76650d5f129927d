using Yarp.ReverseProxy.Model;

namespace ToolGate.Gateway.Pipeline;

internal static class ToolGatePipeline
{
    /// <summary>The tool-call pipeline, in order; YARP's forwarder runs after the last step.</summary>
    public static IReverseProxyApplicationBuilder UseToolGatePipeline(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<IdentifyStep>();
        proxy.UseMiddleware<ClassifyStep>();
        proxy.UseMiddleware<DecideStep>();
        proxy.UseMiddleware<LimitStep>();
        proxy.UseMiddleware<AuditStep>();
        proxy.UseMiddleware<ForwardStep>();
        return proxy;
    }
}
