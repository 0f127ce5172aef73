import type { OllamaClock } from '../ollama-clock.js';

/** A clock that moves 1 ms (1e6 ns) per reading and always says 2026-08-01T10:00:00.123Z. */
export function steppingClock(stepNs = 1_000_000n): OllamaClock {
  let ns = 0n;
  return {
    nowNs: () => (ns += stepNs),
    now: () => new Date('2026-08-01T10:00:00.123Z'),
  };
}

export { collect, replay } from '../../../../test/support/async-iterables.js';
export { testModelSpec as chatSpec } from '../../../../test/support/test-model-spec.js';

/** Collects NDJSON frames, checks each is exactly one line, and parses them. */
export async function parseLines(frames: AsyncIterable<string>): Promise<unknown[]> {
  const lines: unknown[] = [];
  for await (const frame of frames) {
    if (!frame.endsWith('\n') || frame.indexOf('\n') !== frame.length - 1) throw new Error(`not one NDJSON line: ${frame}`);
    lines.push(JSON.parse(frame));
  }
  return lines;
}
