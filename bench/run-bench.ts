// Switchboard benchmark: `npm run build && npm run bench`. docs/performance.md explains each figure.
//
// Layout on a 2-core machine: the proxy (dist/main.js) runs pinned to core 0; this process (the load generators) and
// the mock upstream (bench/mock-upstream.ts) run on core 1. Every proxy figure is measured in the same run next to a
// baseline. Phases (BENCH_ONLY=core,anthropic,tracking selects some):
// - core: fresh-proxy memory at 64 slow streams, warm-up, saturation (autocannon), added latency at a fixed rate and
//   streaming TTFB (own open-loop generator), next to the mock called directly and a minimal pass-through Node proxy
//   (bench/null-proxy.ts) on core 0, which shows what any extra Node hop costs on this machine;
// - anthropic: CPU per request of OpenAI-format requests translated to an Anthropic upstream vs passed through to an
//   OpenAI-compatible one (bench/anthropic-phase.ts);
// - tracking: throughput with usage tracking on vs off, on SQLite and PostgreSQL (bench/tracking-phase.ts).
// Exit code: 0 when the measurement completed (even if a target is missed), 1 on a harness error, 130 when
// interrupted. Every child process is stopped on the way out (and the mock takes the proxy down if we are SIGKILLed).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { anthropicReport, runAnthropicPhase } from './anthropic-phase.js';
import {
  allowedCpus, BENCH_CORE, children, CLK_TCK, cpuModel, cpuSnapshot, EXPECTED_REPLY, fetchText, fmtInt, fmtMb, fmtMs, fmtPct,
  foreignBetween, HarnessError, isNoisy, JSON_HEADERS, log, MESSAGES, mockCall, NOISY_SHARE, nowNs, percentile, PHASES, pinSelf,
  PROXY_CORE, proxyReported, renderTable, resetPeakRss, verdict, ROOT, runCannon, scanLog, SETTINGS, sleep, sortedMs, startChild,
  startListeningHelper, startProxy, statusKb, stopAll, stopChild, within, withoutNodeOptions,
  type Child, type Foreign, type LogSummary, type MockStats, type Proxy, type Row,
} from './harness.js';
import { runTrackingPhase, trackingReport } from './tracking-phase.js';

// ---------------------------------------------------------------------------------------------------------------------
// Core-phase targets and model

const TARGETS = {
  throughputRps: 8000,
  cpuUsPerRequest: 125,
  addedP50Ms: 0.3,
  addedP99Ms: 1.5,
  addedTtfbMs: 0.5,
  rssMb: 150,
};

/** The catalog id (routes to the openai provider); `openai/gpt-4o` would bypass the catalog (passthrough). */
const MODEL_FROM_ENV = process.env.BENCH_MODEL?.trim() || undefined;
const MODEL = MODEL_FROM_ENV ?? 'gpt-4o';


/** A full GC of this process before a latency phase, so the load generator's own GC pauses stay out of it. */
const collectGarbage: () => void = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return () => void (gc as () => void)();
  } catch {
    // not available: the phases just run without it
  }
  return () => {};
})();


const startMock = (): Promise<{ child: Child; port: number }> =>
  startListeningHelper('mock upstream', BENCH_CORE, 'mock-upstream.ts', { MOCK_PORT: '0', MOCK_EXIT_ON_STDIN_CLOSE: '1' });

const startNullProxy = (mockPort: number): Promise<{ child: Child; port: number }> =>
  startListeningHelper('null proxy', PROXY_CORE, 'null-proxy.ts', {
    NULL_PROXY_UPSTREAM: `http://127.0.0.1:${mockPort}`,
    NULL_PROXY_PORT: '0',
    NULL_PROXY_EXIT_ON_STDIN_CLOSE: '1',
  });

/** Warn if a source file is newer than the build (the numbers would describe old code). */
function staleBuildWarning(): string | undefined {
  const built = statSync(path.join(ROOT, 'dist', 'main.js')).mtimeMs;
  let newest = 0;
  let newestFile = '';
  const walk = (dir: string, depth: number): void => {
    if (depth > 8) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const mtime = statSync(full).mtimeMs;
        if (mtime > newest) {
          newest = mtime;
          newestFile = full;
        }
      }
    }
  };
  walk(path.join(ROOT, 'src'), 0);
  return newest > built + 1000 ? `${path.relative(ROOT, newestFile)} is newer than dist/main.js: run \`npm run build\` for current numbers` : undefined;
}

// ---------------------------------------------------------------------------------------------------------------------
// Targets

/** Who answers: the mock itself (direct baseline), the minimal Node proxy (second baseline), or Switchboard. */
type Server = 'mock' | 'null' | 'proxy';
type Target = { name: string; origin: string; path: string; body: string; stream: boolean; surface: 'openai' | 'ollama'; server: Server; direct: boolean };

function makeTargets(mockPort: number, proxyPort: number, nullPort: number, model: string) {
  const mock = `http://127.0.0.1:${mockPort}`;
  const proxy = `http://127.0.0.1:${proxyPort}`;
  const nullProxy = `http://127.0.0.1:${nullPort}`;
  const openai = JSON.stringify({ model, messages: MESSAGES });
  const openaiStream = JSON.stringify({ model, messages: MESSAGES, stream: true, stream_options: { include_usage: true } });
  const ollama = JSON.stringify({ model, messages: MESSAGES, stream: false });
  const ollamaStream = JSON.stringify({ model, messages: MESSAGES, stream: true });
  const target = (name: string, origin: string, p: string, body: string, stream: boolean, surface: 'openai' | 'ollama', server: Server): Target => ({
    name, origin, path: p, body, stream, surface, server, direct: server === 'mock',
  });
  return {
    directJson: target('mock direct, non-stream', mock, '/v1/chat/completions', openai, false, 'openai', 'mock'),
    directStream: target('mock direct, stream', mock, '/v1/chat/completions', openaiStream, true, 'openai', 'mock'),
    nullJson: target('null proxy, non-stream', nullProxy, '/v1/chat/completions', openai, false, 'openai', 'null'),
    nullStream: target('null proxy, stream', nullProxy, '/v1/chat/completions', openaiStream, true, 'openai', 'null'),
    openaiJson: target('proxy OpenAI non-stream', proxy, '/v1/chat/completions', openai, false, 'openai', 'proxy'),
    ollamaJson: target('proxy Ollama non-stream', proxy, '/api/chat', ollama, false, 'ollama', 'proxy'),
    openaiStream: target('proxy OpenAI stream', proxy, '/v1/chat/completions', openaiStream, true, 'openai', 'proxy'),
    ollamaStream: target('proxy Ollama stream', proxy, '/api/chat', ollamaStream, true, 'ollama', 'proxy'),
  };
}
type Targets = ReturnType<typeof makeTargets>;

