import type { ChatRequest, ToolDefinition } from '../../core/chat-request.js';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-wire.js';

export type EncodedAnthropicTools = { tools?: AnthropicTool[]; tool_choice?: AnthropicToolChoice };

/** Tools → `tools` with `input_schema`; tool_choice auto/required/{name}/none → auto/any/tool/none. */
export function encodeAnthropicTools(request: ChatRequest): EncodedAnthropicTools {
  if (!request.tools?.length) return {};
  const tools = request.tools.map(encodeTool);
  const noParallel = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  const choice = request.toolChoice;
  if (choice === 'none') return { tools, tool_choice: { type: 'none' } };
  if (choice === 'required') return { tools, tool_choice: { type: 'any', ...noParallel } };
  if (typeof choice === 'object') return { tools, tool_choice: { type: 'tool', name: choice.name, ...noParallel } };
  if (choice === 'auto' || request.parallelToolCalls === false) return { tools, tool_choice: { type: 'auto', ...noParallel } };
  return { tools };
}

/** True when the model must call a tool, which the API does not allow together with thinking. */
export function forcesToolUse(choice: AnthropicToolChoice | undefined): boolean {
  return choice?.type === 'any' || choice?.type === 'tool';
}

function encodeTool(tool: ToolDefinition): AnthropicTool {
  return {
    name: tool.name,
    ...(tool.description === undefined || tool.description === '' ? {} : { description: tool.description }),
    input_schema: objectSchema(tool.parameters),
    ...(tool.strict === undefined ? {} : { strict: tool.strict }),
  };
}

/** `input_schema` must be an object schema; clients often send `{}` for a tool without arguments. */
function objectSchema(parameters: Record<string, unknown>): Record<string, unknown> {
  if (parameters.type === 'object') return parameters;
  if (parameters.type === undefined) return { type: 'object', properties: {}, ...parameters };
  return parameters;
}
