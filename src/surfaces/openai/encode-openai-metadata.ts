import type { ResponseMetadata } from '../../core/chat-response.js';
import type { OpenAIMetadataFields } from './openai-wire.js';

/** Perplexity-style sources → top-level `citations` / `search_results`, present only when known. */
export function encodeOpenAIMetadata(metadata: ResponseMetadata | undefined): OpenAIMetadataFields {
  const out: OpenAIMetadataFields = {};
  if (metadata?.citations !== undefined) out.citations = metadata.citations;
  if (metadata?.searchResults !== undefined) out.search_results = metadata.searchResults;
  return out;
}
