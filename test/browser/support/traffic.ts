import type OpenAI from 'openai';
import type { UiProxy } from './ui-proxy.js';

export type TaggedCall = { tags: string[] | undefined; model: string; promptTokens: number; completionTokens: number; stream?: boolean };

/** Sends each call through the proxy with the openai SDK, the fake answering with exactly those token counts. */
export async function sendTraffic(ui: UiProxy, calls: readonly TaggedCall[]): Promise<void> {
  for (const call of calls) {
    ui.openai.reply({ content: 'ok', usage: { prompt_tokens: call.promptTokens, completion_tokens: call.completionTokens } });
    const client: OpenAI = ui.client(call.tags);
    const messages = [{ role: 'user' as const, content: 'Hello' }];
    if (call.stream) {
      const stream = await client.chat.completions.create({ model: call.model, messages, stream: true, stream_options: { include_usage: true } });
      for await (const chunk of stream) void chunk;
    } else {
      await client.chat.completions.create({ model: call.model, messages });
    }
  }
}

/** Totals of calls for one tag (undefined = untagged), to compare with what the UI shows. */
export function totalsOf(calls: readonly TaggedCall[], tag: string | undefined): { requests: number; input: number; output: number } {
  const mine = calls.filter((call) => (tag === undefined ? call.tags === undefined : call.tags?.includes(tag)));
  return {
    requests: mine.length,
    input: mine.reduce((sum, call) => sum + call.promptTokens, 0),
    output: mine.reduce((sum, call) => sum + call.completionTokens, 0),
  };
}
