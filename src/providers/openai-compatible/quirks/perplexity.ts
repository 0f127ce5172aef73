import type { OpenAICompatibleQuirks, OutgoingMessage } from './quirks-types.js';

/**
 * Perplexity: after the system messages, user and assistant must alternate and the last must be user (400
 * invalid_message otherwise). We merge system messages to the front, merge runs of one role, turn tool results
 * into user text and drop a leading assistant turn. (perplexityai/api-discussion#265; docs.perplexity.ai)
 */
export const perplexityQuirks: OpenAICompatibleQuirks = {
  maxTokensField: 'max_tokens',
  seedField: 'seed',
  streamOptions: true,
  requiredToolChoice: 'required',
  passthroughAllowed: new Set([
    'search_domain_filter',
    'search_recency_filter',
    'search_mode',
    'search_after_date_filter',
    'search_before_date_filter',
    'return_images',
    'return_related_questions',
    'web_search_options',
  ]),
  sendUser: false,
  embeddings: false,
  legacyCompletions: false,
  thinkTagsInContent: true,
  finishMessages: alternateRoles,
};

function textOf(message: OutgoingMessage): string {
  if (typeof message.content === 'string') return message.content;
  if (message.content === null) return '';
  return message.content
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

export function alternateRoles(messages: OutgoingMessage[]): OutgoingMessage[] {
  const system: string[] = [];
  const turns: Array<{ role: 'user' | 'assistant'; parts: string[]; content: OutgoingMessage['content'] }> = [];
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') {
      system.push(textOf(message));
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const text = message.role === 'tool' ? `Tool result: ${textOf(message)}` : textOf(message);
    const last = turns.at(-1);
    if (last && last.role === role) {
      last.parts.push(text);
      last.content = null;
    } else {
      turns.push({ role, parts: [text], content: message.role === 'tool' ? null : message.content });
    }
  }
  while (turns[0]?.role === 'assistant') turns.shift();
  const out: OutgoingMessage[] = [];
  if (system.length > 0) out.push({ role: 'system', content: system.join('\n\n') });
  for (const turn of turns) {
    // Keep the original parts (images) when nothing was merged into this turn.
    out.push({ role: turn.role, content: turn.content ?? turn.parts.join('\n\n') });
  }
  return out;
}
