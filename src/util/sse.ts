/** Server-sent events: encoding for our responses, decoding of upstream bodies. */

export type SseMessage = { event?: string; data: string };

/** One `data:` event. `json` must not contain a newline (JSON.stringify output never does). */
export function encodeSseData(json: string): string {
  return `data: ${json}\n\n`;
}

export function encodeSseEvent(event: string, json: string): string {
  return `event: ${event}\ndata: ${json}\n\n`;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Decodes an SSE byte stream into messages as they arrive. Comment lines (`: keep-alive`) are skipped; a message is
 * dispatched at a blank line; multi-line data is joined with `\n` (per the HTML spec). Accepts LF and CRLF.
 */
export async function* decodeSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let pending = '';
  let event: string | undefined;
  let data: string[] = [];

  const takeLine = (line: string): SseMessage | undefined => {
    if (line === '') {
      if (data.length === 0) {
        event = undefined;
        return undefined;
      }
      const message: SseMessage = event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') };
      event = undefined;
      data = [];
      return message;
    }
    if (line.charCodeAt(0) === 0x3a /* : */) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    return undefined;
  };

  for await (const chunk of body) {
    let text = pending + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== LF && code !== CR) continue;
      if (code === CR) {
        if (i + 1 === text.length) break; // wait: the LF of a CRLF may be in the next chunk
        const message = takeLine(text.slice(start, i));
        if (message) yield message;
        if (text.charCodeAt(i + 1) === LF) i++;
      } else {
        const message = takeLine(text.slice(start, i));
        if (message) yield message;
      }
      start = i + 1;
    }
    pending = text.slice(start);
    text = '';
  }
  pending += decoder.decode();
  if (pending !== '') {
    const message = takeLine(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
    if (message) yield message;
  }
  // A stream cut without its final blank line still delivers the last complete message.
  const last = takeLine('');
  if (last) yield last;
}
