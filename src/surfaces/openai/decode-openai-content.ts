import type { ContentPart, ImagePart } from '../../core/chat-request.js';
import { ProxyError, invalidRequest } from '../../core/proxy-error.js';
import { parseDataUrl, sniffImageMediaType } from '../../util/image-media-type.js';
import type { OpenAIContentPart } from './openai-request-schemas.js';

type WireContent = string | OpenAIContentPart[] | null | undefined;

function unsupportedPart(part: OpenAIContentPart, param: string): ProxyError {
  return new ProxyError('unsupported', `content part type '${part.type}' is not supported`, { param });
}

function partText(part: OpenAIContentPart, param: string): string {
  if (typeof part.text !== 'string') throw invalidRequest(`'${param}.text' is required for a text part`, `${param}.text`);
  return part.text;
}

/** `image_url` (an object with `url`, or a bare string as Ollama accepts) → base64 bytes or a remote URL. */
function decodeImage(part: OpenAIContentPart, param: string): ImagePart {
  const url = typeof part.image_url === 'string' ? part.image_url : part.image_url?.url;
  if (url === undefined || url === '') throw invalidRequest(`'${param}.image_url.url' is required`, `${param}.image_url`);
  if (url.startsWith('data:')) {
    const parsed = parseDataUrl(url);
    if (!parsed || parsed.data === '') throw invalidRequest('image data URLs must be base64 encoded', `${param}.image_url`);
    const declared = parsed.mediaType?.toLowerCase();
    const mediaType = declared?.startsWith('image/') ? declared : sniffImageMediaType(parsed.data);
    return { type: 'image', source: 'base64', mediaType, data: parsed.data };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: 'url', url };
  throw invalidRequest('image_url must be an http(s) URL or a base64 data URL', `${param}.image_url`);
}

/** User content: a string, or text and image parts in order. Audio and file parts are rejected (400). */
export function decodeOpenAIUserContent(content: WireContent, param: string): ContentPart[] {
  if (content === undefined || content === null) return [{ type: 'text', text: '' }];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, i): ContentPart => {
    const partParam = `${param}[${i}]`;
    switch (part.type) {
      case 'text':
        return { type: 'text', text: partText(part, partParam) };
      case 'image_url':
        return decodeImage(part, partParam);
      default:
        throw unsupportedPart(part, partParam);
    }
  });
}

/**
 * Content that the canonical model holds as one string (system, assistant, tool): a string, or its text parts
 * joined by newlines. `refusal` parts (assistant history) carry no prompt text and are skipped.
 */
export function decodeOpenAITextContent(content: WireContent, param: string): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  const texts: string[] = [];
  content.forEach((part, i) => {
    const partParam = `${param}[${i}]`;
    if (part.type === 'text') texts.push(partText(part, partParam));
    else if (part.type !== 'refusal') throw unsupportedPart(part, partParam);
  });
  return texts.join('\n');
}
