using Yarp.ReverseProxy.Model;

namespace ToolGate.Gateway.Pipeline;

internal static class ToolGatePipeline
{
    /// <summary>
    /// The tool-call pipeline, in order. Identify has already run (the agent authorization policy on every
    /// proxy route); YARP's forwarder runs after the last step.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseToolGatePipeline(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<ClassifyStep>();
        proxy.UseMiddleware<DecideStep>();
        proxy.UseMiddleware<LimitStep>();
        proxy.UseMiddleware<AuditStep>();
        proxy.UseMiddleware<ForwardStep>();
        return proxy;
    }
}
