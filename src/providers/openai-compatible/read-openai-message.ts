import type { MistralContentChunk, OpenAIWireMessage, OpenAIWireToolCall } from './openai-wire.js';

/** Splits a message or delta's content into text and reasoning, whatever shape the vendor used. */
export function readContent(message: OpenAIWireMessage): { text: string; reasoning: string } {
  let text = '';
  let reasoning = message.reasoning_content ?? message.reasoning ?? '';
  const content = message.content;
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) {
    for (const chunk of content as MistralContentChunk[]) {
      if (chunk.type === 'text' && typeof chunk.text === 'string') text += chunk.text;
      else if (chunk.type === 'thinking' && Array.isArray(chunk.thinking)) {
        for (const part of chunk.thinking as Array<{ text?: unknown }>) {
          if (typeof part.text === 'string') reasoning += part.text;
        }
      }
    }
  }
  return { text, reasoning };
}

/** Mistral may send arguments as an object; OpenAI clients expect JSON text. */
export function argumentsText(call: OpenAIWireToolCall): string {
  const args = call.function?.arguments;
  if (args === undefined || args === null) return '';
  return typeof args === 'string' ? args : JSON.stringify(args);
}
