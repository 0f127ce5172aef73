import type { ToolChoice, ToolDefinition } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import { convertToGeminiSchema, SchemaConversionError } from './convert-gemini-schema.js';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from './gemini-wire.js';

/** The API's rule for function names: a letter or `_` first, then `[a-zA-Z0-9_.:-]`, at most 128 characters. */
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;

/** Canonical tools → one `tools` entry holding every function declaration (the API wants them in ONE tool object). */
export function encodeGeminiTools(tools: readonly ToolDefinition[]): GeminiTool[] {
  const declarations = tools.map((tool, index): GeminiFunctionDeclaration => {
    if (!FUNCTION_NAME.test(tool.name)) {
      throw invalidRequest(
        `tool name '${tool.name}' is not valid for Gemini (a letter or '_' first, then letters, digits, '_', '.', ':' or '-', at most 128)`,
        `tools[${index}].function.name`,
      );
    }
    let parameters;
    try {
      parameters = convertToGeminiSchema(tool.parameters);
    } catch (error) {
      if (!(error instanceof SchemaConversionError)) throw error;
      throw invalidRequest(
        `tool '${tool.name}': its parameters schema cannot be converted for Gemini: ${error.reason} at '${error.path}'`,
        `tools[${index}].function.parameters`,
      );
    }
    return {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      ...(parameters ? { parameters } : {}),
    };
  });
  return [{ functionDeclarations: declarations }];
}

/** `tool_choice` → `functionCallingConfig`: required is ANY, a named tool is ANY restricted to that name. */
export function encodeGeminiToolConfig(choice: ToolChoice, tools: readonly ToolDefinition[]): GeminiToolConfig {
  switch (choice) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    default:
      if (!tools.some((tool) => tool.name === choice.name)) {
        throw invalidRequest(`tool_choice names '${choice.name}', which is not one of the tools`, 'tool_choice');
      }
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
}
