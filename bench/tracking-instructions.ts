// Part of the `tracking` phase when BENCH_TRACKING_INSTRUCTIONS=1 (adds about three minutes): CPU instructions per
// request with usage tracking on and off, counted by valgrind's callgrind. Instruction counts do not depend on what
// else the machine is doing, so this figure holds still where the throughput ratio moves by ±20% from one run to the
// next on a shared VM. Not time: cache misses, system calls and the database server's own work are not in it.
// Low load, not saturation: under callgrind the proxy answers some tens of requests per second, so the recorder's
// 250 ms write window holds a handful of records instead of a thousand, and each transaction's fixed work (round
// trips, aggregate upserts) and each 20 ms batch's hand-off to the writer thread are shared by far fewer requests.
//
// Per side, a fresh proxy starts under `valgrind --tool=callgrind --instr-atstart=no` (nothing counted while it loads),
// gets a warm-up (V8 optimises by call counts, so the same warm-up gives the same code), then counting is switched on
// (`callgrind_control --instr=on`), a fixed number of non-stream requests is sent, and once every record of them is in
// the database (tracking on) the counters are dumped. All threads count: the usage writer thread included.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import {
  EXPECTED_REPLY, fetchText, HarnessError, log, MESSAGES, runCount, sleep, startProxy, stopChild,
  type Endpoint, type ProxyStorage,
} from './harness.js';

export type InstructionSide = { tracking: boolean; requests: number; instructions: number; records: number };
export type InstructionResult = { on: InstructionSide; off: InstructionSide } | { unavailable: string };

const WARMUP_REQUESTS = Number(process.env.BENCH_INSTRUCTIONS_WARMUP ?? 1500);
const COUNTED_REQUESTS = Number(process.env.BENCH_INSTRUCTIONS_REQUESTS ?? 2000);
/** Few: under callgrind the proxy answers tens of requests per second, and 50 waiting clients would time out. */
const CONNECTIONS = 4;

/** Why instruction counting cannot run here, or undefined when valgrind and callgrind_control are installed. */
export function instructionCountingUnavailable(): string | undefined {
  for (const tool of ['valgrind', 'callgrind_control']) {
    try {
      execFileSync(tool, ['--version'], { stdio: 'ignore' });
    } catch {
      return `${tool} not found (Debian package valgrind)`;
    }
  }
  return undefined;
}

async function recordCount(storage: ProxyStorage): Promise<number> {
  if (!storage.databaseUrl) {
    const db = new BetterSqlite3(path.join(storage.dataDir, 'switchboard.db'), { readonly: true, fileMustExist: true });
    try {
      return Number((db.prepare('select count(*) as n from usage_records').get() as { n: number }).n);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: storage.databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('select count(*) as n from usage_records')).rows[0]!.n);
  } finally {
    await client.end();
  }
}

async function waitForRecords(storage: ProxyStorage, expected: number, name: string): Promise<number> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const count = await recordCount(storage);
    if (count >= expected) return count;
    await sleep(100);
  }
  throw new HarnessError(`${name}: usage records did not reach ${expected} within 60 s`);
}

/**
 * valgrind and vgdb (behind callgrind_control) name their pipes after $USER and $HOST; without them in the
 * environment the two sides did not find each other here. Both get the same values and a prefix in the run's folder.
 */
const VGDB_ENV = { USER: 'bench', LOGNAME: 'bench', HOST: 'localhost' };
const vgdbPrefix = (logDir: string): string => path.join(logDir, 'vgdb');

/** Sends a command to the callgrind run of `pid`; callgrind_control says OK even when vgdb failed, so check its stderr. */
function callgrindControl(logDir: string, command: string, pid: number): void {
  const result = spawnSync('callgrind_control', [`--vgdb-prefix=${vgdbPrefix(logDir)}`, command, String(pid)], {
    encoding: 'utf8', env: { ...process.env, ...VGDB_ENV }, timeout: 60_000,
  });
  if (result.status !== 0 || /error/i.test(result.stderr) || !/OK/.test(result.stdout)) {
    throw new HarnessError(`callgrind_control ${command} ${pid} failed: ${(result.stderr || result.stdout || String(result.error)).trim()}`);
  }
}

/** The `totals:` line of the newest callgrind dump of `pid` (all threads together: --separate-threads=no). */
function dumpedInstructions(logDir: string, pid: number): number {
  const prefix = `callgrind.${pid}.`;
  const dumps = readdirSync(logDir).filter((name) => name.startsWith(prefix)).sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
  const newest = dumps.at(-1);
  if (!newest) throw new HarnessError(`no callgrind dump for pid ${pid} in ${logDir}`);
  const totals = /^totals:\s+(\d+)/m.exec(readFileSync(path.join(logDir, newest), 'utf8'));
  if (!totals) throw new HarnessError(`no totals line in ${newest}`);
  return Number(totals[1]);
}

async function measureSide(tracking: boolean, storage: ProxyStorage, mockPort: number, logDir: string, model: string, label: string): Promise<InstructionSide> {
  const name = `proxy ${label} tracking ${tracking ? 'on' : 'off'} under callgrind`;
  const proxy = await startProxy(mockPort, logDir, storage, name, {
    prefix: [
      'valgrind', '--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--vgdb-prefix=${vgdbPrefix(logDir)}`,
      `--callgrind-out-file=${path.join(logDir, 'callgrind.%p')}`,
    ],
    readySeconds: 180,
    env: VGDB_ENV,
  });
  try {
    // valgrind runs the proxy as its own process: callgrind_control addresses it by that pid.
    const pid = proxy.child.pid;
    const target: Endpoint = { name, origin: `http://127.0.0.1:${proxy.port}`, path: '/v1/chat/completions', body: JSON.stringify({ model, messages: MESSAGES }) };
    const { status, text } = await fetchText(target);
    if (status !== 200 || !text.includes(EXPECTED_REPLY)) throw new HarnessError(`verification failed for ${name}: HTTP ${status}`);
    const before = await recordCount(storage);
    await runCount(target, WARMUP_REQUESTS, 600, CONNECTIONS);
    const warmed = tracking ? await waitForRecords(storage, before + 1 + WARMUP_REQUESTS, name) : before;
    callgrindControl(logDir, '--instr=on', pid);
    const run = await runCount(target, COUNTED_REQUESTS, 600, CONNECTIONS);
    if (run.ok !== COUNTED_REQUESTS) throw new HarnessError(`${name}: ${run.ok} of ${COUNTED_REQUESTS} requests succeeded`);
    const records = tracking ? (await waitForRecords(storage, warmed + COUNTED_REQUESTS, name)) - warmed : (await recordCount(storage)) - warmed;
    callgrindControl(logDir, '--dump', pid);
    const instructions = dumpedInstructions(logDir, pid);
    log(`  ${name}: ${(instructions / COUNTED_REQUESTS / 1e6).toFixed(3)} M instructions per request over ${COUNTED_REQUESTS} requests (${records} records)`);
    return { tracking, requests: COUNTED_REQUESTS, instructions, records };
  } finally {
    await stopChild(proxy.child, 60_000);
  }
}

/** Off first, then on, each with a fresh proxy on the side's own database. */
export async function countTrackingInstructions(
  storages: { on: ProxyStorage; off: ProxyStorage }, mockPort: number, logDir: string, model: string, label: string,
): Promise<InstructionResult> {
  const unavailable = instructionCountingUnavailable();
  if (unavailable) return { unavailable };
  const off = await measureSide(false, storages.off, mockPort, logDir, model, label);
  const on = await measureSide(true, storages.on, mockPort, logDir, model, label);
  return { on, off };
}
