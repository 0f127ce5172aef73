// Shared plumbing of the benchmark (bench/run-bench.ts and its phases): bounded settings, /proc readers, child
// processes that are always stopped, starting the mock and the proxy, load runners and the report table.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result as CannonResult } from 'autocannon';
import { Pool } from 'undici';

// ---------------------------------------------------------------------------------------------------------------------
// Settings (env overridable, all bounded)

export function envNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new HarnessError(`${name} must be a number in [${min}, ${max}], got '${raw}'`);
  return value;
}

export class HarnessError extends Error {}

/** `core` = memory, saturation, latency and TTFB against the baselines; `anthropic` and `tracking` = the A/B phases. */
export const PHASES = ['core', 'anthropic', 'tracking'] as const;
export type Phase = (typeof PHASES)[number];

export const SETTINGS = {
  /** Saturation run length per target. */
  seconds: envNumber('BENCH_SECONDS', 8, 1, 120),
  connections: envNumber('BENCH_CONNECTIONS', 50, 1, 1000),
  /** Before each saturation run of a proxy (autocannon reports per second: below 1 s it still runs 1 s). */
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 1, 0, 30),
  /** Once before the first saturation run, in total (5/8 on the first proxy target, 1/8 on each other one). */
  globalWarmupSeconds: envNumber('BENCH_GLOBAL_WARMUP_SECONDS', 8, 0, 120),
  /** The mock-direct streaming baseline only shows what core 1 can drive: a short run is enough. */
  directStreamSeconds: envNumber('BENCH_DIRECT_STREAM_SECONDS', 3, 1, 120),
  /** The null proxy's saturation run (a baseline, like the direct stream one). */
  nullSeconds: envNumber('BENCH_NULL_SECONDS', 4, 1, 120),
  /** Open-loop latency test. */
  rate: envNumber('BENCH_RATE', 1000, 1, 20000),
  rateSeconds: envNumber('BENCH_RATE_SECONDS', 5, 1, 60),
  rateWarmupSeconds: 1,
  /** Open-loop streaming TTFB test. */
  ttfbRate: envNumber('BENCH_TTFB_RATE', 200, 1, 5000),
  ttfbSeconds: envNumber('BENCH_TTFB_SECONDS', 3, 1, 60),
  ttfbWarmupSeconds: 0.5,
  /** Concurrent slow streams for the memory test. */
  streams: envNumber('BENCH_STREAMS', 64, 1, 1024),
  streamChunks: 40,
  streamDelayMs: 25,
  streamSeconds: envNumber('BENCH_STREAM_SECONDS', 3, 1, 60),
  rssSampleMs: 50,
  keepLogs: process.env.BENCH_KEEP_LOGS === '1',
  /** SCHED_IDLE spinners on both cores during the open-loop phases (see bench/core-spinner.ts); BENCH_SPIN=0 disables. */
  spin: process.env.BENCH_SPIN !== '0',
  /** Phases to run (BENCH_ONLY, comma-separated); all of them by default. */
  only: phasesFromEnv(process.env.BENCH_ONLY),
  /** Translation phase: alternating passthrough / translated runs per kind (ABBA order), BENCH_SECONDS shared by them. */
  anthropicRounds: envNumber('BENCH_ANTHROPIC_ROUNDS', 4, 2, 20),
  anthropicModel: process.env.BENCH_ANTHROPIC_MODEL?.trim() || 'claude-sonnet-4-6',
  /** Tracking phase: warm-up of each fresh proxy pair (alternating), then alternating on / off runs. */
  trackingWarmupSeconds: envNumber('BENCH_TRACKING_WARMUP_SECONDS', 5, 0, 120),
  trackingRounds: envNumber('BENCH_TRACKING_ROUNDS', 40, 2, 100),
  trackingPairs: envNumber('BENCH_TRACKING_PAIRS', 2, 1, 10),
  trackingDatabases: databasesFromEnv(process.env.BENCH_TRACKING_DATABASES),
  /**
   * Tracking phase: `event-loop` (default) pins each proxy's main thread to core 0 and its other threads (the usage
   * writer thread, GC and compiler helpers) to core 1, like a host with a core to spare beside the event loop;
   * `process` pins the whole proxy to core 0, like a one-core container.
   */
  trackingPinning: pinningFromEnv(process.env.BENCH_TRACKING_PINNING),
  /**
   * Tracking phase: `toggle` (default) measures on and off in the same proxy process, switching the setting through
   * its admin API between runs; `processes` compares two proxies, one with tracking on and one with it off.
   */
  trackingMode: trackingModeFromEnv(process.env.BENCH_TRACKING_MODE),
  /** Tracking phase: a local PostgreSQL server's processes on core 1 while measured (bench/pin-database-server.ts); `0` leaves them. */
  trackingPinDatabase: process.env.BENCH_TRACKING_PIN_DATABASE !== '0',
  /** Extra flags for every proxy's node (BENCH_PROXY_NODE_FLAGS, space-separated), e.g. `--trace-gc` (printed to its log). */
  proxyNodeFlags: process.env.BENCH_PROXY_NODE_FLAGS?.trim() ? process.env.BENCH_PROXY_NODE_FLAGS.trim().split(/\s+/) : [],
  /** Absolute folder for the proxies' CPU profiles (node --cpu-prof), or undefined. */
  cpuProfileDir: process.env.BENCH_CPU_PROF?.trim() ? path.resolve(process.env.BENCH_CPU_PROF.trim()) : undefined,
  /** PostgreSQL server for the tracking phase; each run creates (and drops) its own schemas in it. Loopback only. */
  databaseUrl: process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test',
};

