import type { Settings, UsageRecordInput } from '../store/store.js';
import type { ReverseDns } from './reverse-dns.js';

/**
 * The recorder's `enrich` step: fills `clientHost` by reverse DNS when the setting is on, one lookup per distinct
 * address in the batch, all at once. Runs before a batch is written, so a slow resolver delays writes (by at most
 * the lookup timeout), never requests.
 */
export function resolveClientHosts(dns: ReverseDns, settings: () => Settings): (batch: UsageRecordInput[]) => Promise<void> {
  return async (batch) => {
    if (!settings().dnsResolution) return;
    const addresses = new Set<string>();
    for (const record of batch) if (record.clientHost === null && record.clientIp !== '') addresses.add(record.clientIp);
    if (addresses.size === 0) return;
    const hosts = new Map<string, string | null>();
    await Promise.all([...addresses].map(async (ip) => hosts.set(ip, await dns.resolve(ip))));
    for (const record of batch) if (record.clientHost === null) record.clientHost = hosts.get(record.clientIp) ?? null;
  };
}
