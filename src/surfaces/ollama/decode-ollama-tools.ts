import type { ToolDefinition } from '../../core/chat-request.js';
import type { OllamaTool } from './ollama-request-schemas.js';

const EMPTY_PARAMETERS = { type: 'object', properties: {} };

/** Ollama request tools (OpenAI-style function tools) → canonical definitions. */
export function decodeOllamaTools(tools: readonly OllamaTool[] | null | undefined): ToolDefinition[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  return tools.map(({ function: fn }) => {
    const tool: ToolDefinition = { name: fn.name, parameters: fn.parameters ?? EMPTY_PARAMETERS };
    if (fn.description != null && fn.description !== '') tool.description = fn.description;
    return tool;
  });
}
