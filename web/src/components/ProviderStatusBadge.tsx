import type { ProviderStatus } from '../api/types.js';
import { Badge, type BadgeTone } from './Badge.js';

const labels: Record<ProviderStatus, { text: string; tone: BadgeTone; hint: string }> = {
  active: { text: 'Active', tone: 'success', hint: 'Serving requests' },
  no_key: { text: 'No key', tone: 'warning', hint: 'Its API key environment variable is not set' },
  disabled: { text: 'Disabled', tone: 'neutral', hint: 'Turned off by an admin' },
  unreachable: { text: 'Unreachable', tone: 'danger', hint: 'The last check failed' },
};

export function ProviderStatusBadge({ status, detail }: { status: ProviderStatus; detail?: string | null }) {
  const label = labels[status];
  return <Badge tone={label.tone} title={detail ?? label.hint}>{label.text}</Badge>;
}
