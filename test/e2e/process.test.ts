import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess | undefined;
let fake: FakeUpstream | undefined;
/** Temp folders of the current test, removed after it. */
const folders: string[] = [];

function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  await fake?.close();
  child = undefined;
  fake = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/**
 * Starts `src/main.ts` as `npm start` would run it, and resolves with its URL once it logs that it listens. Its data
 * goes to a temp folder and its admin server to a free port: with the defaults it wrote the repo's
 * data/switchboard.db (a record and a generated admin password nobody saw, so a later `npm start` printed no
 * password) and took port 8080.
 */
async function startMain(env: Record<string, string>): Promise<{ url: string; stderr: string[] }> {
  const { OPENAI_API_KEY: _a, GROQ_API_KEY: _b, ...inherited } = process.env;
  const dataDir = tempFolder('switchboard-data-');
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...inherited, HOST: '127.0.0.1', PORT: '0', ADMIN_PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const match = /listening on (http:\/\/\S+)"/.exec(line);
    if (match) return { url: match[1]!, stderr };
  }
  throw new Error(`server exited before listening: ${stderr.join('')}`);
}

describe('the switchboard process', () => {
  it('starts, reads a key from <NAME>_FILE, serves a model, and exits 0 on SIGTERM', async () => {
    fake = await startFakeUpstream('openai', { apiKey: 'from-a-file' });
    const dir = tempFolder('switchboard-');
    writeFileSync(join(dir, 'openai-key'), 'from-a-file\n');
    const { url } = await startMain({ OPENAI_API_KEY_FILE: join(dir, 'openai-key'), OPENAI_BASE_URL: fake.url });

    const root = await fetch(url);
    expect(await root.text()).toBe('Ollama is running');
    const chat = await fetch(`${url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: false }) });
    expect(chat.status).toBe(200);
    expect(fake.requests.at(-1)!.headers.authorization).toBe('Bearer from-a-file');

    const exited = once(child!, 'exit');
    child!.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });

  it('fails at start with a clear message for invalid configuration', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'eleven' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toContain('PORT must be a non-negative integer');
  });
});
