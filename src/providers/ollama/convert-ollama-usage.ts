import type { Usage } from '../../core/usage.js';
import type { OllamaWireMetrics } from './ollama-wire.js';

/** `prompt_eval_count` → input, `eval_count` → output (thinking included). Absent counts stay unknown, never 0. */
export function convertOllamaUsage(metrics: OllamaWireMetrics): Usage {
  const usage: Usage = {};
  if (typeof metrics.prompt_eval_count === 'number') usage.inputTokens = metrics.prompt_eval_count;
  if (typeof metrics.eval_count === 'number') usage.outputTokens = metrics.eval_count;
  return usage;
}