function phasesFromEnv(raw: string | undefined): Set<Phase> {
  return listFromEnv('BENCH_ONLY', raw, PHASES);
}

export type TrackingPinning = 'event-loop' | 'process';
function pinningFromEnv(raw: string | undefined): TrackingPinning {
  const value = raw?.trim() || 'event-loop';
  if (value !== 'event-loop' && value !== 'process') throw new HarnessError(`BENCH_TRACKING_PINNING must be event-loop or process, got '${value}'`);
  return value;
}

export type TrackingMode = 'toggle' | 'processes';
function trackingModeFromEnv(raw: string | undefined): TrackingMode {
  const value = raw?.trim() || 'toggle';
  if (value !== 'toggle' && value !== 'processes') throw new HarnessError(`BENCH_TRACKING_MODE must be toggle or processes, got '${value}'`);
  return value;
}

export type TrackingDatabase = 'sqlite' | 'postgres';
function databasesFromEnv(raw: string | undefined): TrackingDatabase[] {
  return [...listFromEnv('BENCH_TRACKING_DATABASES', raw, ['sqlite', 'postgres'] as const)];
}

function listFromEnv<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): Set<T> {
  if (raw === undefined || raw.trim() === '') return new Set(allowed);
  const picked = raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const unknown = picked.filter((part) => !(allowed as readonly string[]).includes(part));
  if (unknown.length > 0 || picked.length === 0) throw new HarnessError(`${name} takes a comma-separated list of ${allowed.join(', ')}; got '${raw}'`);
  return new Set(allowed.filter((value) => picked.includes(value)));
}


export const MESSAGES = [{ role: 'user', content: 'Say hi' }];
export const EXPECTED_REPLY = 'Hi! How can I help you today?';
export const JSON_HEADERS = { 'content-type': 'application/json' };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PROXY_CORE = '0';
export const BENCH_CORE = '1';

// ---------------------------------------------------------------------------------------------------------------------
// Small helpers

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export const nowNs = (): bigint => process.hrtime.bigint();
export const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

