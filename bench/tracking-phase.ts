// Benchmark phase `tracking`: throughput with usage tracking on vs off, on SQLite and on PostgreSQL (docs/performance.md).
//
// Per database, BENCH_TRACKING_PAIRS fresh proxies (default 2, one after the other, the rounds shared out between
// them), each with its own database (a temp DATA_DIR, or a fresh PostgreSQL schema selected through the URL's
// `options=-c search_path=…`). Two modes (BENCH_TRACKING_MODE):
// - `toggle` (default): one proxy process per database and pair, its `trackingEnabled` setting switched through its
//   own admin API before each run (settings apply to the next request). "On" and "off" then share the process: its
//   heap, its compiled code, its sockets. After each run the records are awaited until they equal the requests sent
//   with tracking on, so no write spills into the next run.
// - `processes`: two proxies side by side, one with the setting on and one with it off (written through the store
//   before start), loaded one at a time.
// Both get the same warm-up, then alternating runs (ABBA) of the same fixed number of non-stream requests at
// saturation, many short rounds. Target: on ≥ 95% of off, judged on the median of the per-round ratios (each round
// compares two runs next to each other in time; on this shared VM a neighbour's burst moves a single run by ±20%, which
// the pooled ratio of all runs takes in whole; both are printed). Fixed-count runs leave no request cut off, so after
// the proxies stopped (and flushed) the records must equal the requests answered with tracking on, and there must be
// none for the others. The schemas and folders are removed on every way out. A local PostgreSQL server is kept on
// core 1 while measured (pin-database-server.ts).
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Pool } from 'undici';
import type { Store } from '../src/store/store.js';
import {
  BENCH_CORE, BOTH_CORES, cpuSnapshot, EXPECTED_REPLY, fetchText, fmtInt, fmtPct, foreignGivenUse, HarnessError, isNoisy, log, MESSAGES,
  mockCall, onCleanup, PINNED, pinThreads, PROXY_CORE, runCount, scanLog, SETTINGS, sleep, startProxy, stopChild, threadCpuSeconds, verdict,
  type Child, type CountedRun, type Endpoint, type Foreign, type MockStats, type Proxy, type ProxyStorage, type Row,
  type TrackingDatabase, type TrackingPinning,
} from './harness.js';
import { pinDatabaseServer, type DatabasePinning } from './pin-database-server.js';
import { adminAccess, awaitRecords, setTracking } from './tracking-admin.js';
import { countTrackingInstructions, type InstructionResult } from './tracking-instructions.js';
import { PERF_NODE_OPTIONS, perfHealthLines, PerfRecording, perfUnavailable, removePerfMaps, type PerfResult } from './tracking-perf.js';

const MIN_RATIO = 0.95;
/** Warm-up load in slices of about this long, alternating between the two proxies. */
const WARMUP_SLICE_SECONDS = 1;
const LABEL: Record<TrackingDatabase, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const PINNING_LABEL: Record<TrackingPinning, string> = {
  'event-loop': `event loop on core ${PROXY_CORE}, the proxy's other threads on core ${BENCH_CORE}`,
  process: `the whole proxy on core ${PROXY_CORE}`,
};

/**
 * `cpuSeconds`: all threads of the proxy; `mainCpuSeconds`: its main thread (the event loop) alone; `core1Busy`: share
 * of core 1 in use by anything (load generator, mock, the proxies' other threads, PostgreSQL, other processes).
 */
type Run = CountedRun & { cpuSeconds: number; mainCpuSeconds: number; upstreamCalls: number; foreign: Foreign; core1Busy: number };
type Side = { tracking: boolean; proxy: Proxy; storage: ProxyStorage; target: Endpoint; runs: Run[]; requestsSent: number };
type Records = { raw: number; summed: number; errors: number };

export type DatabaseResult =
  | { database: TrackingDatabase; unavailable: string }
  | {
      database: TrackingDatabase;
      /** Requests per measured run, per proxy (toggle mode) or pair of proxies. */
      amounts: number[];
      on: Side & { records: Records; exit: string };
      off: Side & { records: Records; exit: string };
      instructions: InstructionResult | undefined;
      /** BENCH_TRACKING_PERF=1: the event loop's time per request by kind of code (tracking-perf.ts). */
      perf?: PerfResult;
      notes: string[];
    };

