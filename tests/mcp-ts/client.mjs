#!/usr/bin/env node
// A real MCP client (the official TypeScript SDK over Streamable HTTP) for ToolGate's tests.
//
//   node client.mjs --url URL [--key KEY] --call TOOL --args JSON [--expect-denied TOOL2 --args2 JSON] [--timeout-ms N]
//
// Connects (initialize), lists the tools, calls TOOL with the JSON arguments and, with --expect-denied, calls TOOL2,
// which must fail. --key is sent as "Authorization: Bearer KEY" on every request. Prints one JSON document on stdout:
//
//   {"ok": true, "sessionId": "...", "protocolVersion": "2025-11-25", "tools": ["echo", ...],
//    "call": {<the CallToolResult>}, "denied": {"kind": "jsonrpc", "code": -32001, "message": "...", "data": {...}}}
//
// "denied" is null without --expect-denied. Its kind is "jsonrpc" for a JSON-RPC error response (code, message and
// data as sent) and "http" for a refused HTTP request (code = HTTP status). On failure "ok" is false and "error" says
// why. Exit status: 0 when the call succeeded (its result has no isError) and the second call, if any, was refused
// with an error; 1 otherwise, including a result with isError for the second call (a tool error is not a denial).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";

function parseArgs(argv) {
  const options = { timeoutMs: 20000 };
  const names = {
    "--url": "url", "--key": "key", "--call": "call", "--args": "args",
    "--expect-denied": "denyTool", "--args2": "args2", "--timeout-ms": "timeoutMs",
  };
  for (let i = 0; i < argv.length; i += 2) {
    const name = names[argv[i]];
    if (!name || i + 1 >= argv.length) {
      throw new Error(`unknown or incomplete option '${argv[i]}'`);
    }
    options[name] = argv[i + 1];
  }
  if (!options.url || !options.call) {
    throw new Error("--url and --call are required");
  }
  options.args = JSON.parse(options.args ?? "{}");
  options.args2 = JSON.parse(options.args2 ?? "{}");
  options.timeoutMs = Number(options.timeoutMs);
  return options;
}

function describeError(error) {
  if (error instanceof McpError) {
    // McpError's message is "MCP error <code>: <message>"; report the message as the server sent it.
    const prefix = `MCP error ${error.code}: `;
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    return { kind: "jsonrpc", code: error.code, message, data: error.data ?? null };
  }
  if (error instanceof StreamableHTTPError) {
    return { kind: "http", code: error.code ?? null, message: error.message, data: null };
  }
  return { kind: "other", code: null, message: String(error?.message ?? error), data: null };
}

function finish(output, status) {
  process.stdout.write(JSON.stringify(output) + "\n", () => process.exit(status));
}

async function main() {
  const output = { ok: false, sessionId: null, protocolVersion: null, tools: [], call: null, denied: null, error: null };
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    output.error = `usage: ${error.message}`;
    return finish(output, 1);
  }

  const timer = setTimeout(() => {
    output.error = `timed out after ${options.timeoutMs} ms`;
    finish(output, 1);
  }, options.timeoutMs);

  const headers = options.key ? { Authorization: `Bearer ${options.key}` } : {};
  const transport = new StreamableHTTPClientTransport(new URL(options.url), { requestInit: { headers } });
  const client = new Client({ name: "toolgate-test-client", version: "1.0.0" });
  let status = 1;
  try {
    await client.connect(transport);
    output.sessionId = transport.sessionId ?? null;
    output.protocolVersion = transport.protocolVersion ?? null;

    const listed = await client.listTools();
    output.tools = listed.tools.map((tool) => tool.name);

    output.call = await client.callTool({ name: options.call, arguments: options.args });
    if (output.call.isError) {
      throw new Error(`${options.call} returned a tool error`);
    }

    if (options.denyTool) {
      try {
        const unexpected = await client.callTool({ name: options.denyTool, arguments: options.args2 });
        output.error = unexpected.isError
          ? `${options.denyTool} returned a tool error (isError), not a refusal: ${JSON.stringify(unexpected.content)}`
          : `${options.denyTool} was expected to be refused but succeeded`;
        output.denied = null;
        throw Object.assign(new Error(output.error), { reported: true });
      } catch (error) {
        if (error.reported) {
          throw error;
        }
        output.denied = describeError(error);
      }
    }

    output.ok = true;
    status = 0;
  } catch (error) {
    output.error ??= describeError(error).message;
  } finally {
    clearTimeout(timer);
    try {
      await client.close();
    } catch {
      // Closing is best effort; the result is already known.
    }
  }
  finish(output, status);
}

await main();
