export type UnifiedFinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

/** A small unified set plus the provider's own string, kept for logs and records. */
export type FinishReason = { unified: UnifiedFinishReason; raw?: string };