/** Resolves true if `promise` settles within `ms`. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

export function sortedMs(valuesNs: number[]): Float64Array {
  const array = Float64Array.from(valuesNs, (ns) => ns / 1e6);
  array.sort();
  return array;
}

export const fmtInt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const fmtMs = (n: number): string => (Number.isFinite(n) ? n.toFixed(3) : 'n/a');
export const fmtMb = (kb: number): string => (Number.isFinite(kb) ? (kb / 1024).toFixed(1) : 'n/a');
export const fmtPct = (n: number): string => (Number.isFinite(n) ? `${Math.round(n * 100)}%` : 'n/a');

// ---------------------------------------------------------------------------------------------------------------------
// /proc readers

export const CLK_TCK = (() => {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

/** utime + stime from a /proc `stat` file (a process's, or one thread's under task/), in seconds. */
function statCpuSeconds(file: string): number {
  const stat = readFileSync(file, 'utf8');
  // Fields after the command name (which may contain spaces): field 3 (state) is index 0, utime (14) index 11, stime (15) index 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** utime + stime of a process (all its threads), in seconds. */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/** utime + stime of one thread of a process (its main thread: tid = pid), in seconds; NaN once it is gone. */
export function threadCpuSeconds(pid: number, tid: number): number {
  try {
    return statCpuSeconds(`/proc/${pid}/task/${tid}/stat`);
  } catch {
    return Number.NaN;
  }
}

/**
 * Pins the main thread of `pid` (the event loop: tid = pid) to `mainCore` and every other thread it has now (the
 * usage writer thread, V8's GC and compiler helpers, libuv's pool) to `otherCore`. Threads started later inherit the
 * affinity of the thread that starts them.
 */
export function pinThreads(pid: number, mainCore: string, otherCore: string): void {
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const core = Number(tid) === pid ? mainCore : otherCore;
    try {
      execFileSync('taskset', ['-p', '-c', core, tid], { stdio: 'ignore' });
    } catch (error) {
      if (existsSync(`/proc/${pid}/task/${tid}`)) throw new HarnessError(`could not pin thread ${tid} of ${pid} to core ${core}: ${error instanceof Error ? error.message : String(error)}`);
      // else the thread ended meanwhile
    }
  }
}

