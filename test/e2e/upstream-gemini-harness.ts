// Shared set-up of the upstream-gemini-*.test.ts files: the fake Gemini API, a proxy whose built-in `google` provider
// points at it, and readers for what the fake received.
import { startFakeGemini, type FakeGemini, type RecordedRequest } from '../fakes/fake-gemini.js';
import { startProxy, type TestProxy } from './start-proxy.js';

export const GEMINI_KEY = 'AIza-e2e-fake-gemini-key-7731';
/** Catalog ids (data/catalog/models/google.json): a Gemini 3 model (thinking levels, signatures checked), a 2.5 one. */
export const GEMINI_3 = 'gemini-3.8-flash';
export const GEMINI_25 = 'gemini-2.5-flash';
export const GEMINI_EMBEDDING = 'gemini-embedding-001';
/** 1×1 PNG. */
export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const WEATHER_SCHEMA = {
  type: 'object' as const,
  properties: { city: { type: 'string' } },
  required: ['city'],
};

/** A recursive `$ref`: Gemini's `Schema` cannot hold it, so the provider refuses it before calling upstream. */
export const RECURSIVE_SCHEMA = {
  type: 'object' as const,
  properties: { tree: { $ref: '#/$defs/node' } },
  $defs: { node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } } } },
};
/** Where the conversion error points, as the client must read it. */
export const RECURSIVE_SCHEMA_MESSAGE = /parameters schema cannot be converted for Gemini: recursive \$ref '#\/\$defs\/node'/;

export type GeminiRig = { fake: FakeGemini; proxy: TestProxy };

export async function startGeminiRig(): Promise<GeminiRig> {
  const fake = await startFakeGemini({ apiKey: GEMINI_KEY });
  const proxy = await startProxy({
    GOOGLE_API_KEY: GEMINI_KEY,
    GOOGLE_BASE_URL: fake.url,
    UPSTREAM_IDLE_TIMEOUT_MS: '1000',
    UPSTREAM_FIRST_BYTE_TIMEOUT_MS: '2000',
  });
  return { fake, proxy };
}

export async function stopGeminiRig(rig: GeminiRig | undefined): Promise<void> {
  if (!rig) return;
  // After an aborted stream, undici (the SDKs' fetch) may open a spare connection that never sends a request; with
  // Fastify's requestTimeout 0, Node's server.close() then waits ~60-90 s for it (headersTimeout). Drop what is left.
  const sweep = setInterval(() => rig.proxy.app.server.closeAllConnections(), 20);
  await rig.proxy.close().finally(() => clearInterval(sweep));
  await rig.fake.close();
}

const GENERATE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)(\?.*)?$/;

/** The generate calls the fake received (model discovery's GET /v1beta/models calls left out). */
export function generateCalls(fake: FakeGemini): RecordedRequest[] {
  return fake.requests.filter((request) => request.method === 'POST' && GENERATE.test(request.path));
}

export function lastGenerate(fake: FakeGemini): RecordedRequest {
  const last = generateCalls(fake).at(-1);
  if (!last) throw new Error('the fake received no generateContent call');
  return last;
}

/** Checks the URL, method and key of a generate call; returns the body. */
export function expectGenerateCall(request: RecordedRequest, model: string, stream: boolean): RecordedRequest['body'] {
  const expected = stream ? `/v1beta/models/${model}:streamGenerateContent?alt=sse` : `/v1beta/models/${model}:generateContent`;
  if (request.path !== expected) throw new Error(`expected ${expected}, the fake received ${request.path}`);
  if (request.headers['x-goog-api-key'] !== GEMINI_KEY) throw new Error('the call did not carry the key in x-goog-api-key');
  if (request.path.includes('key=')) throw new Error('the key leaked into the URL');
  return request.body;
}

export function embedCalls(fake: FakeGemini): RecordedRequest[] {
  return fake.requests.filter((request) => request.method === 'POST' && /:(embedContent|batchEmbedContents)$/.test(request.path));
}
