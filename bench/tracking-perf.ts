// Part of the `tracking` phase when BENCH_TRACKING_PERF=1: where the event loop's extra time with tracking on goes, at
// full speed. `perf record` samples the proxy core (cpu-clock, PERF_HZ per second, CLOCK_MONOTONIC timestamps) for
// the whole database's measurement; the proxies run with `--perf-basic-prof`, so JIT-compiled JavaScript has names.
// Each measured run is a window (its proxy's pid, on or off, start and end on the same clock as process.hrtime,
// requests answered); a sample of a proxy's main thread (tid = pid) inside a window counts for that side. The result
// is CPU time per request on the event loop, on and off, split by kind of code, and the symbols whose time per request
// differs most. In toggle mode both sides are one process with the same compiled code, so a difference is the
// setting's, not two JITs' (which inline differently). Sampling: ±√n per symbol, so read differences of a few
// samples per thousand requests as noise.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { HarnessError, PROXY_CORE, startChild, type Child } from './harness.js';

const PERF_HZ = 4000;
const US_PER_SAMPLE = 1e6 / PERF_HZ;

export type PerfWindow = { tracking: boolean; pid: number; startNs: bigint; endNs: bigint; requests: number };
type Kind = 'usage code' | 'other JavaScript' | 'V8 builtins' | 'garbage collector' | 'other native' | 'kernel';
const KINDS: readonly Kind[] = ['usage code', 'other JavaScript', 'V8 builtins', 'garbage collector', 'other native', 'kernel'];

export type PerfSide = { requests: number; samples: number; byKind: Map<Kind, number>; bySymbol: Map<string, number> };
export type PerfResult = { on: PerfSide; off: PerfSide } | { unavailable: string };

/** Why sampling cannot run here, or undefined. */
export function perfUnavailable(): string | undefined {
  const probe = spawnSync('perf', ['record', '-e', 'cpu-clock', '-o', '/dev/null', '--', 'true'], { encoding: 'utf8' });
  if (probe.error) return 'perf not found (Debian package linux-perf)';
  if (probe.status !== 0) return `perf record does not work here: ${(probe.stderr || '').trim().split('\n').at(-1)}`;
  return undefined;
}

/** Node flags for the proxies: a /tmp/perf-<pid>.map of JIT code, so samples in JavaScript get function names. */
export const PERF_NODE_OPTIONS = '--perf-basic-prof';

/** Removes the JIT maps the proxies wrote (one per process, tens of MB over a run). */
export function removePerfMaps(pids: readonly number[]): void {
  for (const pid of pids) rmSync(`/tmp/perf-${pid}.map`, { force: true });
}

/** Samples the proxy core until stop(); then attributes the samples to the windows. */
export class PerfRecording {
  private readonly windows: PerfWindow[] = [];
  private constructor(private readonly child: Child, private readonly file: string) {}

  static start(logDir: string, label: string): PerfRecording {
    const file = path.join(logDir, `perf-${label}.data`);
    const child = startChild(`perf record (${label})`, 'perf', [
      'record', '-F', String(PERF_HZ), '-k', 'CLOCK_MONOTONIC', '-e', 'cpu-clock', '-C', PROXY_CORE, '-o', file,
    ], { stdio: 'ignore' });
    return new PerfRecording(child, file);
  }

  addWindow(window: PerfWindow): void {
    this.windows.push(window);
  }

