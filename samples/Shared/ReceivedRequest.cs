namespace ToolGate.Samples.Shared;

/// <summary>One request that reached a sample tool's <c>/tools/...</c> endpoints, as recorded by <see cref="RequestJournal"/>.</summary>
/// <param name="Method">HTTP method, e.g. <c>POST</c>.</param>
/// <param name="Path">Request path, e.g. <c>/tools/shell</c>.</param>
/// <param name="Body">Raw request body as UTF-8 text (empty when there was none; cut at <see cref="RequestJournal.MaxBodyChars"/>).</param>
/// <param name="Headers">Request headers as received, so tests can check what the gateway passed on (and what it did not).</param>
internal sealed record ReceivedRequest(string Method, string Path, string Body, IReadOnlyDictionary<string, string> Headers);
