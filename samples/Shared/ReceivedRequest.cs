namespace ToolGate.Samples.Shared;

/// <summary>One request that reached a sample tool's <c>/tools/...</c> endpoints, as recorded by <see cref="RequestJournal"/>.</summary>
/// <param name="Method">HTTP method, e.g. <c>POST</c>.</param>
/// <param name="Path">Request path, e.g. <c>/tools/shell</c>.</param>
/// <param name="Body">Raw request body as UTF-8 text (empty when there was none; cut at <see cref="RequestJournal.MaxBodyChars"/>).</param>
internal sealed record ReceivedRequest(string Method, string Path, string Body);
