/** The capabilities the API accepts on custom models and overrides (same list as its schema). */
export const CAPABILITIES = ['completion', 'tools', 'vision', 'thinking', 'embedding', 'insert'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const CAPABILITY_LABEL: Record<string, string> = {
  completion: 'Chat',
  tools: 'Tools',
  vision: 'Vision',
  thinking: 'Reasoning',
  embedding: 'Embedding',
  insert: 'Insert',
};

export function capabilityLabel(capability: string): string {
  return CAPABILITY_LABEL[capability] ?? capability;
}
