
export { collect, replay } from '../../../../test/support/async-iterables.js';
export { testModelSpec as modelSpec } from '../../../../test/support/test-model-spec.js';

/** Collects SSE frames, checks each is exactly one single-line `data:` event, and parses them ([DONE] stays a string). */
export async function parseSseFrames(frames: AsyncIterable<string>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const frame of frames) {
    const match = /^data: ([^\n]*)\n\n$/.exec(frame);
    if (!match?.[1]) throw new Error(`not one single-line SSE data frame: ${JSON.stringify(frame)}`);
    out.push(match[1] === '[DONE]' ? '[DONE]' : JSON.parse(match[1]));
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
