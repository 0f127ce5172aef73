/** Sniffs an image's media type from the first bytes of its base64 text (clients rarely say). */
export function sniffImageMediaType(base64: string): string {
  const head = Buffer.from(base64.slice(0, 24), 'base64');
  if (head.length >= 4 && head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 4 && head.toString('latin1', 0, 4) === 'GIF8') return 'image/gif';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (head.length >= 2 && head[0] === 0x42 && head[1] === 0x4d) return 'image/bmp';
  return 'image/jpeg';
}

const DATA_URL = /^data:([^;,]+)?(;[^,]*)?,/;

/** Splits `data:image/png;base64,AAAA` into media type and base64; undefined if not a base64 data URL. */
export function parseDataUrl(url: string): { mediaType: string | undefined; data: string } | undefined {
  const match = DATA_URL.exec(url);
  if (!match || !match[2]?.includes('base64')) return undefined;
  return { mediaType: match[1], data: url.slice(match[0].length) };
}
