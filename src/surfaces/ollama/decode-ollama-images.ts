import type { ImagePart } from '../../core/chat-request.js';
import { sniffImageMediaType } from '../../util/image-media-type.js';

/**
 * Ollama images are plain base64. Real Ollama rejects a `data:` URL; we strip the prefix leniently. The media type
 * is sniffed from the bytes, since clients rarely say (and a declared one is often wrong).
 */
export function decodeOllamaImage(image: string): ImagePart {
  let data = image.trim();
  if (data.startsWith('data:')) {
    const comma = data.indexOf(',');
    data = comma === -1 ? '' : data.slice(comma + 1);
  }
  return { type: 'image', source: 'base64', mediaType: sniffImageMediaType(data), data };
}

export function decodeOllamaImages(images: readonly string[] | null | undefined): ImagePart[] {
  return (images ?? []).map(decodeOllamaImage);
}
