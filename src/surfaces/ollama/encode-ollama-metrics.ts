import type { Usage } from '../../core/usage.js';
import type { OllamaMetrics } from './ollama-wire.js';

/** Monotonic nanosecond readings taken while serving one request. */
export type OllamaTiming = {
  startNs: bigint;
  /** First delta from the upstream; unknown for non-streamed answers (then eval covers the whole call). */
  firstDeltaNs?: bigint;
  endNs: bigint;
};

function atLeastOne(ns: bigint): number {
  return ns > 0n ? Number(ns) : 1;
}

/**
 * Ollama metrics from upstream usage and wall-clock time. prompt_eval = request start → first delta, eval = first
 * delta → finish (both at least 1 ns, since clients divide by eval_duration). A proxy loads nothing, so
 * load_duration is 0. Counts are omitted when the upstream did not report them.
 */
export function encodeOllamaMetrics(usage: Usage, timing: OllamaTiming): OllamaMetrics {
  const first = timing.firstDeltaNs ?? timing.startNs;
  const promptEval = atLeastOne(first - timing.startNs);
  const evalDuration = atLeastOne(timing.endNs - first);
  const total = Math.max(Number(timing.endNs - timing.startNs), promptEval + evalDuration);
  return {
    total_duration: total,
    load_duration: 0,
    ...(usage.inputTokens === undefined ? {} : { prompt_eval_count: usage.inputTokens }),
    prompt_eval_duration: promptEval,
    ...(usage.outputTokens === undefined ? {} : { eval_count: usage.outputTokens }),
    eval_duration: evalDuration,
  };
}
