import type { ImagePart } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import { type AnthropicDecodeContext, requireNativeUpstream } from './anthropic-decode-context.js';
import {
  type AnthropicBlock,
  type AnthropicContent,
  documentBlockSchema,
  imageBlockSchema,
  parseAnthropicPart,
  textBlockSchema,
  toolResultBlockSchema,
} from './anthropic-request-schemas.js';

export function decodeTextBlock(block: AnthropicBlock, param: string): string {
  return parseAnthropicPart(textBlockSchema, block, param).text;
}

/** `image` with a base64 source (media type as declared) or a url source; file sources need the native body. */
export function decodeImageBlock(block: AnthropicBlock, param: string, context: AnthropicDecodeContext): ImagePart | undefined {
  const { source } = parseAnthropicPart(imageBlockSchema, block, param);
  switch (source.type) {
    case 'base64':
      if (!source.data) throw invalidRequest(`'${param}.source.data' is required for a base64 image`, `${param}.source.data`);
      if (!source.media_type) throw invalidRequest(`'${param}.source.media_type' is required for a base64 image`, `${param}.source.media_type`);
      return { type: 'image', source: 'base64', mediaType: source.media_type, data: source.data };
    case 'url':
      if (!source.url) throw invalidRequest(`'${param}.source.url' is required for a url image`, `${param}.source.url`);
      return { type: 'image', source: 'url', url: source.url };
    default:
      requireNativeUpstream(context, `image source type '${source.type}' is not supported`, `${param}.source.type`);
      return undefined;
  }
}

/**
 * `document` → its text, for plain-text sources (`text`, or `content` made of text blocks), headed by its title and
 * context. PDFs, urls and files cannot be translated for other upstreams.
 */
export function decodeDocumentBlock(block: AnthropicBlock, param: string, context: AnthropicDecodeContext): string | undefined {
  const document = parseAnthropicPart(documentBlockSchema, block, param);
  const { source } = document;
  let text: string | undefined;
  if (source.type === 'text' && typeof source.data === 'string') text = source.data;
  else if (source.type === 'content' && typeof source.content === 'string') text = source.content;
  else if (source.type === 'content' && Array.isArray(source.content) && source.content.every((part) => part.type === 'text')) {
    text = source.content.map((part, i) => decodeTextBlock(part, `${param}.source.content[${i}]`)).join('\n');
  }
  if (text === undefined) {
    requireNativeUpstream(context, `document source type '${source.type}' is not supported; only plain-text documents are`, `${param}.source`);
    return undefined;
  }
  const heading = [document.title, document.context].filter((line): line is string => typeof line === 'string' && line !== '');
  return heading.length > 0 ? `${heading.join('\n')}\n\n${text}` : text;
}

export type DecodedToolResult = {
  toolUseId: string;
  /** The result as text; an error result is marked so that any model can tell. */
  text: string;
  /** Images the tool returned: the canonical tool message holds text only, so they travel in a user message after it. */
  images: ImagePart[];
};

/** Marks a failed tool's output in its text (canonical tool messages have no error flag). */
export const TOOL_ERROR_PREFIX = 'Error: ';

/** `tool_result` (user turn): string or text / image / plain-text document blocks. */
export function decodeToolResultBlock(block: AnthropicBlock, param: string, context: AnthropicDecodeContext): DecodedToolResult {
  const result = parseAnthropicPart(toolResultBlockSchema, block, param);
  const texts: string[] = [];
  const images: ImagePart[] = [];
  const content: AnthropicContent = result.content ?? '';
  if (typeof content === 'string') texts.push(content);
  else {
    content.forEach((part, i) => {
      const partParam = `${param}.content[${i}]`;
      switch (part.type) {
        case 'text':
          texts.push(decodeTextBlock(part, partParam));
          break;
        case 'image': {
          const image = decodeImageBlock(part, partParam, context);
          if (image) images.push(image);
          break;
        }
        case 'document': {
          const text = decodeDocumentBlock(part, partParam, context);
          if (text !== undefined) texts.push(text);
          break;
        }
        default:
          requireNativeUpstream(context, `tool_result content type '${part.type}' is not supported`, `${partParam}.type`);
      }
    });
  }
  const text = texts.join('\n');
  return { toolUseId: result.tool_use_id, text: result.is_error === true ? `${TOOL_ERROR_PREFIX}${text}` : text, images };
}