export type TrackingContext = { mock: { child: Child; port: number }; control: Pool; logDir: string; model: string };

/** Sampling the event-loop core while a database is measured (BENCH_TRACKING_PERF=1), or undefined. */
let perfRecording: PerfRecording | undefined;
const PERF_ENABLED = process.env.BENCH_TRACKING_PERF === '1';
/** The proxies' launch environment: named JIT code for perf when sampling. */
const perfEnv = (): Record<string, string> => (PERF_ENABLED ? { NODE_OPTIONS: PERF_NODE_OPTIONS } : {});

/** The PostgreSQL URL with `search_path` set to `schema` (how src/store/testing/test-databases.ts isolates tests). */
function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An empty database per name, or why PostgreSQL cannot be used. */
async function prepareStorage(database: TrackingDatabase, logDir: string, names: readonly string[]): Promise<ProxyStorage[] | string> {
  const dataDir = (name: string): string => mkdtempSync(path.join(logDir, `data-${database}-${name}-`));
  if (database === 'sqlite') return names.map((name) => ({ dataDir: dataDir(name) }));
  const base = SETTINGS.databaseUrl;
  const host = new URL(base).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new HarnessError(`BENCH_DATABASE_URL must point at a loopback PostgreSQL (the benchmark stays on 127.0.0.1), got host '${host}'`);
  }
  const prefix = `switchboard_bench_${Math.random().toString(36).slice(2, 10)}`;
  const schemas = names.map((name) => `${prefix}_${name}`);
  try {
    await withClient(base, async (client) => {
      for (const schema of schemas) await client.query(`create schema "${schema}"`);
    });
  } catch (error) {
    return `PostgreSQL not usable at ${new URL(base).host}${new URL(base).pathname} (${error instanceof Error ? error.message : String(error)}); set BENCH_DATABASE_URL, or BENCH_TRACKING_DATABASES=sqlite`;
  }
  onCleanup(() => withClient(base, async (client) => {
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  }));
  return names.map((name, index) => ({ dataDir: dataDir(name), databaseUrl: withSchema(base, schemas[index]!) }));
}