// ---------------------------------------------------------------------------------------------------------------------
// Verification: the proxy really proxies, and answers in each surface's format.

type Verified = { notes: string[] };

async function verify(targets: Targets, mockPool: Pool): Promise<Verified> {
  const notes: string[] = [];
  const fail = (target: Target, why: string, text: string): never => {
    const hint = text.includes('not found') && text.includes(MODEL) ? `\n  hint: is '${MODEL}' in data/catalog/models/? (BENCH_MODEL=openai/${MODEL} bypasses the catalog)` : '';
    throw new HarnessError(`verification failed for ${target.name}: ${why}\n  body: ${text.slice(0, 600)}${hint}`);
  };
  const before = await mockCall<MockStats>(mockPool, 'GET', '/__mock/stats');

  for (const target of [targets.directJson, targets.nullJson, targets.openaiJson]) {
    const { status, text } = await fetchText(target);
    if (status !== 200) fail(target, `HTTP ${status}`, text);
    const body = JSON.parse(text) as { object?: string; choices?: Array<{ message?: { content?: string } }>; usage?: { prompt_tokens?: number; completion_tokens?: number } };
    if (body.choices?.[0]?.message?.content !== EXPECTED_REPLY) fail(target, 'unexpected content', text);
    if (body.object !== 'chat.completion') notes.push(`${target.name}: object is '${body.object}', expected 'chat.completion'`);
    if (body.usage?.prompt_tokens !== 9 || body.usage?.completion_tokens !== 10) notes.push(`${target.name}: usage not passed through (${JSON.stringify(body.usage)})`);
  }
  {
    const target = targets.ollamaJson;
    const { status, text } = await fetchText(target);
    if (status !== 200) fail(target, `HTTP ${status}`, text);
    const body = JSON.parse(text) as { message?: { content?: string }; done?: boolean; prompt_eval_count?: number; eval_count?: number };
    if (body.message?.content !== EXPECTED_REPLY || body.done !== true) fail(target, 'unexpected content or done', text);
    if (body.prompt_eval_count !== 9 || body.eval_count !== 10) notes.push(`${target.name}: token counts not passed through (prompt_eval_count=${body.prompt_eval_count}, eval_count=${body.eval_count})`);
  }
  for (const target of [targets.directStream, targets.nullStream, targets.openaiStream]) {
    const { status, contentType, text } = await fetchText(target);
    if (status !== 200) fail(target, `HTTP ${status}`, text);
    if (!contentType.startsWith('text/event-stream')) notes.push(`${target.name}: content-type '${contentType}'`);
    const data = text.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim());
    if (data[data.length - 1] !== '[DONE]') fail(target, 'the stream does not end with data: [DONE]', text);
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line) as { choices?: Array<{ delta?: { content?: string } }>; usage?: { total_tokens?: number } | null });
    const content = chunks.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join('');
    if (content !== EXPECTED_REPLY) fail(target, `streamed content '${content}'`, text);
    if (!chunks.some((chunk) => chunk.usage?.total_tokens === 19)) notes.push(`${target.name}: no usage chunk with include_usage`);
  }
  {
    const target = targets.ollamaStream;
    const { status, contentType, text } = await fetchText(target);
    if (status !== 200) fail(target, `HTTP ${status}`, text);
    if (!contentType.startsWith('application/x-ndjson')) notes.push(`${target.name}: content-type '${contentType}'`);
    const lines = text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as { message?: { content?: string }; done?: boolean; eval_count?: number });
    const content = lines.map((line) => line.message?.content ?? '').join('');
    if (content !== EXPECTED_REPLY) fail(target, `streamed content '${content}'`, text);
    const last = lines[lines.length - 1];
    if (last?.done !== true) fail(target, 'the last NDJSON line is not done: true', text);
    if (last?.eval_count !== 10) notes.push(`${target.name}: final eval_count=${last?.eval_count}`);
  }

  const after = await mockCall<MockStats>(mockPool, 'GET', '/__mock/stats');
  // 2 direct + 2 null-proxy + 4 proxied calls reach the mock's chat endpoint.
  if (after.chat - before.chat !== 8) throw new HarnessError(`the mock saw ${after.chat - before.chat} chat requests for 8 calls (2 direct, 2 via the null proxy, 4 through the proxy)`);
  if (after.badRequests !== before.badRequests) throw new HarnessError('the mock rejected a request the proxy forwarded');
  return { notes };
}

// ---------------------------------------------------------------------------------------------------------------------
// Saturation (autocannon, closed loop)

type Saturation = {
  target: Target;
  rps: number;
  completed: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** CPU (µs) per completed request of the server under test (proxy, null proxy, or the mock for direct runs). */
  cpuUsPerRequest: number;
  /** Utilisation of the server under test (proxy or null proxy on core 0; the mock, on core 1, for direct runs). */
  serverCoreUse: number;
  /** bench + mock CPU / wall: the load-generation core. */
  benchCoreUse: number;
  /** Core time used by other processes (busy − ours) and stolen by the hypervisor, per wall second, cores 0 and 1. */
  foreign: Foreign;
  upstreamPerRequest: number;
  newUpstreamConnections: number;
};

type Pids = { proxy: number; mock: number; nullProxy: number };
const serverPid = (target: Target, pids: Pids): number => (target.server === 'mock' ? pids.mock : target.server === 'null' ? pids.nullProxy : pids.proxy);

