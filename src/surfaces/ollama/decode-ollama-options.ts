import type { ChatRequest } from '../../core/chat-request.js';
import type { OllamaOptions } from './ollama-request-schemas.js';

export type DecodedOllamaOptions = {
  params: Pick<
    ChatRequest,
    'temperature' | 'topP' | 'topK' | 'maxTokens' | 'stop' | 'seed' | 'presencePenalty' | 'frequencyPenalty'
  >;
  /** Option keys a hosted model cannot honour (num_ctx, runner options…), for one log line. */
  ignored: string[];
};

const MAPPED = new Set(['temperature', 'top_p', 'top_k', 'num_predict', 'stop', 'seed', 'presence_penalty', 'frequency_penalty']);

/**
 * Ollama `options` → canonical sampling parameters. `num_predict` -1 (unlimited) and -2 (fill the context) leave
 * the limit unset, and so does `seed` -1 (random). A single `stop` string is accepted leniently.
 */
export function decodeOllamaOptions(options: OllamaOptions | null | undefined): DecodedOllamaOptions {
  if (!options) return { params: {}, ignored: [] };
  const params: DecodedOllamaOptions['params'] = {};
  if (options.temperature != null) params.temperature = options.temperature;
  if (options.top_p != null) params.topP = options.top_p;
  if (options.top_k != null) params.topK = options.top_k;
  if (options.num_predict != null && options.num_predict > 0) params.maxTokens = options.num_predict;
  if (options.stop != null) {
    const stop = (typeof options.stop === 'string' ? [options.stop] : options.stop).filter((s) => s !== '');
    if (stop.length > 0) params.stop = stop;
  }
  if (options.seed != null && options.seed >= 0) params.seed = options.seed;
  if (options.presence_penalty != null) params.presencePenalty = options.presence_penalty;
  if (options.frequency_penalty != null) params.frequencyPenalty = options.frequency_penalty;
  const ignored = Object.keys(options).filter((key) => !MAPPED.has(key));
  return { params, ignored };
}
