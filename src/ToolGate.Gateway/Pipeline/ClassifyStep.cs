using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Classify;
using ToolGate.Gateway.Identify;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace ToolGate.Gateway.Pipeline;

/// <summary>
/// Classify: the identified agent's request becomes a canonical action, read from the body where the
/// route's metadata says. A request that cannot be read exactly is refused (400/413/415) and audited.
/// </summary>
internal sealed class ClassifyStep(RequestDelegate next, ToolRequestClassifier classifier, DecisionRecorder recorder, TimeProvider time)
{
    public const string DecisionIdHeader = "X-ToolGate-Decision-Id";

    /// <summary>A route's fields, read from its metadata once per route configuration (a reload brings new ones).</summary>
    private static readonly ConditionalWeakTable<RouteConfig, RouteFields> FieldsByRoute = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var feature = new ToolCallFeature(context.Features.GetRequiredFeature<IdentifiedAgent>().Id, Guid.CreateVersion7(time.GetUtcNow()).ToString(), time.GetTimestamp());
        context.Features.Set(feature);
        context.Response.Headers[DecisionIdHeader] = feature.DecisionId;

        var route = context.GetReverseProxyFeature().Route.Config;
        var (fields, metadataError) = FieldsByRoute.GetValue(route, static r => new RouteFields(ActionFields.FromMetadata(r.Metadata, out var error), error));
        var classification = fields is null
            ? Classification.Fail(StatusCodes.Status400BadRequest, $"route '{route.RouteId}' is misconfigured: {metadataError}")
            : await classifier.ClassifyAsync(context.Request, fields, context.RequestAborted);
        if (classification.Action is null)
        {
            var entry = DecisionRecorder.Entry(AuditStages.Decision, feature.DecisionId, feature.AgentId, null,
                AuditDecisions.Deny, classification.Error, Rules.Unclassifiable, Severity.Low);
            await recorder.RefuseAsync(context, feature.DecisionId, entry, classification.Status);
            return;
        }

        feature.Fields = fields;
        feature.Action = classification.Action;
        await next(context);
    }
}

/// <summary>What a route's metadata says it carries, or why it says nothing usable.</summary>
internal sealed record RouteFields(ActionFields? Fields, string Error);
