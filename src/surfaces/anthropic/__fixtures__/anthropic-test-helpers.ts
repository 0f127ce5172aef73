export { collect, replay } from '../../../../test/support/async-iterables.js';
export { testModelSpec as modelSpec } from '../../../../test/support/test-model-spec.js';

/** Never an Anthropic upstream: features the canonical model cannot hold are rejected. */
export const translated = (): boolean => false;
/** Always an Anthropic upstream: such features are left to the native body. */
export const native = (): boolean => true;

export type ParsedSseEvent = { event: string; data: unknown };

/**
 * Collects SSE frames, checks each is exactly one `event:` line plus one single-line `data:` line whose JSON `type`
 * repeats the event name, and parses them.
 */
export async function parseAnthropicSse(frames: AsyncIterable<string>): Promise<ParsedSseEvent[]> {
  const out: ParsedSseEvent[] = [];
  for await (const frame of frames) {
    const match = /^event: ([a-z_]+)\ndata: ([^\n]*)\n\n$/.exec(frame);
    if (!match?.[1] || !match[2]) throw new Error(`not one named single-line SSE event: ${JSON.stringify(frame)}`);
    const data = JSON.parse(match[2]) as { type?: unknown };
    if (data.type !== match[1]) throw new Error(`event name ${match[1]} differs from data.type ${String(data.type)}`);
    out.push({ event: match[1], data });
  }
  return out;
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