/** Opens the database the way the proxy will (migrations included). Loaded lazily: only this phase needs the store. */
async function withStore<T>(storage: ProxyStorage, work: (store: Store) => Promise<T>): Promise<T> {
  const { openStore } = await import('../src/store/open-store.js');
  const store = await openStore({ dataDir: storage.dataDir, ...(storage.databaseUrl ? { databaseUrl: storage.databaseUrl } : {}) });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function countRecords(storage: ProxyStorage): Promise<Records> {
  return withStore(storage, async (store) => {
    const filter = { from: 0, to: Date.now() + 86_400_000 };
    const raw = (await store.recentUsage(filter, { limit: 1, offset: 0 })).total;
    const summary = await store.usageSummary(filter);
    return { raw, summed: summary.requests, errors: summary.errors };
  });
}

/** Places the proxy's threads as SETTINGS.trackingPinning says (`process`: already pinned whole at launch). */
function placeThreads(side: Side): void {
  if (SETTINGS.trackingPinning === 'event-loop') pinThreads(side.proxy.child.pid, PROXY_CORE, BENCH_CORE);
}

async function measure(side: Side, other: Side, amount: number, ctx: TrackingContext): Promise<Run> {
  const pid = side.proxy.child.pid;
  // One process in toggle mode, two otherwise.
  const proxies = [...new Set([pid, other.proxy.child.pid])];
  const mains = (): number[] => proxies.map((proxy) => threadCpuSeconds(proxy, proxy));
  const stats0 = await mockCall<MockStats>(ctx.control, 'GET', '/__mock/stats');
  const snap0 = cpuSnapshot([...proxies, ctx.mock.child.pid, process.pid]);
  const main0 = mains();
  const startNs = process.hrtime.bigint();
  const run = await runCount(side.target, amount, 60 + amount / 100);
  perfRecording?.addWindow({ tracking: side.tracking, pid, startNs, endNs: process.hrtime.bigint(), requests: run.completed });
  const main1 = mains();
  const snap1 = cpuSnapshot([...proxies, ctx.mock.child.pid, process.pid]);
  const stats1 = await mockCall<MockStats>(ctx.control, 'GET', '/__mock/stats');
  side.requestsSent += amount;
  for (const s of [side, other]) {
    if (s.proxy.child.done) throw new HarnessError(`${s.proxy.child.name} exited (${s.proxy.child.exitInfo})`);
  }
  const used = (p: number): number => (snap1.pids.get(p) ?? 0) - (snap0.pids.get(p) ?? 0) || 0;
  const proxiesUsed = proxies.reduce((total, proxy) => total + used(proxy), 0);
  const mainsUsed = main1.reduce((total, seconds, index) => total + seconds - main0[index]!, 0) || 0;
  const benchCoreUsed = used(ctx.mock.child.pid) + used(process.pid);
  // With event-loop pinning only the main threads run on core 0; the proxies' other threads share core 1.
  const foreign = SETTINGS.trackingPinning === 'event-loop'
    ? foreignGivenUse(snap0, snap1, mainsUsed, benchCoreUsed + proxiesUsed - mainsUsed)
    : foreignGivenUse(snap0, snap1, proxiesUsed, benchCoreUsed);
  const wallSeconds = Number(snap1.atNs - snap0.atNs) / 1e9;
  return {
    ...run,
    cpuSeconds: used(pid),
    mainCpuSeconds: main1[0]! - main0[0]!,
    core1Busy: (snap1.core1.busy - snap0.core1.busy) / wallSeconds,
    upstreamCalls: stats1.chat - stats0.chat,
    foreign,
  };
}

/**
 * Warm-up, alternating: a short first slice (a cold proxy is slow), then slices of about one second, until each side
 * had BENCH_TRACKING_WARMUP_SECONDS. `before` / `after` run around each slice. Returns each side's last rate.
 */
async function warmUp(on: Side, off: Side, before?: (side: Side) => Promise<void>, after?: () => Promise<void>): Promise<Map<Side, number>> {
  const rate = new Map<Side, number>();
  const warmed = new Map<Side, number>([[on, 0], [off, 0]]);
  while ([on, off].some((side) => (warmed.get(side) ?? 0) < SETTINGS.trackingWarmupSeconds)) {
    for (const side of [on, off]) {
      await before?.(side);
      const amount = Math.max(SETTINGS.connections * 4, Math.round((rate.get(side) ?? 500) * WARMUP_SLICE_SECONDS));
      const run = await runCount(side.target, amount, 60 + amount / 100);
      side.requestsSent += amount;
      rate.set(side, run.rps);
      warmed.set(side, (warmed.get(side) ?? 0) + run.seconds);
      await after?.();
    }
    if (SETTINGS.trackingWarmupSeconds === 0) break;
  }
  return rate;
}

/** One measured run of `side` (`other`: the proxy beside it, or itself in toggle mode), kept and logged. */
async function measureRun(side: Side, other: Side, amount: number, ctx: TrackingContext): Promise<void> {
  const run = await measure(side, other, amount, ctx);
  side.runs.push(run);
  const perRequest = (seconds: number): string => ((seconds * 1e6) / run.completed).toFixed(1);
  log(
    `  ${side.target.name}: ${fmtInt(run.completed)} requests, ${fmtInt(run.rps)} req/s, proxy CPU ${perRequest(run.cpuSeconds)} µs/req (event loop ${perRequest(run.mainCpuSeconds)}); ` +
      `event loop busy ${fmtPct(run.mainCpuSeconds / run.seconds)}, core 1 busy ${fmtPct(run.core1Busy)}, latency p50 / p99 ${run.latencyP50Ms} / ${run.latencyP99Ms} ms`,
  );
}

/** One pair of fresh proxies (on, off), `rounds` ABBA rounds; its own databases. */
async function runPair(database: TrackingDatabase, ctx: TrackingContext, pair: number, rounds: number): Promise<DatabaseResult> {
  const prepared = await prepareStorage(database, ctx.logDir, ['on', 'off']);
  if (typeof prepared === 'string') {
    log(`WARNING: tracking on ${LABEL[database]} skipped: ${prepared}`);
    return { database, unavailable: prepared };
  }
  const notes: string[] = [];
  const [onStorage, offStorage] = prepared as [ProxyStorage, ProxyStorage];
  await withStore(onStorage, (store) => store.updateSettings({ trackingEnabled: true }));
  await withStore(offStorage, (store) => store.updateSettings({ trackingEnabled: false }));

  const start = async (tracking: boolean, storage: ProxyStorage): Promise<Side> => {
    const name = `proxy ${database} tracking ${tracking ? 'on' : 'off'}${SETTINGS.trackingPairs > 1 ? ` ${pair + 1}` : ''}`;
    const launch = SETTINGS.trackingPinning === 'event-loop' ? BOTH_CORES : PINNED;
    const proxy = await startProxy(ctx.mock.port, ctx.logDir, storage, name, { ...launch, env: { ...launch.env, ...perfEnv() } });
    await mockCall(ctx.control, 'POST', '/__mock/adopt', { pid: proxy.child.pid });
    const body = JSON.stringify({ model: ctx.model, messages: MESSAGES });
    const target: Endpoint = { name: `${LABEL[database]}, tracking ${tracking ? 'on' : 'off'}`, origin: `http://127.0.0.1:${proxy.port}`, path: '/v1/chat/completions', body };
    return { tracking, proxy, storage, target, runs: [], requestsSent: 0 };
  };
  const [on, off] = await Promise.all([start(true, onStorage), start(false, offStorage)]);
  try {
    for (const side of [on, off]) placeThreads(side);
    log(`tracking ${LABEL[database]}, pair ${pair + 1} of ${SETTINGS.trackingPairs}: proxies on :${on.proxy.port} (tracking on) and :${off.proxy.port} (tracking off), ${PINNING_LABEL[SETTINGS.trackingPinning]}`);
    for (const side of [on, off]) {
      const { status, text } = await fetchText(side.target);
      side.requestsSent++;
      if (status !== 200 || !text.includes(EXPECTED_REPLY)) throw new HarnessError(`verification failed for ${side.target.name}: HTTP ${status}\n  body: ${text.slice(0, 600)}`);
    }

    const rate = await warmUp(on, off);
    // Again after the warm-up: threads started meanwhile (libuv's pool) inherited the main thread's core.
    for (const side of [on, off]) placeThreads(side);
    log(`  warmed up: tracking on ${fmtInt(rate.get(on) ?? NaN)} req/s, off ${fmtInt(rate.get(off) ?? NaN)} req/s in the last slice`);

    // The same fixed number of requests on both sides: about BENCH_SECONDS / rounds of load on the "off" proxy.
    const amount = Math.max(SETTINGS.connections * 4, Math.round(((rate.get(off) ?? 1000) * SETTINGS.seconds) / SETTINGS.trackingRounds));
    for (let round = 0; round < rounds; round++) {
      const order: [Side, Side][] = round % 2 === 0 ? [[on, off], [off, on]] : [[off, on], [on, off]];
      for (const [side, other] of order) {
        await sleep(200);
        await measureRun(side, other, amount, ctx);
      }
    }
    // Records are batched every 20 ms; a graceful stop writes whatever is left.
    await sleep(500);
    await Promise.all([stopChild(on.proxy.child), stopChild(off.proxy.child)]);
    const [onRecords, offRecords] = [await countRecords(on.storage), await countRecords(off.storage)];
    for (const side of [on, off]) {
      const summary = scanLog(side.proxy.logFile, side.proxy.errFile);
      for (const problem of summary.problems) notes.push(`${side.proxy.child.name} log: ${problem}`);
      if (summary.stderr) notes.push(`${side.proxy.child.name} stderr: ${summary.stderr.split('\n').slice(0, 3).join(' | ')}`);
    }
    let instructions: InstructionResult | undefined;
    if (process.env.BENCH_TRACKING_INSTRUCTIONS === '1' && pair === SETTINGS.trackingPairs - 1) {
      log(`  counting instructions per request (callgrind)…`);
      instructions = await countTrackingInstructions({ on: on.storage, off: off.storage }, ctx.mock.port, ctx.logDir, ctx.model, LABEL[database]);
      if ('unavailable' in instructions) notes.push(`instructions per request on ${LABEL[database]} not counted: ${instructions.unavailable}`);
    }
    return {
      database,
      amounts: [amount],
      instructions,
      on: { ...on, records: onRecords, exit: on.proxy.child.exitInfo },
      off: { ...off, records: offRecords, exit: off.proxy.child.exitInfo },
      notes,
    };
  } finally {
    await Promise.all([stopChild(on.proxy.child), stopChild(off.proxy.child)]);
  }
}

/**
 * Toggle mode: one fresh proxy, tracking switched on and off through its admin API before each run, `rounds` ABBA
 * rounds. Both sides are the same process (same heap, same compiled code, same sockets), so a round compares the
 * setting alone; in processes mode a round also compares two processes' luck, which moved the event loop's CPU per
 * request by up to ±10% between otherwise equal proxies (docs/performance.md). After each run the proxy's records are
 * awaited until they equal the requests sent while tracking was on, so no write of an "on" run spills into the next.
 */
async function runToggle(database: TrackingDatabase, ctx: TrackingContext, index: number, rounds: number): Promise<DatabaseResult> {
  const prepared = await prepareStorage(database, ctx.logDir, ['toggle']);
  if (typeof prepared === 'string') {
    log(`WARNING: tracking on ${LABEL[database]} skipped: ${prepared}`);
    return { database, unavailable: prepared };
  }
  const notes: string[] = [];
  const storage = prepared[0]!;
  const access = await adminAccess();
  const name = `proxy ${database} tracking toggled${SETTINGS.trackingPairs > 1 ? ` ${index + 1}` : ''}`;
  const launch = SETTINGS.trackingPinning === 'event-loop' ? BOTH_CORES : PINNED;
  const proxy = await startProxy(ctx.mock.port, ctx.logDir, storage, name, { ...launch, env: { ...launch.env, ...access.env, ...perfEnv() } });
  try {
    await mockCall(ctx.control, 'POST', '/__mock/adopt', { pid: proxy.child.pid });
    const admin = await access.login();
    const body = JSON.stringify({ model: ctx.model, messages: MESSAGES });
    const endpoint = (tracking: boolean): Endpoint => ({
      name: `${LABEL[database]}, tracking ${tracking ? 'on' : 'off'}`, origin: `http://127.0.0.1:${proxy.port}`, path: '/v1/chat/completions', body,
    });
    const on: Side = { tracking: true, proxy, storage, target: endpoint(true), runs: [], requestsSent: 0 };
    const off: Side = { tracking: false, proxy, storage, target: endpoint(false), runs: [], requestsSent: 0 };
    const settle = async (): Promise<void> => {
      const written = await awaitRecords(admin, on.requestsSent);
      if (written !== on.requestsSent) throw new HarnessError(`${LABEL[database]}: ${written} records written for ${on.requestsSent} requests sent with tracking on`);
    };
    const switchTo = (side: Side): Promise<void> => setTracking(admin, side.tracking);
    placeThreads(on);
    log(`tracking ${LABEL[database]}, proxy ${index + 1} of ${SETTINGS.trackingPairs}: :${proxy.port}, tracking toggled through its admin API, ${PINNING_LABEL[SETTINGS.trackingPinning]}`);
    for (const side of [on, off]) {
      await switchTo(side);
      const { status, text } = await fetchText(side.target);
      side.requestsSent++;
      if (status !== 200 || !text.includes(EXPECTED_REPLY)) throw new HarnessError(`verification failed for ${side.target.name}: HTTP ${status}\n  body: ${text.slice(0, 600)}`);
    }
    await settle();

    const rate = await warmUp(on, off, switchTo, settle);
    placeThreads(on);
    log(`  warmed up: tracking on ${fmtInt(rate.get(on) ?? NaN)} req/s, off ${fmtInt(rate.get(off) ?? NaN)} req/s in the last slice`);

    const amount = Math.max(SETTINGS.connections * 4, Math.round(((rate.get(off) ?? 1000) * SETTINGS.seconds) / SETTINGS.trackingRounds));
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? [on, off] : [off, on]) {
        // Switch before the pause: the pause then separates the measured run from the setting's write too.
        await switchTo(side);
        await settle();
        await sleep(200);
        await measureRun(side, side, amount, ctx);
      }
    }
    await settle();
    await stopChild(proxy.child);
    const records = await countRecords(storage);
    let instructions: InstructionResult | undefined;
    if (process.env.BENCH_TRACKING_INSTRUCTIONS === '1' && index === SETTINGS.trackingPairs - 1) {
      // Under callgrind: a fresh proxy per side, as in processes mode (one process each keeps the counts apart).
      const counted = await prepareStorage(database, ctx.logDir, ['count-on', 'count-off']);
      if (typeof counted !== 'string') {
        log(`  counting instructions per request (callgrind)…`);
        await withStore(counted[0]!, (store) => store.updateSettings({ trackingEnabled: true }));
        await withStore(counted[1]!, (store) => store.updateSettings({ trackingEnabled: false }));
        instructions = await countTrackingInstructions({ on: counted[0]!, off: counted[1]! }, ctx.mock.port, ctx.logDir, ctx.model, LABEL[database]);
        if ('unavailable' in instructions) notes.push(`instructions per request on ${LABEL[database]} not counted: ${instructions.unavailable}`);
      }
    }
    const summary = scanLog(proxy.logFile, proxy.errFile);
    for (const problem of summary.problems) notes.push(`${proxy.child.name} log: ${problem}`);
    if (summary.stderr) notes.push(`${proxy.child.name} stderr: ${summary.stderr.split('\n').slice(0, 3).join(' | ')}`);
    // One database: the records beyond the requests sent with tracking on are the "off" side's (there must be none).
    const extra = (count: number): number => Math.max(0, count - on.requestsSent);
    return {
      database,
      amounts: [amount],
      instructions,
      on: { ...on, records, exit: proxy.child.exitInfo },
      off: { ...off, records: { raw: extra(records.raw), summed: extra(records.summed), errors: 0 }, exit: proxy.child.exitInfo },
      notes,
    };
  } finally {
    await stopChild(proxy.child);
  }
}