  async stop(): Promise<PerfResult> {
    // SIGINT: perf stops sampling and finishes its file (it may take a few seconds to write it).
    if (!this.child.done) this.child.proc.kill('SIGINT');
    await this.child.exited;
    try {
      return await this.attribute();
    } catch (error) {
      return { unavailable: `perf samples not read: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      rmSync(this.file, { force: true });
    }
  }

  private async attribute(): Promise<PerfResult> {
    const windows = [...this.windows].sort((a, b) => (a.startNs < b.startNs ? -1 : 1));
    if (windows.length === 0) return { unavailable: 'no measured runs' };
    const side = (): PerfSide => ({ requests: 0, samples: 0, byKind: new Map(), bySymbol: new Map() });
    const result = { on: side(), off: side() };
    for (const window of windows) (window.tracking ? result.on : result.off).requests += window.requests;
    const pids = new Set(windows.map((window) => window.pid));
    const script = spawn('perf', ['script', '-i', this.file, '-F', 'tid,time,ip,sym,dso'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const lines = createInterface({ input: script.stdout });
    let at = 0;
    // `  12985  1711.432370:  7f75…b6a6 Builtins_LoadIC (/usr/bin/node)`: tid, seconds on CLOCK_MONOTONIC, address,
    // symbol (perf prints none without the address), object.
    const pattern = /^\s*(\d+)\s+(\d+)\.(\d+):\s+[0-9a-f]+\s+(.*?)\s*\(([^)]*)\)\s*$/;
    for await (const line of lines) {
      const match = pattern.exec(line);
      if (!match) continue;
      const tid = Number(match[1]);
      if (!pids.has(tid)) continue;
      const ns = BigInt(match[2]!) * 1_000_000_000n + BigInt(match[3]!.padEnd(9, '0').slice(0, 9));
      while (at < windows.length && windows[at]!.endNs < ns) at++;
      const window = windows[at];
      if (window === undefined || ns < window.startNs || window.pid !== tid) continue;
      const target = window.tracking ? result.on : result.off;
      const symbol = match[4]! || `[${path.basename(match[5]!)}]`;
      target.samples++;
      target.bySymbol.set(symbol, (target.bySymbol.get(symbol) ?? 0) + 1);
      const kind = kindOf(symbol, match[5]!);
      target.byKind.set(kind, (target.byKind.get(kind) ?? 0) + 1);
    }
    const code = await new Promise<number | null>((resolve) => script.once('close', resolve));
    if (code !== 0) throw new HarnessError(`perf script exited with code ${code}`);
    if (result.on.samples === 0 || result.off.samples === 0) return { unavailable: 'no samples of the proxies\' main threads in the measured runs' };
    return result;
  }
}

function kindOf(symbol: string, object: string): Kind {
  if (object.includes('kernel')) return 'kernel';
  if (symbol.startsWith('JS:')) return /\/dist\/(usage|store\/usage)\//.test(symbol) ? 'usage code' : 'other JavaScript';
  if (symbol.startsWith('Builtins_')) return 'V8 builtins';
  if (/Scaveng|MarkCompact|Marking|Sweep|Evacuat|RememberedSet|SlotSet|Heap::|GCTracer|ConcurrentMarking/.test(symbol)) return 'garbage collector';
  return 'other native';
}

/** Health lines: event-loop time per request on and off, by kind, and the largest differences by symbol. */
export function perfHealthLines(label: string, result: PerfResult): string[] {
  if ('unavailable' in result) return [`  perf ${label}: ${result.unavailable}`];
  const { on, off } = result;
  const perRequest = (side: PerfSide, samples: number): number => (samples * US_PER_SAMPLE) / side.requests;
  const total = (side: PerfSide): number => perRequest(side, side.samples);
  const kinds = KINDS.map((kind) => {
    const a = perRequest(on, on.byKind.get(kind) ?? 0);
    const b = perRequest(off, off.byKind.get(kind) ?? 0);
    return `${kind} ${a.toFixed(1)} / ${b.toFixed(1)}`;
  });
  const symbols = [...new Set([...on.bySymbol.keys(), ...off.bySymbol.keys()])]
    .map((symbol) => ({ symbol, delta: perRequest(on, on.bySymbol.get(symbol) ?? 0) - perRequest(off, off.bySymbol.get(symbol) ?? 0) }))
    .sort((a, b) => b.delta - a.delta);
  const show = (entries: typeof symbols): string => entries.map(({ symbol, delta }) => `${symbol.replace(/ file:\/\/\/.*\/dist\//, ' dist/').slice(0, 70)} ${delta >= 0 ? '+' : ''}${delta.toFixed(2)}`).join('; ');
  return [
    `  perf ${label} (event-loop core, ${PERF_HZ} samples/s, ${on.samples + off.samples} samples in ${on.requests + off.requests} requests): ` +
      `main thread ${total(on).toFixed(1)} µs/request on, ${total(off).toFixed(1)} off (${((total(on) / total(off) - 1) * 100).toFixed(1)}%)`,
    `    by kind, µs/request on / off: ${kinds.join(', ')}`,
    `    most added with tracking on (µs/request): ${show(symbols.slice(0, 8))}`,
    `    most reduced: ${show(symbols.slice(-4).reverse())}`,
  ];
}