/** Busy and steal seconds of one core, from /proc/stat (to see load from other processes on the machine). */
export function coreSeconds(core: string): { busy: number; steal: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${core} `));
  if (!line) return { busy: Number.NaN, steal: Number.NaN };
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq) / CLK_TCK, steal: steal / CLK_TCK };
}

export type Foreign = { core0: number; core1: number; steal: number };
export type CpuSnapshot = { atNs: bigint; core0: { busy: number; steal: number }; core1: { busy: number; steal: number }; pids: Map<number, number> };

/** CPU of both cores and of our own processes, to tell how much of each core other processes took meanwhile. */
export function cpuSnapshot(pids: number[]): CpuSnapshot {
  const map = new Map<number, number>();
  for (const pid of pids) {
    try {
      map.set(pid, cpuSeconds(pid));
    } catch {
      map.set(pid, Number.NaN);
    }
  }
  return { atNs: nowNs(), core0: coreSeconds(PROXY_CORE), core1: coreSeconds(BENCH_CORE), pids: map };
}

/** Share of each core (per wall second) used by processes other than ours, and stolen by the hypervisor. */
export function foreignBetween(a: CpuSnapshot, b: CpuSnapshot, core0Pids: number[], core1Pids: number[]): Foreign {
  const used = (pids: number[]): number => pids.reduce((sum, pid) => sum + ((b.pids.get(pid) ?? 0) - (a.pids.get(pid) ?? 0) || 0), 0);
  return foreignGivenUse(a, b, used(core0Pids), used(core1Pids));
}

/** foreignBetween for callers that know how many CPU seconds our own threads used on each core meanwhile. */
export function foreignGivenUse(a: CpuSnapshot, b: CpuSnapshot, core0Used: number, core1Used: number): Foreign {
  const wall = Number(b.atNs - a.atNs) / 1e9;
  return {
    core0: Math.max(0, b.core0.busy - a.core0.busy - core0Used) / wall,
    core1: Math.max(0, b.core1.busy - a.core1.busy - core1Used) / wall,
    steal: (b.core0.steal - a.core0.steal + b.core1.steal - a.core1.steal) / wall,
  };
}

/** More than this share of a core taken by other processes marks a figure as disturbed. */
export const NOISY_SHARE = 0.05;
export const isNoisy = (foreign: Foreign | undefined): boolean => foreign !== undefined && (foreign.core0 > NOISY_SHARE || foreign.core1 > NOISY_SHARE || foreign.steal > NOISY_SHARE);

/** A `kB` line of /proc/<pid>/status (VmRSS, VmHWM…). */
export function statusKb(pid: number | 'self', key: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

export function allowedCpus(pid: number | 'self'): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return /^Cpus_allowed_list:\s+(\S+)/m.exec(status)?.[1] ?? '?';
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0, own processes). */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

/** Pins every thread of this process to the bench core (children started afterwards are pinned explicitly). */
export function pinSelf(): string {
  const before = allowedCpus('self');
  if (before === BENCH_CORE) return `already pinned to core ${BENCH_CORE}`;
  execFileSync('taskset', ['-a', '-p', '-c', BENCH_CORE, String(process.pid)], { stdio: 'ignore' });
  const after = allowedCpus('self');
  if (after !== BENCH_CORE) throw new HarnessError(`could not pin the bench process to core ${BENCH_CORE} (Cpus_allowed_list: ${after})`);
  return `pinned to core ${BENCH_CORE} with taskset (was ${before})`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Child processes: every child is registered and stopped on every way out.

export type Child = { name: string; proc: ChildProcess; pid: number; exited: Promise<void>; done: boolean; exitInfo: string };
export const children: Child[] = [];

export function startChild(name: string, command: string, args: string[], options: Parameters<typeof spawn>[2]): Child {
  const proc = spawn(command, args, options);
  if (proc.pid === undefined) throw new HarnessError(`could not start ${name}`);
  const child: Child = { name, proc, pid: proc.pid, done: false, exitInfo: '', exited: Promise.resolve() };
  child.exited = new Promise<void>((resolve) => {
    proc.once('exit', (code, signal) => {
      child.done = true;
      child.exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    proc.once('error', (error) => {
      child.done = true;
      child.exitInfo = error.message;
      resolve();
    });
  });
  children.push(child);
  return child;
}

export async function stopChild(child: Child, graceMs = 5000): Promise<void> {
  if (child.done) return;
  child.proc.kill('SIGTERM');
  if (await within(child.exited, graceMs)) return;
  log(`${child.name} (pid ${child.pid}) did not stop on SIGTERM: SIGKILL`);
  child.proc.kill('SIGKILL');
  await within(child.exited, 2000);
}

/** Things to undo besides stopping children (temp PostgreSQL schemas): run on every way out, newest first. */
const cleanups: Array<() => Promise<void>> = [];
export function onCleanup(cleanup: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once = (): Promise<void> => {
    done ??= cleanup().catch((error: unknown) => log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`));
    return done;
  };
  cleanups.push(once);
  return once;
}

let stopping: Promise<void> | undefined;
export function stopAll(): Promise<void> {
  stopping ??= Promise.all(children.map((child) => stopChild(child)))
    .then(async () => {
      for (const cleanup of [...cleanups].reverse()) await cleanup();
    })
    .then(() => undefined);
  return stopping;
}