/** The PostgreSQL server on core 1 with everything else but the event loops (pin-database-server.ts), unless turned off. */
async function placeDatabaseServer(): Promise<DatabasePinning> {
  const keep = (note: string): DatabasePinning => ({ note, restore: async () => {} });
  if (!SETTINGS.trackingPinDatabase) return keep('PostgreSQL server left where the OS puts it (BENCH_TRACKING_PIN_DATABASE=0)');
  try {
    const pinning = await pinDatabaseServer(SETTINGS.databaseUrl, BENCH_CORE);
    log(pinning.note);
    return pinning;
  } catch (error) {
    // PostgreSQL unreachable: runPair reports that.
    return keep(`PostgreSQL server not pinned: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * BENCH_TRACKING_PAIRS pairs of fresh proxies one after the other, the rounds shared out between them, pooled: a
 * process can settle into a slower state for its whole life (in some runs one proxy's scavenges promoted ~5× more,
 * tracking on or off, docs/performance.md), and one pair of processes would weigh that luck as a whole run.
 */
async function runDatabase(database: TrackingDatabase, ctx: TrackingContext): Promise<DatabaseResult> {
  const pairs: Exclude<DatabaseResult, { unavailable: string }>[] = [];
  const pairCount = SETTINGS.trackingPairs;
  const pinning = database === 'postgres' ? await placeDatabaseServer() : undefined;
  let perf: PerfResult | undefined;
  if (PERF_ENABLED) {
    const unavailable = perfUnavailable();
    if (unavailable) perf = { unavailable };
    else perfRecording = PerfRecording.start(ctx.logDir, database);
  }
  const proxyPids: number[] = [];
  try {
    for (let pair = 0; pair < pairCount; pair++) {
      const rounds = Math.round(((pair + 1) * SETTINGS.trackingRounds) / pairCount) - Math.round((pair * SETTINGS.trackingRounds) / pairCount);
      const result = SETTINGS.trackingMode === 'toggle' ? await runToggle(database, ctx, pair, rounds) : await runPair(database, ctx, pair, rounds);
      if ('unavailable' in result) return result;
      pairs.push(result);
      proxyPids.push(result.on.proxy.child.pid, result.off.proxy.child.pid);
    }
  } finally {
    await pinning?.restore();
    if (perfRecording) {
      log(`  reading perf's samples (${LABEL[database]})…`);
      perf = await perfRecording.stop();
      perfRecording = undefined;
    }
    removePerfMaps(proxyPids);
  }
  if (pinning) pairs[0]!.notes.unshift(pinning.note);
  const merge = (sides: (Side & { records: Records; exit: string })[]): Side & { records: Records; exit: string } => ({
    ...sides.at(-1)!,
    runs: sides.flatMap((side) => side.runs),
    requestsSent: sides.reduce((total, side) => total + side.requestsSent, 0),
    records: {
      raw: sides.reduce((total, side) => total + side.records.raw, 0),
      summed: sides.reduce((total, side) => total + side.records.summed, 0),
      errors: sides.reduce((total, side) => total + side.records.errors, 0),
    },
    exit: [...new Set(sides.map((side) => side.exit))].join(', '),
  });
  return {
    database,
    amounts: pairs.flatMap((pair) => pair.amounts),
    instructions: pairs.at(-1)!.instructions,
    ...(perf ? { perf } : {}),
    on: merge(pairs.map((pair) => pair.on)),
    off: merge(pairs.map((pair) => pair.off)),
    notes: pairs.flatMap((pair) => pair.notes),
  };
}

