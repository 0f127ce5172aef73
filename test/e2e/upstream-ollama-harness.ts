// Shared setup of the upstream-ollama-*.test.ts files: fake Ollama servers behind a real proxy, discovery awaited.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOllama, type FakeOllama, type FakeOllamaModel, type RecordedRequest } from '../fakes/fake-ollama.js';
import { startProxy, type TestProxy } from './start-proxy.js';

/** A 1×1 PNG. */
export const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const WEATHER_SCHEMA = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
export const CITY_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' }, population: { type: 'integer' } },
  required: ['city', 'population'],
  additionalProperties: false,
};

/** Bound on waiting for background discovery; it normally takes a few ms against a local fake. */
const DISCOVERY_DEADLINE_MS = 10_000;

/**
 * Resolves once every name is listed by the proxy's /api/tags (discovery runs in the background after start). Polls
 * one awaited request at a time; fails with what was listed when the deadline passes.
 */
export async function waitForListed(proxy: TestProxy, names: readonly string[]): Promise<void> {
  const deadline = Date.now() + DISCOVERY_DEADLINE_MS;
  let listed: string[] = [];
  while (Date.now() < deadline) {
    const body = (await (await fetch(`${proxy.url}/api/tags`)).json()) as { models: { name: string }[] };
    listed = body.models.map((model) => model.name);
    if (names.every((name) => listed.includes(name))) return;
  }
  throw new Error(`discovery did not list ${names.join(', ')} within ${DISCOVERY_DEADLINE_MS} ms; listed: ${listed.join(', ')}`);
}

/** A YAML config file in a temp dir; `remove` deletes it. */
export function writeConfigFile(yaml: string): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
  const path = join(dir, 'switchboard.yaml');
  writeFileSync(path, yaml);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A port nothing listens on: bound, then released (connections to it are refused at once). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The last POST to `path` (default /api/chat) the fake received. */
export function lastRequest(fake: FakeOllama, path = '/api/chat'): RecordedRequest {
  const request = fake.requests.findLast((r) => r.method === 'POST' && r.path === path);
  if (!request) throw new Error(`the fake received no POST ${path}`);
  return request;
}

export type OllamaUpstream = { fake: FakeOllama; proxy: TestProxy; close(): Promise<void> };

/**
 * A fake Ollama (default models) as the built-in `ollama` provider of a proxy, with discovery done: every default
 * model is listed before this resolves. `env` adds settings (other providers, CONFIG_FILE, timeouts).
 */
export async function startOllamaUpstream(env: Record<string, string> = {}, models?: readonly FakeOllamaModel[]): Promise<OllamaUpstream> {
  const fake = await startFakeOllama(models ? { models } : {});
  const proxy = await startProxy({ OLLAMA_BASE_URL: fake.url, ...env });
  await waitForListed(proxy, ['llama3.2:latest', 'qwen3:8b', 'llava:7b']);
  return {
    fake,
    proxy,
    async close() {
      await proxy.close();
      await fake.close();
    },
  };
}