process.on('exit', () => {
  for (const child of children) {
    if (!child.done) {
      try {
        child.proc.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping child processes`);
    void within(stopAll(), 8000).finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Starting the mock and the proxy

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new HarnessError('could not get a free port');
  return address.port;
}

/** Starts one of our TypeScript helpers (mock, null proxy) pinned to `core`; it prints `{"port":N}` once listening. */
export async function startListeningHelper(name: string, core: string, script: string, env: Record<string, string>): Promise<{ child: Child; port: number }> {
  const child = startChild(name, 'taskset', ['-c', core, process.execPath, '--import', 'tsx', path.join(ROOT, 'bench', script)], {
    cwd: ROOT,
    env: { ...withoutNodeOptions(process.env), ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stdout = child.proc.stdout!;
  stdout.setEncoding('utf8');
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new HarnessError(`the ${name} did not start within 15 s`)), 15_000);
    const onData = (text: string): void => {
      buffered += text;
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      stdout.off('data', onData);
      stdout.resume(); // keep draining (nothing more is expected)
      try {
        resolve((JSON.parse(buffered.slice(0, newline)) as { port: number }).port);
      } catch {
        reject(new HarnessError(`unexpected first line from the ${name}: ${buffered.slice(0, newline)}`));
      }
    };
    stdout.on('data', onData);
    void child.exited.then(() => {
      clearTimeout(timer);
      reject(new HarnessError(`the ${name} exited (${child.exitInfo}) before listening`));
    });
  });
  return { child, port };
}

export function withoutNodeOptions(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.NODE_OPTIONS;
  return copy;
}

/**
 * Only the variables the benchmark sets: no provider key, base URL, database, admin or config-file setting from the
 * caller's environment leaks in. Both the OpenAI and the Anthropic provider point at the mock (one process serves
 * both dialects). `storage` is the proxy's own database: a temp DATA_DIR (SQLite) or a DATABASE_URL.
 */
export function proxyEnv(port: number, mockPort: number, storage: ProxyStorage): NodeJS.ProcessEnv {
  const env = withoutNodeOptions(process.env);
  for (const key of Object.keys(env)) {
    if (/_API_KEY(_FILE)?$|_BASE_URL$|^UPSTREAM_|^CORS_ORIGINS$|^BODY_LIMIT_BYTES$|^DATABASE_URL|^DATA_DIR$|^ADMIN_|^CONFIG_FILE$|^CATALOG_DIR$|^ANTHROPIC_VERSION$/.test(key)) delete env[key];
  }
  return {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // The admin app is not measured; off, it cannot collide with anything on its default port.
    ADMIN_ENABLED: 'false',
    OPENAI_API_KEY: 'bench-key',
    OPENAI_BASE_URL: `http://127.0.0.1:${mockPort}/v1`,
    ANTHROPIC_API_KEY: 'bench-key',
    ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`,
    DATA_DIR: storage.dataDir,
    ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
  };
}

/** Where a proxy keeps its database: SQLite in `dataDir`, or PostgreSQL at `databaseUrl` when set. */
export type ProxyStorage = { dataDir: string; databaseUrl?: string };
export type Proxy = { child: Child; port: number; logFile: string; errFile: string };

/** How a proxy is launched: pinned to the proxy core (default), or under another program (valgrind) with more time to start. */
export type ProxyLaunch = { prefix: string[]; readySeconds: number; env?: Record<string, string> };
export const PINNED: ProxyLaunch = { prefix: ['taskset', '-c', PROXY_CORE], readySeconds: 15 };
/** Allowed on both cores at start; pinThreads then places its threads. */
export const BOTH_CORES: ProxyLaunch = { prefix: ['taskset', '-c', `${PROXY_CORE},${BENCH_CORE}`], readySeconds: 15 };

export async function startProxy(mockPort: number, logDir: string, storage: ProxyStorage, name = 'proxy', launch: ProxyLaunch = PINNED): Promise<Proxy> {
  const main = path.join(ROOT, 'dist', 'main.js');
  if (!existsSync(main)) throw new HarnessError('dist/main.js is missing: run `npm run build` first');
  const port = await freePort();
  const fileName = name.replace(/[^a-z0-9]+/gi, '-');
  const logFile = path.join(logDir, `${fileName}.log`);
  const errFile = path.join(logDir, `${fileName}.stderr.log`);
  const out = openSync(logFile, 'w');
  const err = openSync(errFile, 'w');
  let child: Child;
  try {
    // BENCH_CPU_PROF=<dir>: every proxy writes a V8 CPU profile there when it stops (the figures then include the
    // profiler's overhead: use it to see where the time goes, not for the numbers).
    const profile = SETTINGS.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${SETTINGS.cpuProfileDir}`, `--cpu-prof-name=${fileName}.cpuprofile`] : [];
    const [command, ...prefixArgs] = launch.prefix;
    child = startChild(name, command!, [...prefixArgs, process.execPath, ...profile, ...SETTINGS.proxyNodeFlags, main], {
      // Not the repo: a switchboard.yaml lying there would be read as the proxy's config file.
      cwd: logDir,
      env: { ...proxyEnv(port, mockPort, storage), ...launch.env },
      stdio: ['ignore', out, err],
    });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 1 });
  try {
    for (let attempt = 0; attempt < launch.readySeconds * 10; attempt++) {
      if (child.done) break;
      try {
        const response = await pool.request({ path: '/', method: 'GET', headersTimeout: 1000, bodyTimeout: 1000 });
        const text = await response.body.text();
        if (response.statusCode === 200 && text.includes('Ollama is running')) return { child, port, logFile, errFile };
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
  } finally {
    await pool.destroy();
  }
  const stderr = existsSync(errFile) ? readFileSync(errFile, 'utf8').slice(-2000) : '';
  throw new HarnessError(`the ${name} did not become ready (${child.done ? `exited with ${child.exitInfo}` : `no 200 "Ollama is running" on GET / within ${launch.readySeconds} s`})${stderr ? `\n${stderr}` : ''}`);
}

// ---------------------------------------------------------------------------------------------------------------------
// Mock control

export type MockStats = { requests: number; chat: number; messages: number; streams: number; openStreams: number; maxOpenStreams: number; badRequests: number; connections: number; openConnections: number };

export async function mockCall<T>(pool: Pool, method: 'GET' | 'POST', p: string, body?: unknown): Promise<T> {
  const response = await pool.request({
    path: p, method, headers: JSON_HEADERS, body: body === undefined ? null : JSON.stringify(body), headersTimeout: 5000, bodyTimeout: 5000,
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new HarnessError(`mock ${method} ${p}: HTTP ${response.statusCode} ${text}`);
  return JSON.parse(text) as T;
}

// ---------------------------------------------------------------------------------------------------------------------
// Proxy log scan

export type LogSummary = {
  lines: number;
  requestLines: number;
  byLevel: Record<string, number>;
  problems: string[];
  stderr: string;
  /** Successful request lines: epoch ms, route, logged service time (ms). */
  requests: { time: number; path: string; ms: number }[];
};

/** p50/p99 of the service time the proxy logged for `path` within a time window. */
export function proxyReported(summary: LogSummary, route: string, fromMs: number, toMs: number): { p50: number; p99: number; count: number } {
  const values = summary.requests.filter((r) => r.path === route && r.time >= fromMs && r.time <= toMs).map((r) => r.ms * 1e6);
  const sorted = sortedMs(values);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), count: sorted.length };
}

export function scanLog(logFile: string, errFile: string): LogSummary {
  const summary: LogSummary = { lines: 0, requestLines: 0, byLevel: {}, problems: [], stderr: '', requests: [] };
  const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  const seen = new Map<string, number>();
  const levelName: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    summary.lines++;
    let entry: { level?: number; time?: number; msg?: string; status?: number; path?: string; ms?: number; err?: { message?: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    const level = levelName[entry.level ?? 0] ?? String(entry.level);
    summary.byLevel[level] = (summary.byLevel[level] ?? 0) + 1;
    if (entry.msg === 'request') {
      summary.requestLines++;
      if (entry.status === 200 && typeof entry.time === 'number' && typeof entry.path === 'string' && typeof entry.ms === 'number') {
        summary.requests.push({ time: entry.time, path: entry.path, ms: entry.ms });
      }
    }
    if ((entry.level ?? 0) >= 40 || (entry.msg === 'request' && (entry.status ?? 200) >= 400)) {
      const key = `${level}: ${entry.msg ?? ''}${entry.status ? ` (status ${entry.status})` : ''}${entry.err?.message ? ` — ${entry.err.message}` : ''}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  summary.problems = [...seen.entries()].slice(0, 10).map(([key, count]) => `${count}× ${key}`);
  summary.stderr = existsSync(errFile) ? readFileSync(errFile, 'utf8').trim().slice(0, 2000) : '';
  return summary;
}

// ---------------------------------------------------------------------------------------------------------------------
// Report

export type Row = { figure: string; proxy: string; nullProxy: string; baseline: string; added: string; target: string; result: string };

export function verdict(ok: boolean | undefined, noisy = false): string {
  if (ok === undefined) return 'n/a';
  return `${ok ? 'PASS' : 'FAIL'}${noisy ? ' *' : ''}`;
}

export const DEFAULT_HEADERS: Row = { figure: 'Figure', proxy: 'Proxy', nullProxy: 'Null proxy', baseline: 'Direct (mock)', added: 'Added', target: 'Target', result: 'Result' };

/** A column whose header and cells are all empty is left out (the A/B tables have no baseline column). */
export function renderTable(rows: (Row | string)[], headers: Row = DEFAULT_HEADERS): string {
  const all = [headers, ...rows.filter((row): row is Row => typeof row !== 'string')];
  const keys = (['figure', 'proxy', 'nullProxy', 'baseline', 'added', 'target'] as const).filter((key) => all.some((row) => row[key] !== ''));
  const widths = Object.fromEntries(keys.map((key) => [key, Math.max(...all.map((row) => row[key].length))])) as Record<(typeof keys)[number], number>;
  const line = (row: Row): string =>
    [
      ...keys.map((key) => (key === 'figure' || key === 'target' ? row[key].padEnd(widths[key]) : row[key].padStart(widths[key]))),
      row.result,
    ].join('  ');
  const total = keys.reduce((sum, key) => sum + widths[key] + 2, 0) + 6;
  const out = [line(headers), '-'.repeat(total)];
  for (const row of rows) out.push(typeof row === 'string' ? row : line(row));
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------------
// Requests and load

/** What a load runner needs of a target. */
export type Endpoint = { name: string; origin: string; path: string; body: string };

export async function fetchText(target: Endpoint): Promise<{ status: number; contentType: string; text: string }> {
  const pool = new Pool(target.origin, { connections: 1 });
  try {
    const response = await pool.request({ path: target.path, method: 'POST', headers: JSON_HEADERS, body: target.body, headersTimeout: 10_000, bodyTimeout: 10_000 });
    const text = await response.body.text();
    const contentType = String(response.headers['content-type'] ?? '');
    return { status: response.statusCode, contentType, text };
  } finally {
    await pool.close();
  }
}

/** autocannon for `seconds` (requests in flight at the end are cut off). */
export function runCannon(target: Endpoint, seconds: number): Promise<CannonResult> {
  const instance = autocannon({
    url: `${target.origin}${target.path}`,
    method: 'POST',
    headers: JSON_HEADERS,
    body: target.body,
    connections: SETTINGS.connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
  });
  return Promise.resolve(instance);
}

export type CountedRun = {
  /** Responses received (any status). */
  completed: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** From just before the first request to the last response (autocannon's own duration is rounded to its sample tick). */
  seconds: number;
  rps: number;
  /** autocannon's latency percentiles (ms, whole milliseconds). */
  latencyP50Ms: number;
  latencyP99Ms: number;
};

/**
 * autocannon for a fixed number of requests: every request is answered before it returns, so nothing is cut off at
 * the end (the count of usage records can then be compared exactly). Bounded: stopped after `maxSeconds`.
 */
export async function runCount(target: Endpoint, amount: number, maxSeconds: number, maxConnections = SETTINGS.connections): Promise<CountedRun> {
  const connections = Math.min(maxConnections, amount);
  let last = 0n;
  const start = nowNs();
  const instance = autocannon({
    url: `${target.origin}${target.path}`,
    method: 'POST',
    headers: JSON_HEADERS,
    body: target.body,
    connections,
    amount,
    pipelining: 1,
    timeout: 10,
    // The result is only read at the next sample tick after the last response: keep that wait short.
    sampleInt: 50,
  });
  instance.on('response', () => {
    last = nowNs();
  });
  const resultPromise = Promise.resolve(instance);
  if (!(await within(resultPromise, maxSeconds * 1000))) {
    instance.stop();
    throw new HarnessError(`${target.name}: ${amount} requests did not complete within ${maxSeconds} s`);
  }
  const result = await resultPromise;
  const seconds = Number((last || nowNs()) - start) / 1e9;
  const completed = result['2xx'] + result.non2xx;
  return {
    completed, ok: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, seconds, rps: result['2xx'] / seconds,
    latencyP50Ms: result.latency.p50, latencyP99Ms: result.latency.p99,
  };
}