async function saturate(target: Target, seconds: number, pids: Pids, mockPool: Pool): Promise<Saturation> {
  // The mock needs no warm-up (it is warm from the memory phase and trivial); the proxies do, after a target switch.
  if (SETTINGS.warmupSeconds > 0 && !target.direct) await runCannon(target, SETTINGS.warmupSeconds);
  await sleep(200);
  const server = serverPid(target, pids);
  const core0Pids = [pids.proxy, pids.nullProxy];
  const core1Pids = [pids.mock, process.pid];
  const stats0 = await mockCall<MockStats>(mockPool, 'GET', '/__mock/stats');
  const snap0 = cpuSnapshot([...core0Pids, ...core1Pids]);
  const result = await runCannon(target, seconds);
  const snap1 = cpuSnapshot([...core0Pids, ...core1Pids]);
  const stats1 = await mockCall<MockStats>(mockPool, 'GET', '/__mock/stats');
  const wall = Number(snap1.atNs - snap0.atNs) / 1e9;
  const used = (pid: number): number => (snap1.pids.get(pid) ?? 0) - (snap0.pids.get(pid) ?? 0);
  const completed = result['2xx'] + result.non2xx;
  return {
    target,
    rps: result['2xx'] / result.duration,
    completed,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    cpuUsPerRequest: completed > 0 ? (used(server) * 1e6) / completed : Number.NaN,
    serverCoreUse: used(server) / wall,
    // Core 1 runs this process (autocannon) and the mock; for direct runs the mock *is* the server under test.
    benchCoreUse: (used(pids.mock) + used(process.pid)) / wall,
    foreign: foreignBetween(snap0, snap1, core0Pids, core1Pids),
    upstreamPerRequest: target.direct ? 1 : completed > 0 ? (stats1.chat - stats0.chat) / completed : Number.NaN,
    newUpstreamConnections: stats1.connections - stats0.connections - (target.direct ? SETTINGS.connections : 0),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Core spinners (open-loop phases): keep both vCPUs awake and record how long each core was taken away

type SpinReport = { time: number; over1: number; over5: number; over20: number; maxGapMs: number; lostMs: number };
type Spinner = { core: string; child: Child; reports: SpinReport[] };
type Stalls = { over5: number; over20: number; maxGapMs: number };
const SPIN_REPORT_MS = 250;

async function startSpinner(core: string, seconds: number): Promise<Spinner> {
  const child = startChild(
    `spinner on core ${core}`,
    'taskset',
    ['-c', core, 'chrt', '-i', '0', process.execPath, '--import', 'tsx', path.join(ROOT, 'bench', 'core-spinner.ts'), String(Math.round(seconds * 1000)), String(SPIN_REPORT_MS)],
    { cwd: ROOT, env: withoutNodeOptions(process.env), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const spinner: Spinner = { core, child, reports: [] };
  const stdout = child.proc.stdout!;
  stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    let ready = false;
    const timer = setTimeout(() => reject(new HarnessError(`the spinner on core ${core} did not start within 15 s`)), 15_000);
    stdout.on('data', (text: string) => {
      buffered += text;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        try {
          const message = JSON.parse(line) as Partial<SpinReport> & { ready?: boolean };
          if (message.ready && !ready) {
            ready = true;
            clearTimeout(timer);
            resolve();
          } else if (typeof message.time === 'number') spinner.reports.push(message as SpinReport);
        } catch {
          // ignore a malformed line
        }
      }
    });
    void child.exited.then(() => {
      clearTimeout(timer);
      if (!ready) reject(new HarnessError(`the spinner on core ${core} exited (${child.exitInfo}) before starting`));
    });
  });
  return spinner;
}

function stallsIn(spinner: Spinner | undefined, fromMs: number, toMs: number): Stalls {
  const reports = (spinner?.reports ?? []).filter((r) => r.time > fromMs && r.time <= toMs + SPIN_REPORT_MS);
  return {
    over5: reports.reduce((sum, r) => sum + r.over5, 0),
    over20: reports.reduce((sum, r) => sum + r.over20, 0),
    maxGapMs: reports.reduce((max, r) => Math.max(max, r.maxGapMs), 0),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Open-loop generator (fixed arrival rate, undici Pool, per-request hrtime)

type OpenLoop = {
  target: Target;
  latencyMs: Float64Array;
  ttfbMs: Float64Array;
  sent: number;
  measured: number;
  non2xx: number;
  errors: number;
  unfinished: number;
  achievedRate: number;
  /** Epoch ms of the measured window (to match the proxy's own log lines). */
  windowStartMs: number;
  windowEndMs: number;
  /** Service time the proxy logged itself (`ms` of its request lines) in that window: p50, p99, count. */
  proxyReported?: { p50: number; p99: number; count: number };
  /** Other processes' share of each core during the phase. */
  foreign?: Foreign;
  /** CPU per request of the server under test at this fixed rate (µs; whole phase, warm-up included). */
  serverCpuUsPerRequest?: number;
  /** What the idle-priority spinners saw on each core during the measured window. */
  stalls?: { core0: Stalls; core1: Stalls };
  /** How late requests left compared to their schedule (generator health). */
  lagP99Ms: number;
  lagMaxMs: number;
  maxInFlight: number;
};

async function openLoop(target: Target, rate: number, warmupSeconds: number, seconds: number): Promise<OpenLoop> {
  const pool = new Pool(target.origin, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });
  const total = Math.round(rate * (warmupSeconds + seconds));
  const warmCount = Math.round(rate * warmupSeconds);
  const intervalNs = 1e9 / rate;
  const body = Buffer.from(target.body);
  const latencies: number[] = [];
  const ttfbs: number[] = [];
  const lags: number[] = [];
  let sent = 0;
  let finished = 0;
  let non2xx = 0;
  let errors = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let measureStart = 0n;
  let windowStartMs = 0;
  let measureEnd = 0n;
  let resolveDone: () => void = () => {};
  const allDone = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const settle = (): void => {
    finished++;
    inFlight--;
    if (finished === total) resolveDone();
  };

  const fire = (index: number, scheduledNs: number, start: bigint): void => {
    const t0 = nowNs();
    if (index === warmCount) {
      measureStart = t0;
      windowStartMs = Date.now();
    }
    const measured = index >= warmCount;
    if (measured) lags.push(Number(t0 - start) - scheduledNs);
    let status = 0;
    let first = 0n;
    inFlight++;
    if (inFlight > maxInFlight) maxInFlight = inFlight;
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart() {},
      onResponseStart(_controller, statusCode) {
        status = statusCode;
      },
      onResponseData() {
        if (first === 0n) first = nowNs();
      },
      onResponseEnd() {
        const t1 = nowNs();
        if (status < 200 || status >= 300) non2xx++;
        else if (measured) {
          latencies.push(Number(t1 - t0));
          ttfbs.push(Number((first === 0n ? t1 : first) - t0));
        }
        if (index === total - 1) measureEnd = t1;
        settle();
      },
      onResponseError() {
        errors++;
        settle();
      },
    };
    pool.dispatch({ origin: target.origin, path: target.path, method: 'POST', headers: JSON_HEADERS, body, headersTimeout: 10_000, bodyTimeout: 10_000 }, handler);
  };

  collectGarbage();
  const start = nowNs();
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const elapsed = Number(nowNs() - start);
      while (sent < total && sent * intervalNs <= elapsed) {
        fire(sent, sent * intervalNs, start);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const completedInTime = await within(allDone, 15_000);
  const unfinished = total - finished;
  if (!completedInTime) await pool.destroy();
  else await pool.close();
  const measuredWall = Number((measureEnd || nowNs()) - measureStart) / 1e9;
  const lagSorted = sortedMs(lags);
  return {
    target,
    latencyMs: sortedMs(latencies),
    ttfbMs: sortedMs(ttfbs),
    sent,
    measured: latencies.length,
    non2xx,
    errors,
    unfinished,
    achievedRate: measuredWall > 0 ? (total - warmCount) / measuredWall : Number.NaN,
    windowStartMs,
    windowEndMs: Date.now(),
    lagP99Ms: percentile(lagSorted, 0.99),
    lagMaxMs: lagSorted.length > 0 ? lagSorted[lagSorted.length - 1]! : Number.NaN,
    maxInFlight,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Concurrent slow streams (memory)

type Streams = {
  label: string;
  streams: number;
  non2xx: number;
  errors: number;
  durationMs: Float64Array;
  peakRssKb: number;
  hwmKb: number;
  hwmReset: boolean;
  maxOpenUpstream: number;
  samples: number;
};

async function concurrentStreams(label: string, targets: Target[], concurrency: number, seconds: number, rssPid: number, mockPool: Pool): Promise<Streams> {
  const origin = targets[0]!.origin;
  const pool = new Pool(origin, { connections: concurrency + 8, pipelining: 1, keepAliveTimeout: 30_000 });
  await mockCall(mockPool, 'POST', '/__mock/stats/reset');
  const hwmReset = resetPeakRss(rssPid);
  let peakRssKb = statusKb(rssPid, 'VmRSS');
  let samples = 0;
  const sampler = setInterval(() => {
    try {
      const rss = statusKb(rssPid, 'VmRSS');
      samples++;
      if (rss > peakRssKb) peakRssKb = rss;
    } catch {
      // process gone: reported by the caller
    }
  }, SETTINGS.rssSampleMs);
  const durations: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let streams = 0;
  const deadline = Date.now() + seconds * 1000;
  const worker = async (index: number): Promise<void> => {
    const target = targets[index % targets.length]!;
    // Bounded: stops starting streams at the deadline; each stream is ~1 s and aborted after 20 s.
    for (let round = 0; round < 1000 && Date.now() < deadline; round++) {
      const t0 = nowNs();
      try {
        const response = await pool.request({
          path: target.path, method: 'POST', headers: JSON_HEADERS, body: target.body, signal: AbortSignal.timeout(20_000),
        });
        for await (const _chunk of response.body) {
          // drain
        }
        if (response.statusCode < 200 || response.statusCode >= 300) non2xx++;
        else durations.push(Number(nowNs() - t0));
        streams++;
      } catch {
        errors++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  } finally {
    clearInterval(sampler);
    await pool.close();
  }
  const stats = await mockCall<MockStats>(mockPool, 'GET', '/__mock/stats');
  return {
    label,
    streams,
    non2xx,
    errors,
    durationMs: sortedMs(durations),
    peakRssKb,
    hwmKb: statusKb(rssPid, 'VmHWM'),
    hwmReset,
    maxOpenUpstream: stats.maxOpenStreams,
    samples,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Core phases: memory, saturation, latency and TTFB, each next to the direct and null-proxy baselines

type CoreContext = { mock: { child: Child; port: number }; proxy: Proxy; control: Pool; idleRssKb: number };

async function runCorePhases(ctx: CoreContext) {
  const { mock, proxy, control, idleRssKb } = ctx;
  const nullProxy = await startNullProxy(mock.port);
  log(`null proxy on 127.0.0.1:${nullProxy.port} (pid ${nullProxy.child.pid}, cpus ${allowedCpus(nullProxy.child.pid)})`);
  const pids: Pids = { proxy: proxy.child.pid, mock: mock.child.pid, nullProxy: nullProxy.child.pid };

  // The catalog id must resolve; if it does not (catalog without the model) and BENCH_MODEL was not given, fall back
  // to the provider-prefixed passthrough name so the run still measures the proxy, and say so in the report.
  let model = MODEL;
  const modelNotes: string[] = [];
  if (MODEL_FROM_ENV === undefined) {
    const probe = await fetchText(makeTargets(mock.port, proxy.port, nullProxy.port, MODEL).openaiJson);
    if (probe.status === 404 && probe.text.includes('not found')) {
      model = `openai/${MODEL}`;
      modelNotes.push(`'${MODEL}' is not in the catalog (HTTP 404 "${probe.text.slice(0, 120)}"): measured with '${model}' (passthrough routing) instead`);
      log(`WARNING: ${modelNotes[0]}`);
    }
  }
  const targets = makeTargets(mock.port, proxy.port, nullProxy.port, model);
  const verified = await verify(targets, control);
  log(`verified: the proxy forwards to the mock and answers in both formats${verified.notes.length ? ` (notes: ${verified.notes.join('; ')})` : ''}`);

  const ensureAlive = (): void => {
    if (proxy.child.done) {
      const tail = existsSync(proxy.logFile) ? readFileSync(proxy.logFile, 'utf8').trim().split('\n').slice(-3).join('\n  ') : '';
      throw new HarnessError(`the proxy exited (${proxy.child.exitInfo}); last log lines:\n  ${tail}`);
    }
    if (mock.child.done) throw new HarnessError(`the mock upstream exited (${mock.child.exitInfo})`);
    if (nullProxy.child.done) throw new HarnessError(`the null proxy exited (${nullProxy.child.exitInfo})`);
  };

  // 1. Memory at N concurrent slow streams, on the fresh proxy (before any load has grown its heap).
  await mockCall(control, 'POST', '/__mock/config', { chunks: SETTINGS.streamChunks, delayMs: SETTINGS.streamDelayMs });
  let directStreams: Streams;
  let proxyStreams: Streams;
  try {
    const directSeconds = 1; // one round of streams is enough for the duration baseline
    log(`memory: ${SETTINGS.streams} concurrent direct streams (${SETTINGS.streamChunks} chunks, ${SETTINGS.streamDelayMs} ms apart), ${directSeconds}s`);
    directStreams = await concurrentStreams('direct', [targets.directStream], SETTINGS.streams, directSeconds, pids.mock, control);
    log(`  ${directStreams.streams} streams, upstream max open ${directStreams.maxOpenUpstream}, duration p50 ${fmtMs(percentile(directStreams.durationMs, 0.5))} ms`);
    log(`memory: ${SETTINGS.streams} concurrent streams through the proxy (half OpenAI SSE, half Ollama NDJSON), ${SETTINGS.streamSeconds}s, VmRSS every ${SETTINGS.rssSampleMs} ms`);
    proxyStreams = await concurrentStreams('proxy', [targets.openaiStream, targets.ollamaStream], SETTINGS.streams, SETTINGS.streamSeconds, pids.proxy, control);
    ensureAlive();
    log(`  ${proxyStreams.streams} streams, upstream max open ${proxyStreams.maxOpenUpstream}, proxy peak RSS ${fmtMb(proxyStreams.peakRssKb)} MB (VmHWM ${fmtMb(proxyStreams.hwmKb)} MB), duration p50 ${fmtMs(percentile(proxyStreams.durationMs, 0.5))} ms`);
  } finally {
    await mockCall(control, 'POST', '/__mock/config', { chunks: 5, delayMs: 0 }).catch(() => undefined);
  }

  // Warm-up: the proxy needs ~10 s of load to reach its steady state (JIT, V8 growing its young generation); a cold
  // first run measures ~40% less. Most of it goes to the first target: the others share most of the code.
  if (SETTINGS.globalWarmupSeconds > 0) {
    log(`warm-up: ${SETTINGS.globalWarmupSeconds}s of load on the proxy`);
    const share = SETTINGS.globalWarmupSeconds / 8;
    await runCannon(targets.openaiJson, Math.max(1, Math.round(share * 5)));
    for (const target of [targets.ollamaJson, targets.openaiStream, targets.ollamaStream]) await runCannon(target, Math.max(1, Math.round(share)));
    ensureAlive();
  }

  // 2. Saturation
  const saturation: Saturation[] = [];
  const saturationPlan: [Target, number][] = [
    [targets.directJson, SETTINGS.seconds],
    [targets.nullJson, Math.min(SETTINGS.seconds, SETTINGS.nullSeconds)],
    [targets.openaiJson, SETTINGS.seconds],
    [targets.ollamaJson, SETTINGS.seconds],
    [targets.directStream, Math.min(SETTINGS.seconds, SETTINGS.directStreamSeconds)],
    [targets.openaiStream, SETTINGS.seconds],
    [targets.ollamaStream, SETTINGS.seconds],
  ];
  for (const [target, seconds] of saturationPlan) {
    log(`saturation: ${target.name}, ${SETTINGS.connections} connections, ${target.direct ? 0 : SETTINGS.warmupSeconds}s warm-up + ${seconds}s`);
    const result = await saturate(target, seconds, pids, control);
    ensureAlive();
    log(
      `  ${fmtInt(result.rps)} req/s, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}, ` +
        `${target.server} CPU ${result.cpuUsPerRequest.toFixed(1)} µs/req (${fmtPct(result.serverCoreUse)} of its core), core 1 ${fmtPct(result.benchCoreUse)}`,
    );
    saturation.push(result);
    await sleep(200);
  }
  const hwmAfterSaturationKb = statusKb(pids.proxy, 'VmHWM');
  const rssAfterSaturationKb = statusKb(pids.proxy, 'VmRSS');

  // 3. + 4. Open-loop phases, with both cores kept awake by SCHED_IDLE spinners (see bench/core-spinner.ts).
  let spinners: Spinner[] = [];
  let spinNote = 'off (BENCH_SPIN=0)';
  if (SETTINGS.spin) {
    const openLoopSeconds = 4 * (SETTINGS.rateWarmupSeconds + SETTINGS.rateSeconds) + 4 * (SETTINGS.ttfbWarmupSeconds + SETTINGS.ttfbSeconds) + 60;
    try {
      spinners = await Promise.all([PROXY_CORE, BENCH_CORE].map((core) => startSpinner(core, openLoopSeconds)));
      spinNote = `on: SCHED_IDLE spinners on cores ${PROXY_CORE} and ${BENCH_CORE}`;
    } catch (error) {
      await Promise.all(children.filter((child) => child.name.startsWith('spinner')).map((child) => stopChild(child)));
      spinners = [];
      spinNote = `unavailable (${error instanceof Error ? error.message : String(error)})`;
      log(`WARNING: no core spinners: ${spinNote}`);
    }
  }
  const measuredOpenLoop = async (target: Target, rate: number, warmup: number, seconds: number): Promise<OpenLoop> => {
    const core0Pids = [pids.proxy, pids.nullProxy, ...spinners.filter((sp) => sp.core === PROXY_CORE).map((sp) => sp.child.pid)];
    const core1Pids = [pids.mock, process.pid, ...spinners.filter((sp) => sp.core === BENCH_CORE).map((sp) => sp.child.pid)];
    const before = cpuSnapshot([...core0Pids, ...core1Pids]);
    const result = await openLoop(target, rate, warmup, seconds);
    const after = cpuSnapshot([...core0Pids, ...core1Pids]);
    result.foreign = foreignBetween(before, after, core0Pids, core1Pids);
    const server = serverPid(target, pids);
    result.serverCpuUsPerRequest = (((after.pids.get(server) ?? 0) - (before.pids.get(server) ?? 0)) * 1e6) / result.sent;
    ensureAlive();
    return result;
  };
  const latency: OpenLoop[] = [];
  const ttfb: OpenLoop[] = [];
  try {
    for (const target of [targets.directJson, targets.nullJson, targets.openaiJson, targets.ollamaJson]) {
      log(`latency: ${target.name}, open loop ${SETTINGS.rate} req/s, ${SETTINGS.rateWarmupSeconds}s warm-up + ${SETTINGS.rateSeconds}s`);
      const result = await measuredOpenLoop(target, SETTINGS.rate, SETTINGS.rateWarmupSeconds, SETTINGS.rateSeconds);
      log(`  p50 ${fmtMs(percentile(result.latencyMs, 0.5))} ms, p99 ${fmtMs(percentile(result.latencyMs, 0.99))} ms, ${fmtInt(result.achievedRate)} req/s achieved, send lag p99 ${fmtMs(result.lagP99Ms)} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
      latency.push(result);
    }
    for (const target of [targets.directStream, targets.nullStream, targets.openaiStream, targets.ollamaStream]) {
      log(`TTFB: ${target.name}, open loop ${SETTINGS.ttfbRate} req/s, ${SETTINGS.ttfbWarmupSeconds}s warm-up + ${SETTINGS.ttfbSeconds}s`);
      const result = await measuredOpenLoop(target, SETTINGS.ttfbRate, SETTINGS.ttfbWarmupSeconds, SETTINGS.ttfbSeconds);
      log(`  TTFB p50 ${fmtMs(percentile(result.ttfbMs, 0.5))} ms, p99 ${fmtMs(percentile(result.ttfbMs, 0.99))} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
      ttfb.push(result);
    }
    await sleep(SPIN_REPORT_MS + 50);
    for (const run of [...latency, ...ttfb]) {
      run.stalls = {
        core0: stallsIn(spinners.find((sp) => sp.core === PROXY_CORE), run.windowStartMs, run.windowEndMs),
        core1: stallsIn(spinners.find((sp) => sp.core === BENCH_CORE), run.windowStartMs, run.windowEndMs),
      };
    }
  } finally {
    await Promise.all(spinners.map((spinner) => stopChild(spinner.child)));
  }
  await sleep(500);
  const idleRssAfterKb = statusKb(pids.proxy, 'VmRSS');
  // The null proxy is not needed after these phases.
  await stopChild(nullProxy.child);
  return {
    model, modelNotes, verified, targets, idleRssKb, directStreams, proxyStreams, saturation, hwmAfterSaturationKb,
    rssAfterSaturationKb, spinners, spinNote, latency, ttfb, idleRssAfterKb,
  };
}
type CoreResults = Awaited<ReturnType<typeof runCorePhases>>;

function coreReport(core: CoreResults, logSummary: LogSummary): { rows: (Row | string)[]; health: string[]; notes: string[] } {
  const {
    targets, idleRssKb, directStreams, proxyStreams, saturation, hwmAfterSaturationKb, rssAfterSaturationKb, spinners, latency, ttfb,
    idleRssAfterKb,
  } = core;
  for (const run of [...latency, ...ttfb]) {
    if (run.target.server === 'proxy') run.proxyReported = proxyReported(logSummary, run.target.path, run.windowStartMs, run.windowEndMs);
  }

  // Report
  const find = <T extends { target: Target }>(list: T[], target: Target): T => {
    const found = list.find((item) => item.target === target);
    if (!found) throw new HarnessError(`no result for ${target.name}`);
    return found;
  };
  const star = (...foreign: (Foreign | undefined)[]): boolean => foreign.some((f) => isNoisy(f));
  const rows: (Row | string)[] = [];

  rows.push(`Saturation: autocannon, ${SETTINGS.connections} connections, ${SETTINGS.seconds}s per target after ${SETTINGS.globalWarmupSeconds}s warm-up (server alone on core 0; autocannon + mock on core 1)`);
  const satDirect = find(saturation, targets.directJson);
  const satDirectStream = find(saturation, targets.directStream);
  const satNull = find(saturation, targets.nullJson);
  for (const target of [targets.openaiJson, targets.ollamaJson, targets.openaiStream, targets.ollamaStream]) {
    const s = find(saturation, target);
    const base = target.stream ? satDirectStream : satDirect;
    rows.push({
      figure: `  Throughput, ${target.name} (req/s)`,
      proxy: fmtInt(s.rps),
      nullProxy: target.stream ? '' : fmtInt(satNull.rps),
      baseline: fmtInt(base.rps),
      added: '',
      target: target.stream ? '(info)' : `>= ${fmtInt(TARGETS.throughputRps)}`,
      result: target.stream ? `info${star(s.foreign) ? ' *' : ''}` : verdict(s.rps >= TARGETS.throughputRps, star(s.foreign)),
    });
  }
  for (const target of [targets.openaiJson, targets.ollamaJson, targets.openaiStream, targets.ollamaStream]) {
    const s = find(saturation, target);
    const base = target.stream ? satDirectStream : satDirect;
    rows.push({
      figure: `  CPU per request, ${target.name} (µs)`,
      proxy: s.cpuUsPerRequest.toFixed(1),
      nullProxy: target.stream ? '' : satNull.cpuUsPerRequest.toFixed(1),
      baseline: `${base.cpuUsPerRequest.toFixed(1)} (mock)`,
      added: '',
      target: target.stream ? '(info)' : `<= ${TARGETS.cpuUsPerRequest}`,
      result: target.stream ? `info${star(s.foreign) ? ' *' : ''}` : verdict(s.cpuUsPerRequest <= TARGETS.cpuUsPerRequest, star(s.foreign)),
    });
  }
  const bad = (list: { non2xx: number; errors: number }[]): number => list.reduce((sum, r) => sum + r.non2xx + r.errors + ('timeouts' in r ? Number(r.timeouts) : 0) + ('unfinished' in r ? Number(r.unfinished) : 0), 0);
  const badRow = (figure: string, list: { target: Target; non2xx: number; errors: number }[]): Row => {
    const proxied = bad(list.filter((r) => r.target.server === 'proxy'));
    const nulls = bad(list.filter((r) => r.target.server === 'null'));
    const direct = bad(list.filter((r) => r.target.server === 'mock'));
    return { figure, proxy: String(proxied), nullProxy: String(nulls), baseline: String(direct), added: '', target: '= 0', result: verdict(proxied + nulls + direct === 0) };
  };
  rows.push(badRow('  Non-2xx + errors + timeouts, saturation runs', saturation));

  rows.push(`Added latency: open loop ${fmtInt(SETTINGS.rate)} req/s, ${SETTINGS.rateSeconds}s after ${SETTINGS.rateWarmupSeconds}s warm-up, request sent -> last byte (ms)`);
  const latDirect = find(latency, targets.directJson);
  const latNull = find(latency, targets.nullJson);
  for (const target of [targets.openaiJson, targets.ollamaJson]) {
    const l = find(latency, target);
    for (const [p, limit] of [[0.5, TARGETS.addedP50Ms], [0.99, TARGETS.addedP99Ms]] as const) {
      const proxied = percentile(l.latencyMs, p);
      const direct = percentile(latDirect.latencyMs, p);
      rows.push({
        figure: `  ${target.name}, p${Math.round(p * 100)}`,
        proxy: fmtMs(proxied),
        nullProxy: fmtMs(percentile(latNull.latencyMs, p)),
        baseline: fmtMs(direct),
        added: fmtMs(proxied - direct),
        target: `added <= ${limit.toFixed(1)}`,
        result: verdict(proxied - direct <= limit, star(l.foreign, latDirect.foreign)),
      });
    }
  }
  rows.push(badRow('  Non-2xx + errors, latency runs', latency));

  rows.push(`Streaming TTFB: open loop ${fmtInt(SETTINGS.ttfbRate)} req/s, ${SETTINGS.ttfbSeconds}s after ${SETTINGS.ttfbWarmupSeconds}s warm-up, request sent -> first body byte (ms)`);
  const ttfbDirect = find(ttfb, targets.directStream);
  const ttfbNull = find(ttfb, targets.nullStream);
  for (const target of [targets.openaiStream, targets.ollamaStream]) {
    const t = find(ttfb, target);
    for (const p of [0.5, 0.99]) {
      const proxied = percentile(t.ttfbMs, p);
      const direct = percentile(ttfbDirect.ttfbMs, p);
      const noisy = star(t.foreign, ttfbDirect.foreign);
      rows.push({
        figure: `  ${target.name}, TTFB p${Math.round(p * 100)}`,
        proxy: fmtMs(proxied),
        nullProxy: fmtMs(percentile(ttfbNull.ttfbMs, p)),
        baseline: fmtMs(direct),
        added: fmtMs(proxied - direct),
        target: p === 0.5 ? `added <= ${TARGETS.addedTtfbMs.toFixed(1)}` : '(info)',
        result: p === 0.5 ? verdict(proxied - direct <= TARGETS.addedTtfbMs, noisy) : `info${noisy ? ' *' : ''}`,
      });
    }
  }
  rows.push(badRow('  Non-2xx + errors, TTFB runs', ttfb));

  const peakKb = Math.max(proxyStreams.peakRssKb, proxyStreams.hwmReset ? proxyStreams.hwmKb : 0);
  rows.push(`Memory: proxy RSS (MB); ${SETTINGS.streams} concurrent streams on the fresh proxy (${SETTINGS.streamChunks} chunks ${SETTINGS.streamDelayMs} ms apart, half OpenAI / half Ollama), VmRSS every ${SETTINGS.rssSampleMs} ms + VmHWM`);
  rows.push({ figure: '  RSS at idle, after start', proxy: fmtMb(idleRssKb), nullProxy: '', baseline: '', added: '', target: '(info)', result: 'info' });
  rows.push({
    figure: `  Peak RSS, ${SETTINGS.streams} concurrent streams`,
    proxy: fmtMb(peakKb),
    nullProxy: '',
    baseline: `${fmtMb(idleRssKb)} (idle)`,
    added: fmtMb(peakKb - idleRssKb),
    target: `< ${TARGETS.rssMb}`,
    result: verdict(peakKb / 1024 < TARGETS.rssMb && proxyStreams.maxOpenUpstream >= SETTINGS.streams),
  });
  rows.push({
    figure: `  Stream duration p50, ${SETTINGS.streams} concurrent (ms)`,
    proxy: fmtMs(percentile(proxyStreams.durationMs, 0.5)),
    nullProxy: '',
    baseline: fmtMs(percentile(directStreams.durationMs, 0.5)),
    added: fmtMs(percentile(proxyStreams.durationMs, 0.5) - percentile(directStreams.durationMs, 0.5)),
    target: '(info)',
    result: 'info',
  });
  rows.push({
    figure: '  Non-2xx + errors, concurrent streams',
    proxy: String(proxyStreams.non2xx + proxyStreams.errors),
    nullProxy: '',
    baseline: String(directStreams.non2xx + directStreams.errors),
    added: '',
    target: '= 0',
    result: verdict(proxyStreams.non2xx + proxyStreams.errors + directStreams.non2xx + directStreams.errors === 0),
  });
  rows.push({ figure: '  Peak RSS during the saturation runs (VmHWM)', proxy: fmtMb(hwmAfterSaturationKb), nullProxy: '', baseline: '', added: '', target: '(info)', result: 'info' });
  rows.push({ figure: '  RSS right after the saturation runs', proxy: fmtMb(rssAfterSaturationKb), nullProxy: '', baseline: '', added: '', target: '(info)', result: 'info' });
  rows.push({ figure: '  RSS at idle, end of run', proxy: fmtMb(idleRssAfterKb), nullProxy: '', baseline: '', added: '', target: '(info)', result: 'info' });

  const health: string[] = [];
  for (const s of saturation) {
    health.push(
      `  ${s.target.name.padEnd(26)} ${fmtInt(s.completed).padStart(8)} requests in ${s.seconds.toFixed(2)}s; ${s.target.server} core use ${fmtPct(s.serverCoreUse).padStart(4)}; core 1 (bench + mock) ${fmtPct(s.benchCoreUse).padStart(4)}` +
        (s.target.direct ? '' : `; upstream calls per request ${s.upstreamPerRequest.toFixed(3)}; new upstream connections ${s.newUpstreamConnections}`) +
        `; other processes: core 0 ${fmtPct(s.foreign.core0)}, core 1 ${fmtPct(s.foreign.core1)}, steal ${fmtPct(s.foreign.steal)}`,
    );
  }
  for (const l of [...latency, ...ttfb]) {
    health.push(
      `  open loop ${l.target.name.padEnd(26)} ${fmtInt(l.achievedRate)} req/s, ${l.measured} measured, send lag p99 ${fmtMs(l.lagP99Ms)} ms (max ${fmtMs(l.lagMaxMs)}), max in flight ${l.maxInFlight}` +
        (l.serverCpuUsPerRequest !== undefined ? `; ${l.target.server} CPU ${l.serverCpuUsPerRequest.toFixed(0)} µs/req` : '') +
        (l.proxyReported ? `; proxy's own log p50 ${l.proxyReported.p50.toFixed(1)} / p99 ${l.proxyReported.p99.toFixed(1)} ms` : '') +
        (l.foreign ? `; other processes: core 0 ${fmtPct(l.foreign.core0)}, core 1 ${fmtPct(l.foreign.core1)}` : '') +
        (l.stalls && spinners.length > 0
          ? `; core taken >5 ms: core 0 ${l.stalls.core0.over5}× (max ${l.stalls.core0.maxGapMs.toFixed(1)} ms), core 1 ${l.stalls.core1.over5}× (max ${l.stalls.core1.maxGapMs.toFixed(1)} ms)`
          : ''),
    );
  }
  health.push(`  concurrent streams: direct ${directStreams.streams} streams (mock max open ${directStreams.maxOpenUpstream}); proxy ${proxyStreams.streams} streams (upstream max open ${proxyStreams.maxOpenUpstream}, ${proxyStreams.samples} RSS samples, VmHWM reset ${proxyStreams.hwmReset ? 'yes' : 'no'}, VmHWM ${fmtMb(proxyStreams.hwmKb)} MB)`);

  return { rows, health, notes: [...core.modelNotes, ...core.verified.notes] };
}

// ---------------------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = Date.now();
  const only = SETTINGS.only;
  if (os.availableParallelism() < 2 && allowedCpus('self').split(/[,-]/).length < 2) {
    throw new HarnessError('the benchmark needs 2 cores (proxy on core 0, load on core 1)');
  }
  const pinning = pinSelf();
  // How busy is the machine before we start? (Other processes on these two cores distort every figure.)
  const quiet0 = cpuSnapshot([process.pid]);
  await sleep(1000);
  const preflight = foreignBetween(quiet0, cpuSnapshot([process.pid]), [], [process.pid]);
  if (isNoisy(preflight)) log(`WARNING: the machine is busy before the benchmark: core 0 ${fmtPct(preflight.core0)}, core 1 ${fmtPct(preflight.core1)} used by other processes`);
  const staleWarning = existsSync(path.join(ROOT, 'dist', 'main.js')) ? staleBuildWarning() : undefined;
  if (staleWarning) log(`WARNING: ${staleWarning}`);

  const logDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
  let controlPool: Pool | undefined;
  let completed = false;
  try {
    log(`${pinning}; CLK_TCK=${CLK_TCK}; phases: ${[...only].join(', ')}`);
    const mock = await startMock();
    controlPool = new Pool(`http://127.0.0.1:${mock.port}`, { connections: 2 });
    const control = controlPool;
    log(`mock upstream on 127.0.0.1:${mock.port} (pid ${mock.child.pid}, cpus ${allowedCpus(mock.child.pid)})`);

    const sections: string[] = [];
    const health: string[] = [];
    const observations: string[] = [];
    if (staleWarning) observations.push(staleWarning);
    const allRows: (Row | string)[] = [];
    const header: string[] = [];

    // The core and translation phases share one proxy (SQLite in a temp DATA_DIR, usage tracking on, the default).
    if (only.has('core') || only.has('anthropic')) {
      const proxy = await startProxy(mock.port, logDir, { dataDir: path.join(logDir, 'data') });
      // Failsafe if this process is SIGKILLed: the mock sees its stdin close and takes the proxy down too.
      await mockCall(control, 'POST', '/__mock/adopt', { pid: proxy.child.pid });
      log(`proxy on 127.0.0.1:${proxy.port} (pid ${proxy.child.pid}, cpus ${allowedCpus(proxy.child.pid)}), log: ${proxy.logFile}`);
      if (allowedCpus(proxy.child.pid) !== PROXY_CORE) throw new HarnessError(`the proxy is not pinned to core ${PROXY_CORE}`);
      await sleep(500);
      const idleRssKb = statusKb(proxy.child.pid, 'VmRSS');

      const core = only.has('core') ? await runCorePhases({ mock, proxy, control, idleRssKb }) : undefined;
      const openaiModel = core?.model ?? MODEL;
      const anthropic = only.has('anthropic')
        ? await runAnthropicPhase({ mock, proxy, control, openaiModel, warm: core !== undefined })
        : undefined;

      // Stop the proxy before reading its log, so everything is flushed.
      await stopChild(proxy.child);
      const logSummary = scanLog(proxy.logFile, proxy.errFile);
      header.push(`  model       ${openaiModel} via the openai provider -> mock upstream; proxy LOG_LEVEL=info (to a file), usage tracking on (SQLite)`);
      if (core) {
        const report = coreReport(core, logSummary);
        header.push(`  spinners    ${core.spinNote} during the open-loop phases`);
        sections.push(renderTable(report.rows));
        allRows.push(...report.rows);
        health.push(...report.health);
        observations.push(...report.notes);
      }
      if (anthropic) {
        const report = anthropicReport(anthropic);
        sections.push(renderTable(report.rows, report.headers));
        allRows.push(...report.rows);
        health.push(...report.health);
        observations.push(...report.notes);
      }
      const levels = Object.entries(logSummary.byLevel).map(([level, count]) => `${level} ${count}`).join(', ');
      observations.push(`proxy log: ${logSummary.lines} lines (${levels}), ${logSummary.requestLines} request lines`);
      for (const problem of logSummary.problems) observations.push(`proxy log: ${problem}`);
      if (logSummary.stderr) observations.push(`proxy stderr: ${logSummary.stderr.split('\n').slice(0, 5).join(' | ')}`);
    }

    if (only.has('tracking')) {
      const tracking = await runTrackingPhase({ mock, control, logDir, model: MODEL });
      const report = trackingReport(tracking);
      sections.push(renderTable(report.rows, report.headers));
      allRows.push(...report.rows);
      health.push(...report.health);
      observations.push(...report.notes);
    }

    const out = [
      '',
      'Switchboard benchmark',
      `  date        ${startedAt.toISOString()}`,
      `  node        ${process.version} (${os.platform()} ${os.release()}, ${os.arch()})`,
      `  cpu         ${cpuModel()} (${os.cpus().length} logical cores); proxy / null proxy on core ${PROXY_CORE}, load generator + mock on core ${BENCH_CORE}`,
      `  phases      ${[...only].join(', ')}${only.size < PHASES.length ? ' (BENCH_ONLY)' : ''}`,
      ...header,
      `  idle check  other processes used core 0 ${fmtPct(preflight.core0)}, core 1 ${fmtPct(preflight.core1)} in the second before the start`,
      `  duration    ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      '',
      sections.join('\n\n'),
      ...(allRows.some((row) => typeof row !== 'string' && row.result.endsWith('*'))
        ? [`* other processes (or the hypervisor) took more than ${Math.round(NOISY_SHARE * 100)}% of a core during this measurement: disturbed, rerun on a quiet machine.`]
        : []),
      '',
      'Harness health (a saturated core 1, a late open-loop generator or busy cores make the figures pessimistic):',
      ...health,
      '',
      ...(observations.length ? ['Observations:', ...observations.map((o) => `  ${o}`), ''] : []),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    completed = true;
  } finally {
    await stopAll();
    await controlPool?.destroy().catch(() => undefined);
    if (SETTINGS.keepLogs || !completed) log(`proxy logs kept in ${logDir}`);
    else rmSync(logDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    process.stderr.write(`\nbench: harness error: ${error instanceof Error ? (error instanceof HarnessError ? error.message : error.stack) : String(error)}\n`);
    await within(stopAll(), 8000);
    process.exit(1);
  },
);
