import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../src/store/testing/test-databases.js';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import { allRecords, databaseEnv } from './usage-harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'upstream-key';
const STALLED = 4;
const WORKERS = 24;
/** SIGTERM once this many requests were answered, with WORKERS more in flight. */
const ANSWERED_BEFORE_SIGTERM = 150;
const SHUTDOWN_TIMEOUT_MS = 1_500;

type Outcome = 'ok' | 'unavailable' | 'failed';

let child: ChildProcess | undefined;
let fake: FakeUpstream | undefined;
let db: TestDatabase | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  await fake?.close();
  await db?.drop();
  child = fake = db = undefined;
});

/** Starts `src/main.ts` as process.test.ts does; resolves with its URL once it logs that it listens. */
async function startMain(env: Record<string, string>): Promise<string> {
  const { OPENAI_API_KEY: _a, GROQ_API_KEY: _b, DATABASE_URL: _c, ...inherited } = process.env;
  const spawned = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...inherited, HOST: '127.0.0.1', PORT: '0', ADMIN_ENABLED: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = spawned;
  let stderr = '';
  spawned.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Keep draining stdout (one log line per request) so the child never waits on a full pipe.
  let stdout = '';
  return new Promise((resolve, reject) => {
    spawned.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/[^\s"]+)/.exec(stdout);
      if (match) {
        resolve(match[1]!);
        stdout = '';
      }
    });
    spawned.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
}

/** Reads a response body to its end; a stream cut by the server rejects. */
async function drain(response: Response): Promise<void> {
  const reader = response.body!.getReader();
  while (!(await reader.read()).done);
}

function chatBody(model: string, stream: boolean): string {
  return JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], stream });
}

describe.each(TEST_DIALECTS)('SIGTERM under load (%s)', (dialect) => {
  it('exits 0 and has a record for every request that reached a route, abandoned streams included', async () => {
    db = await createTestDatabase(dialect);
    fake = await startFakeUpstream('openai', { apiKey: KEY });
    const url = await startMain({
      ...databaseEnv(db), OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });

    // Streams that are still running at SIGTERM: the upstream sends two chunks and then nothing.
    const stalled: Array<Promise<Outcome>> = [];
    for (let j = 0; j < STALLED; j++) {
      fake.fail({ kind: 'stall', afterChunks: 2 });
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-proxy-tag': `stalled-${j}` }, body: chatBody('gpt-4o', true),
      });
      const reader = response.body!.getReader();
      await reader.read(); // the stream is running
      stalled.push((async () => {
        while (!(await reader.read()).done);
        return 'ok' as const;
      })().catch(() => 'failed' as const));
    }

    // Load: WORKERS loops of non-stream and stream requests through both surfaces, each with its own tag, until
    // the server turns them away.
    const outcomes = new Map<string, Outcome>();
    let answered = 0;
    let sigtermAt = Number.POSITIVE_INFINITY;
    let answeredAfterSigterm = 0;
    let sigtermSent!: () => void;
    const sigterm = new Promise<void>((resolve) => (sigtermSent = resolve));
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        const tag = `r-${i}`;
        const [path, body] = i % 3 === 0 ? ['/api/chat', chatBody('gpt-4o', true)]
          : i % 3 === 1 ? ['/v1/chat/completions', chatBody('gpt-4o-mini', false)]
          : ['/v1/chat/completions', chatBody('gpt-4o', true)];
        let outcome: Outcome;
        try {
          const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-proxy-tag': tag }, body });
          await drain(response);
          outcome = response.status === 200 ? 'ok' : response.status === 503 ? 'unavailable' : 'failed';
          if (outcome === 'failed') throw new Error(`unexpected status ${response.status}`);
        } catch {
          outcome = 'failed';
        }
        outcomes.set(tag, outcome);
        if (outcome !== 'ok') return;
        answered += 1;
        if (performance.now() > sigtermAt) answeredAfterSigterm += 1;
        if (answered === ANSWERED_BEFORE_SIGTERM) sigtermSent();
      }
    };
    const workers = Promise.all(Array.from({ length: WORKERS }, worker));

    await sigterm;
    const exited = once(child!, 'exit');
    sigtermAt = performance.now();
    child!.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    await workers;
    const stalledOutcomes = await Promise.all(stalled);

    const store = await openStore(db.options);
    const records = await allRecords(store).finally(() => store.close());
    const byTag = new Map(records.map((record) => [record.tags[0]!, record]));
    expect(byTag.size).toBe(records.length); // one record per request

    const ok = [...outcomes].filter(([, outcome]) => outcome === 'ok').map(([tag]) => tag);
    const unavailable = [...outcomes].filter(([, outcome]) => outcome === 'unavailable').map(([tag]) => tag);
    const failed = [...outcomes].filter(([, outcome]) => outcome === 'failed').map(([tag]) => tag);
    console.log(`[usage-shutdown ${dialect}] answered ${ok.length} (${answeredAfterSigterm} after SIGTERM), 503 ${unavailable.length}, ` +
      `failed ${failed.length}, stalled ${STALLED} (${stalledOutcomes.join(',')}), records ${records.length}`);
    expect(ok.length).toBeGreaterThanOrEqual(ANSWERED_BEFORE_SIGTERM);
    // WORKERS requests were on their way when the signal came; those past the router finish normally.
    expect(answeredAfterSigterm).toBeGreaterThan(0);

    // Every answered request has its 200 record; every stalled stream was cut at the shutdown timeout and recorded.
    for (const tag of ok) expect(byTag.get(tag), tag).toMatchObject({ status: 200, errorKind: null });
    for (let j = 0; j < STALLED; j++) {
      expect(stalledOutcomes[j]).toBe('failed');
      expect(byTag.get(`stalled-${j}`)).toMatchObject({ stream: true, status: 499, errorKind: 'client_closed', provider: 'openai' });
    }
    // A 503 while closing never reaches a route, so it has no record; nothing else does either.
    for (const tag of unavailable) expect(byTag.has(tag), tag).toBe(false);
    const extra = records.filter((record) => !ok.includes(record.tags[0]!) && !record.tags[0]!.startsWith('stalled-'));
    expect(extra.map((record) => record.tags[0])).toEqual([]);
    expect(records.length).toBe(ok.length + STALLED);
  }, 120_000);
});
