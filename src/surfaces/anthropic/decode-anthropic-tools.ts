import type { ToolChoice, ToolDefinition } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import { type AnthropicDecodeContext, requireNativeUpstream } from './anthropic-decode-context.js';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-request-schemas.js';

/**
 * `tools`: client tools (`type` absent or `custom`) → tool definitions with `input_schema` as the parameters.
 * Server tools (`web_search_20250305`, `bash_20250124`…) run inside Anthropic's API: only an Anthropic upstream can
 * honour them, through the native body, and they are left out of the canonical list. An empty list means no tools.
 */
export function decodeAnthropicTools(
  tools: readonly AnthropicTool[] | null | undefined,
  context: AnthropicDecodeContext,
): ToolDefinition[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  const out: ToolDefinition[] = [];
  tools.forEach((tool, i) => {
    const param = `tools[${i}]`;
    if (tool.type != null && tool.type !== 'custom') {
      requireNativeUpstream(context, `server tool '${tool.type}' is not supported`, `${param}.type`);
      return;
    }
    if (!tool.input_schema) throw invalidRequest(`'${param}.input_schema' is required`, `${param}.input_schema`);
    const definition: ToolDefinition = { name: tool.name, parameters: tool.input_schema };
    if (tool.description != null) definition.description = tool.description;
    if (tool.strict != null) definition.strict = tool.strict;
    out.push(definition);
  });
  return out.length > 0 ? out : undefined;
}

/** `tool_choice`: auto | any (→ required) | tool {name} | none, and `disable_parallel_tool_use` → parallel calls off. */
export function decodeAnthropicToolChoice(choice: AnthropicToolChoice | null | undefined): { toolChoice?: ToolChoice; parallelToolCalls?: boolean } {
  if (!choice) return {};
  const out: { toolChoice?: ToolChoice; parallelToolCalls?: boolean } = {};
  switch (choice.type) {
    case 'auto':
      out.toolChoice = 'auto';
      break;
    case 'any':
      out.toolChoice = 'required';
      break;
    case 'none':
      out.toolChoice = 'none';
      break;
    case 'tool':
      if (!choice.name) throw invalidRequest("'tool_choice.name' is required when tool_choice.type is 'tool'", 'tool_choice.name');
      out.toolChoice = { name: choice.name };
      break;
    default: {
      const unreachable: never = choice.type;
      void unreachable;
    }
  }
  if (choice.disable_parallel_tool_use === true) out.parallelToolCalls = false;
  return out;
}
