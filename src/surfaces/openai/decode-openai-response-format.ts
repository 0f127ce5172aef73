import type { ResponseFormat } from '../../core/chat-request.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { OpenAIResponseFormat } from './openai-request-schemas.js';

/** `response_format`: text | json_object | json_schema (a json_schema without a schema asks for plain JSON). */
export function decodeOpenAIResponseFormat(format: OpenAIResponseFormat | null | undefined): ResponseFormat | undefined {
  if (!format) return undefined;
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const spec = format.json_schema;
      if (!spec?.schema) return { type: 'json' };
      const out: ResponseFormat = { type: 'json-schema', schema: spec.schema };
      if (spec.name != null) out.name = spec.name;
      if (spec.strict != null) out.strict = spec.strict;
      return out;
    }
    default:
      throw new ProxyError('unsupported', `response_format type '${format.type}' is not supported`, { param: 'response_format.type' });
  }
}