export async function runTrackingPhase(ctx: TrackingContext): Promise<DatabaseResult[]> {
  const results: DatabaseResult[] = [];
  for (const database of SETTINGS.trackingDatabases) results.push(await runDatabase(database, ctx));
  return results;
}

const sum = (runs: Run[], pick: (run: Run) => number): number => runs.reduce((total, run) => total + pick(run), 0);
const rps = (runs: Run[]): number => sum(runs, (r) => r.ok) / sum(runs, (r) => r.seconds);
function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
const cpuUs = (runs: Run[], pick: (run: Run) => number = (r) => r.cpuSeconds): number => (sum(runs, pick) * 1e6) / sum(runs, (r) => r.completed);

export function trackingReport(results: DatabaseResult[]): { rows: (Row | string)[]; headers: Row; health: string[]; notes: string[] } {
  const headers: Row = { figure: 'Figure', proxy: 'Tracking on', nullProxy: 'Tracking off', baseline: '', added: 'Ratio', target: 'Target', result: 'Result' };
  const rows: (Row | string)[] = [];
  const health: string[] = [];
  const notes: string[] = [];
  const proxies = SETTINGS.trackingMode === 'toggle'
    ? `${SETTINGS.trackingPairs} fresh prox${SETTINGS.trackingPairs === 1 ? 'y' : 'ies'} per database, tracking switched on and off in each through its admin API`
    : `${SETTINGS.trackingPairs} pair(s) of fresh proxies per database (one on, one off)`;
  rows.push(
    `Usage tracking on vs off: POST /v1/chat/completions non-stream, ${proxies}, ${SETTINGS.trackingWarmupSeconds}s warm-up each, ` +
      `${SETTINGS.trackingRounds} alternating runs of a fixed number of requests in all, ${SETTINGS.connections} connections; ${PINNING_LABEL[SETTINGS.trackingPinning]}`,
  );
  for (const result of results) {
    const label = LABEL[result.database];
    if ('unavailable' in result) {
      rows.push({ figure: `  Throughput, ${label} (req/s)`, proxy: 'n/a', nullProxy: 'n/a', baseline: '', added: '', target: `>= ${MIN_RATIO}×`, result: 'n/a' });
      notes.push(`tracking on ${label} not measured: ${result.unavailable}`);
      continue;
    }
    const { on, off } = result;
    const noisy = [...on.runs, ...off.runs].some((run) => isNoisy(run.foreign));
    const roundRatios = on.runs.flatMap((run, i) => (off.runs[i] ? [run.rps / off.runs[i]!.rps] : []));
    const medianRatio = median(roundRatios);
    const pooled = rps(on.runs) / rps(off.runs);
    rows.push({
      figure: `  Throughput, ${label}, median of ${roundRatios.length} rounds`,
      proxy: '',
      nullProxy: '',
      baseline: '',
      added: `${medianRatio.toFixed(3)}×`,
      target: `>= ${MIN_RATIO}×`,
      result: verdict(Number.isFinite(medianRatio) ? medianRatio >= MIN_RATIO : undefined, noisy),
    });
    rows.push({
      figure: `  Throughput, ${label}, all runs pooled (req/s)`,
      proxy: fmtInt(rps(on.runs)),
      nullProxy: fmtInt(rps(off.runs)),
      baseline: '',
      added: `${pooled.toFixed(3)}×`,
      target: '(info)',
      result: `info${noisy ? ' *' : ''}`,
    });
    rows.push({
      figure: `  Proxy CPU per request, ${label} (µs)`,
      proxy: cpuUs(on.runs).toFixed(1),
      nullProxy: cpuUs(off.runs).toFixed(1),
      baseline: '',
      added: `${(cpuUs(on.runs) / cpuUs(off.runs)).toFixed(3)}×`,
      target: '(info)',
      result: `info${noisy ? ' *' : ''}`,
    });
    rows.push({
      figure: `    of which the event loop (main thread)`,
      proxy: cpuUs(on.runs, (r) => r.mainCpuSeconds).toFixed(1),
      nullProxy: cpuUs(off.runs, (r) => r.mainCpuSeconds).toFixed(1),
      baseline: '',
      added: `${(cpuUs(on.runs, (r) => r.mainCpuSeconds) / cpuUs(off.runs, (r) => r.mainCpuSeconds)).toFixed(3)}×`,
      target: '(info)',
      result: `info${noisy ? ' *' : ''}`,
    });
    if (result.instructions && !('unavailable' in result.instructions)) {
      const { on: countedOn, off: countedOff } = result.instructions;
      const perRequest = (side: typeof countedOn) => side.instructions / side.requests;
      rows.push({
        figure: `  Instructions per request at low load, ${label} (M, callgrind)`,
        proxy: (perRequest(countedOn) / 1e6).toFixed(3),
        nullProxy: (perRequest(countedOff) / 1e6).toFixed(3),
        baseline: '',
        added: `${(perRequest(countedOn) / perRequest(countedOff)).toFixed(3)}×`,
        target: '(info)',
        result: countedOn.records === countedOn.requests && countedOff.records === 0 ? 'info' : 'FAIL (records)',
      });
    }
    rows.push({ figure: `  Requests completed, ${label}`, proxy: fmtInt(on.requestsSent), nullProxy: fmtInt(off.requestsSent), baseline: '', added: '', target: '(info)', result: 'info' });
    const recordsOk = on.records.raw === on.requestsSent && on.records.summed === on.requestsSent && on.records.errors === 0 && off.records.raw === 0;
    rows.push({
      figure: `  Usage records written, ${label}`,
      proxy: fmtInt(on.records.raw),
      nullProxy: fmtInt(off.records.raw),
      baseline: '',
      added: '',
      target: '= requests (on), 0 (off)',
      result: verdict(recordsOk),
    });
    const bad = sum([...on.runs, ...off.runs], (r) => r.non2xx + r.errors + r.timeouts);
    rows.push({ figure: `  Non-2xx + errors + timeouts, ${label}`, proxy: String(sum(on.runs, (r) => r.non2xx + r.errors + r.timeouts)), nullProxy: String(sum(off.runs, (r) => r.non2xx + r.errors + r.timeouts)), baseline: '', added: '', target: '= 0', result: verdict(bad === 0) });

    const perRound = roundRatios.map((ratio) => ratio.toFixed(3));
    health.push(`  tracking ${label}: ${result.amounts.map(fmtInt).join(' / ')} requests per run (per ${SETTINGS.trackingMode === 'toggle' ? 'proxy' : 'pair of proxies'}); throughput ratio per round ${perRound.join(', ')}`);
    for (const side of [on, off]) {
      const worst = side.runs.reduce<Foreign>((max, r) => ({ core0: Math.max(max.core0, r.foreign.core0), core1: Math.max(max.core1, r.foreign.core1), steal: Math.max(max.steal, r.foreign.steal) }), { core0: 0, core1: 0, steal: 0 });
      const calls = sum(side.runs, (r) => r.upstreamCalls) / sum(side.runs, (r) => r.completed);
      health.push(
        `    ${side.target.name.padEnd(26)} median of runs: event loop busy ${fmtPct(median(side.runs.map((r) => r.mainCpuSeconds / r.seconds)))}, ` +
          `core 1 busy ${fmtPct(median(side.runs.map((r) => r.core1Busy)))}, latency p50 ${median(side.runs.map((r) => r.latencyP50Ms))} ms`,
      );
      health.push(
        `    ${side.target.name.padEnd(26)} records: ${fmtInt(side.records.raw)} raw, ${fmtInt(side.records.summed)} in the summary, ${side.records.errors} errors; exit ${side.exit}; ` +
          `upstream calls per request ${calls.toFixed(3)}; other processes up to: core 0 ${fmtPct(worst.core0)}, core 1 ${fmtPct(worst.core1)}, steal ${fmtPct(worst.steal)}` +
          (side.storage.databaseUrl ? ' (PostgreSQL\'s own work counts as other processes)' : ''),
      );
    }
    if (result.perf) health.push(...perfHealthLines(label, result.perf));
    notes.push(...result.notes);
  }
  return { rows, headers, health, notes };
}
