// Benchmark phase `anthropic`: what translating to Anthropic costs compared with passing through (docs/performance.md).
//
// The same OpenAI-format request (POST /v1/chat/completions) goes through the same warm proxy to two upstreams served
// by the mock: an OpenAI-compatible one (the catalog model routes to the `openai` provider: the body is decoded and
// re-encoded in the same dialect) and Anthropic's Messages API (the request is translated to /v1/messages, the answer
// or SSE stream translated back). Metric: the proxy's CPU time per request (utime + stime of all its threads from
// /proc/<pid>/stat) over a fixed number of requests at saturation, in alternating runs (ABBA order), so drift (JIT,
// heap growth, a noisy neighbour) falls on both sides alike. Target: translated ≤ 1.3 × passthrough.
import type { Pool } from 'undici';
import {
  cpuSnapshot, EXPECTED_REPLY, fetchText, fmtInt, fmtPct, foreignBetween, HarnessError, isNoisy, log, MESSAGES, mockCall,
  runCannon, runCount, SETTINGS, sleep, verdict,
  type Child, type CountedRun, type Endpoint, type Foreign, type MockStats, type Proxy, type Row,
} from './harness.js';

const MAX_RATIO = 1.3;

type Kind = 'non-stream' | 'stream';
type Path = 'passthrough' | 'translated';
type AbTarget = Endpoint & { kind: Kind; path: '/v1/chat/completions'; route: Path; upstream: 'chat' | 'messages' };

type Run = CountedRun & { cpuSeconds: number; upstreamCalls: number; foreign: Foreign; proxyCoreUse: number; benchCoreUse: number };
type Side = { target: AbTarget; runs: Run[] };
type KindResult = { kind: Kind; amount: number; passthrough: Side; translated: Side };

export type AnthropicResult = { model: string; openaiModel: string; kinds: KindResult[]; notes: string[] };

export type AnthropicContext = {
  mock: { child: Child; port: number };
  proxy: Proxy;
  control: Pool;
  /** The catalog model of the core phases (routes to the openai provider). */
  openaiModel: string;
  /** True when the core phases already warmed the passthrough path up. */
  warm: boolean;
};

function targetsFor(origin: string, openaiModel: string, anthropicModel: string): AbTarget[] {
  const body = (model: string, stream: boolean): string =>
    JSON.stringify(stream ? { model, messages: MESSAGES, stream: true, stream_options: { include_usage: true } } : { model, messages: MESSAGES });
  const make = (kind: Kind, route: Path): AbTarget => ({
    name: `${route === 'passthrough' ? 'passthrough (OpenAI)' : 'translated (Anthropic)'}, ${kind}`,
    origin,
    path: '/v1/chat/completions',
    body: body(route === 'passthrough' ? openaiModel : anthropicModel, kind === 'stream'),
    kind,
    route,
    upstream: route === 'passthrough' ? 'chat' : 'messages',
  });
  return [make('non-stream', 'passthrough'), make('non-stream', 'translated'), make('stream', 'passthrough'), make('stream', 'translated')];
}

/** One request of each kind: the answer is the mock's, in OpenAI's format, with usage; translated ones reach /v1/messages. */
async function verify(targets: AbTarget[], control: Pool, notes: string[]): Promise<void> {
  const before = await mockCall<MockStats>(control, 'GET', '/__mock/stats');
  for (const target of targets) {
    const { status, text } = await fetchText(target);
    const fail = (why: string): never => {
      const hint = status === 404 && target.route === 'translated' ? `\n  hint: BENCH_ANTHROPIC_MODEL=anthropic/${SETTINGS.anthropicModel} bypasses the catalog` : '';
      throw new HarnessError(`verification failed for ${target.name}: ${why}\n  body: ${text.slice(0, 600)}${hint}`);
    };
    if (status !== 200) fail(`HTTP ${status}`);
    if (target.kind === 'non-stream') {
      const body = JSON.parse(text) as { choices?: Array<{ message?: { content?: string }; finish_reason?: string }>; usage?: { prompt_tokens?: number; completion_tokens?: number } };
      if (body.choices?.[0]?.message?.content !== EXPECTED_REPLY) fail('unexpected content');
      if (body.choices?.[0]?.finish_reason !== 'stop') notes.push(`${target.name}: finish_reason '${body.choices?.[0]?.finish_reason}'`);
      if (body.usage?.prompt_tokens !== 9 || body.usage?.completion_tokens !== 10) notes.push(`${target.name}: usage ${JSON.stringify(body.usage)}`);
    } else {
      const data = text.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim());
      if (data[data.length - 1] !== '[DONE]') fail('the stream does not end with data: [DONE]');
      const chunks = data.slice(0, -1).map((line) => JSON.parse(line) as { choices?: Array<{ delta?: { content?: string } }>; usage?: { total_tokens?: number } | null });
      const content = chunks.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join('');
      if (content !== EXPECTED_REPLY) fail(`streamed content '${content}'`);
      if (!chunks.some((chunk) => chunk.usage?.total_tokens === 19)) notes.push(`${target.name}: no usage chunk with total_tokens 19`);
    }
  }
  const after = await mockCall<MockStats>(control, 'GET', '/__mock/stats');
  if (after.chat - before.chat !== 2 || after.messages - before.messages !== 2) {
    throw new HarnessError(`the mock saw ${after.chat - before.chat} OpenAI and ${after.messages - before.messages} Anthropic calls for 2 + 2 requests`);
  }
  if (after.badRequests !== before.badRequests) throw new HarnessError('the mock rejected a request the proxy sent (see the mock for the Anthropic checks)');
}

