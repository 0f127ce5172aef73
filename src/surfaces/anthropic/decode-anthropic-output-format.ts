import type { ResponseFormat } from '../../core/chat-request.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { AnthropicMessagesRequest, AnthropicOutputFormat } from './anthropic-request-schemas.js';

function decodeFormat(format: AnthropicOutputFormat, param: string): ResponseFormat {
  if (format.type !== 'json_schema') {
    throw new ProxyError('unsupported', `output format type '${format.type}' is not supported; only 'json_schema' is`, { param: `${param}.type` });
  }
  // Anthropic's structured outputs are always schema-constrained; a missing schema still asks for JSON.
  return format.schema ? { type: 'json-schema', schema: format.schema, strict: true } : { type: 'json' };
}

/** Structured output: `output_config.format` (current API) or the beta's top-level `output_format`. */
export function decodeAnthropicOutputFormat(body: Pick<AnthropicMessagesRequest, 'output_config' | 'output_format'>): ResponseFormat | undefined {
  if (body.output_config?.format) return decodeFormat(body.output_config.format, 'output_config.format');
  if (body.output_format) return decodeFormat(body.output_format, 'output_format');
  return undefined;
}
