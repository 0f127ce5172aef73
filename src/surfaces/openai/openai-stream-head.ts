import { randomId } from '../../util/ids.js';

/** The fields every chunk of one stream repeats: the same `id` and `created` on each (openai-api.md §4). */
export type OpenAIStreamHead = { id: string; created: number; model: string };

export type OpenAIStreamOptions = {
  /** The client's model string, used when the upstream sent no `start` event. */
  model: string;
  /** Send `usage: null` on every chunk and a usage chunk (`choices: []`) before [DONE]. */
  includeUsage: boolean;
  /** Unix seconds now; a test seam. */
  now?: () => number;
};

export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A head for a stream whose upstream never said its id: a made-up id with the given prefix, created now. */
export function makeOpenAIStreamHead(idPrefix: string, options: OpenAIStreamOptions): OpenAIStreamHead {
  return { id: randomId(idPrefix), created: (options.now ?? unixSeconds)(), model: options.model };
}

export const SSE_DONE = 'data: [DONE]\n\n';