async function measure(target: AbTarget, amount: number, ctx: AnthropicContext): Promise<Run> {
  const proxyPid = ctx.proxy.child.pid;
  const mockPid = ctx.mock.child.pid;
  const stats0 = await mockCall<MockStats>(ctx.control, 'GET', '/__mock/stats');
  const snap0 = cpuSnapshot([proxyPid, mockPid, process.pid]);
  const run = await runCount(target, amount, 60 + amount / 100);
  const snap1 = cpuSnapshot([proxyPid, mockPid, process.pid]);
  const stats1 = await mockCall<MockStats>(ctx.control, 'GET', '/__mock/stats');
  const used = (pid: number): number => (snap1.pids.get(pid) ?? 0) - (snap0.pids.get(pid) ?? 0);
  const wall = Number(snap1.atNs - snap0.atNs) / 1e9;
  if (ctx.proxy.child.done) throw new HarnessError(`the proxy exited (${ctx.proxy.child.exitInfo}) during ${target.name}`);
  return {
    ...run,
    cpuSeconds: used(proxyPid),
    upstreamCalls: stats1[target.upstream] - stats0[target.upstream],
    foreign: foreignBetween(snap0, snap1, [proxyPid], [mockPid, process.pid]),
    proxyCoreUse: used(proxyPid) / wall,
    benchCoreUse: (used(mockPid) + used(process.pid)) / wall,
  };
}

export async function runAnthropicPhase(ctx: AnthropicContext): Promise<AnthropicResult> {
  const notes: string[] = [];
  const model = SETTINGS.anthropicModel;
  const targets = targetsFor(`http://127.0.0.1:${ctx.proxy.port}`, ctx.openaiModel, model);
  await verify(targets, ctx.control, notes);
  log(`verified: OpenAI-format requests reach the mock's /v1/messages for '${model}' and come back in OpenAI's format`);

  // Warm-up: the translation path is cold even after the core phases; a cold proxy needs its global warm-up.
  const warmSeconds = Math.max(1, Math.round(ctx.warm ? SETTINGS.warmupSeconds * 2 : SETTINGS.globalWarmupSeconds / 4));
  const rates = new Map<AbTarget, number>();
  for (const target of targets) {
    log(`translation: warm-up ${target.name}, ${warmSeconds}s`);
    const result = await runCannon(target, warmSeconds);
    rates.set(target, result['2xx'] / result.duration);
  }

  const kinds: KindResult[] = [];
  const rounds = SETTINGS.anthropicRounds;
  const runSeconds = SETTINGS.seconds / rounds;
  for (const kind of ['non-stream', 'stream'] as const) {
    const passthrough = targets.find((t) => t.kind === kind && t.route === 'passthrough')!;
    const translated = targets.find((t) => t.kind === kind && t.route === 'translated')!;
    // The same fixed number of requests on both sides, about runSeconds of passthrough load.
    const amount = Math.max(SETTINGS.connections * 4, Math.round((rates.get(passthrough) ?? 1000) * runSeconds));
    const result: KindResult = { kind, amount, passthrough: { target: passthrough, runs: [] }, translated: { target: translated, runs: [] } };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [result.passthrough, result.translated] : [result.translated, result.passthrough];
      for (const side of order) {
        await sleep(200);
        const run = await measure(side.target, amount, ctx);
        side.runs.push(run);
        log(`  ${side.target.name}: ${fmtInt(run.completed)} requests, ${fmtInt(run.rps)} req/s, proxy CPU ${((run.cpuSeconds * 1e6) / run.completed).toFixed(1)} µs/req (${fmtPct(run.proxyCoreUse)} of its core)`);
      }
    }
    kinds.push(result);
  }
  return { model, openaiModel: ctx.openaiModel, kinds, notes };
}

