import type { ToolChoice, ToolDefinition } from '../../core/chat-request.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { OpenAITool, OpenAIToolChoice } from './openai-request-schemas.js';

const EMPTY_PARAMETERS = { type: 'object', properties: {} };

function unsupported(message: string, param: string): ProxyError {
  return new ProxyError('unsupported', message, { param });
}

/** `tools`: function tools only (`custom` and other newer kinds are rejected). An empty list means no tools. */
export function decodeOpenAITools(tools: readonly OpenAITool[] | null | undefined): ToolDefinition[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  return tools.map((tool, i): ToolDefinition => {
    const type = tool.type ?? 'function';
    if (type !== 'function') throw unsupported(`tool type '${type}' is not supported; only 'function' tools are`, `tools[${i}].type`);
    const fn = tool.function;
    if (!fn) throw new ProxyError('invalid_request', `'tools[${i}].function' is required`, { param: `tools[${i}].function` });
    const out: ToolDefinition = { name: fn.name, parameters: fn.parameters ?? EMPTY_PARAMETERS };
    if (fn.description != null) out.description = fn.description;
    if (fn.strict != null) out.strict = fn.strict;
    return out;
  });
}

/** `tool_choice`: none | auto | required | {type:"function", function:{name}}. */
export function decodeOpenAIToolChoice(choice: OpenAIToolChoice | null | undefined): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') {
    if (choice === 'none' || choice === 'auto' || choice === 'required') return choice;
    throw new ProxyError('invalid_request', `tool_choice '${choice}' is not one of none, auto, required`, { param: 'tool_choice' });
  }
  if (choice.type !== 'function') throw unsupported(`tool_choice type '${choice.type}' is not supported`, 'tool_choice.type');
  if (!choice.function) throw new ProxyError('invalid_request', "'tool_choice.function' is required", { param: 'tool_choice.function' });
  return { name: choice.function.name };
}