const sum = (runs: Run[], pick: (run: Run) => number): number => runs.reduce((total, run) => total + pick(run), 0);
const cpuPerRequestUs = (runs: Run[]): number => (sum(runs, (r) => r.cpuSeconds) * 1e6) / sum(runs, (r) => r.completed);
const rps = (runs: Run[]): number => sum(runs, (r) => r.ok) / sum(runs, (r) => r.seconds);
const bad = (runs: Run[]): number => sum(runs, (r) => r.non2xx + r.errors + r.timeouts);

export function anthropicReport(result: AnthropicResult): { rows: (Row | string)[]; headers: Row; health: string[]; notes: string[] } {
  const headers: Row = { figure: 'Figure', proxy: 'Translated', nullProxy: 'Passthrough', baseline: '', added: 'Ratio', target: 'Target', result: 'Result' };
  const rows: (Row | string)[] = [];
  rows.push(
    `Translation to Anthropic vs passthrough: POST /v1/chat/completions, '${result.model}' (anthropic, translated) vs '${result.openaiModel}' (openai), ` +
      `${SETTINGS.anthropicRounds} alternating runs of a fixed number of requests each (${result.kinds.map((k) => `${fmtInt(k.amount)} ${k.kind}`).join(', ')}), ${SETTINGS.connections} connections`,
  );
  const noisy = (k: KindResult): boolean => [...k.passthrough.runs, ...k.translated.runs].some((run) => isNoisy(run.foreign));
  for (const k of result.kinds) {
    const translated = cpuPerRequestUs(k.translated.runs);
    const passthrough = cpuPerRequestUs(k.passthrough.runs);
    const ratio = translated / passthrough;
    rows.push({
      figure: `  Proxy CPU per request, ${k.kind} (µs)`,
      proxy: translated.toFixed(1),
      nullProxy: passthrough.toFixed(1),
      baseline: '',
      added: `${ratio.toFixed(2)}×`,
      target: `<= ${MAX_RATIO}×`,
      result: verdict(Number.isFinite(ratio) ? ratio <= MAX_RATIO : undefined, noisy(k)),
    });
  }
  for (const k of result.kinds) {
    const translated = rps(k.translated.runs);
    const passthrough = rps(k.passthrough.runs);
    rows.push({
      figure: `  Throughput, ${k.kind} (req/s)`,
      proxy: fmtInt(translated),
      nullProxy: fmtInt(passthrough),
      baseline: '',
      added: `${(translated / passthrough).toFixed(2)}×`,
      target: '(info)',
      result: `info${noisy(k) ? ' *' : ''}`,
    });
  }
  const badTranslated = result.kinds.reduce((total, k) => total + bad(k.translated.runs), 0);
  const badPassthrough = result.kinds.reduce((total, k) => total + bad(k.passthrough.runs), 0);
  rows.push({ figure: '  Non-2xx + errors + timeouts', proxy: String(badTranslated), nullProxy: String(badPassthrough), baseline: '', added: '', target: '= 0', result: verdict(badTranslated + badPassthrough === 0) });

  const health: string[] = [];
  for (const k of result.kinds) {
    const perRound = k.translated.runs.map((run, i) => {
      const pass = k.passthrough.runs[i];
      return pass ? ((run.cpuSeconds / run.completed) / (pass.cpuSeconds / pass.completed)).toFixed(2) : '?';
    });
    health.push(`  translation ${k.kind}: CPU ratio per round ${perRound.join(', ')}`);
    for (const side of [k.passthrough, k.translated]) {
      const runs = side.runs;
      const calls = sum(runs, (r) => r.upstreamCalls) / sum(runs, (r) => r.completed);
      const worst = runs.reduce<Foreign>((max, r) => ({ core0: Math.max(max.core0, r.foreign.core0), core1: Math.max(max.core1, r.foreign.core1), steal: Math.max(max.steal, r.foreign.steal) }), { core0: 0, core1: 0, steal: 0 });
      health.push(
        `    ${side.target.name.padEnd(34)} ${fmtInt(sum(runs, (r) => r.completed)).padStart(8)} requests in ${sum(runs, (r) => r.seconds).toFixed(2)}s; ` +
          `proxy core use ${fmtPct(Math.min(...runs.map((r) => r.proxyCoreUse)))}–${fmtPct(Math.max(...runs.map((r) => r.proxyCoreUse)))}; ` +
          `core 1 (bench + mock) up to ${fmtPct(Math.max(...runs.map((r) => r.benchCoreUse)))}; ${side.target.upstream === 'messages' ? '/v1/messages' : '/v1/chat/completions'} calls per request ${calls.toFixed(3)}; ` +
          `other processes up to: core 0 ${fmtPct(worst.core0)}, core 1 ${fmtPct(worst.core1)}, steal ${fmtPct(worst.steal)}`,
      );
    }
  }
  return { rows, headers, health, notes: result.notes };
}
