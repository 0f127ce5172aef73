import type { PreparedUsage, Settings } from '../store/store.js';
import { addressesWithoutHost, setClientHosts } from '../store/usage/usage-batch.js';
import type { ReverseDns } from './reverse-dns.js';

/**
 * The recorder's `enrich` step: fills `clientHost` by reverse DNS when the setting is on, one lookup per distinct
 * address in the batch, all at once. Runs before a batch is written, so a slow resolver delays writes (by at most
 * the lookup timeout), never requests.
 */
export function resolveClientHosts(dns: ReverseDns, settings: () => Settings): (batch: PreparedUsage) => Promise<void> {
  return async (batch) => {
    if (!settings().dnsResolution) return;
    const addresses = addressesWithoutHost(batch);
    if (addresses.size === 0) return;
    const hosts = new Map<string, string | null>();
    await Promise.all([...addresses].map(async (ip) => hosts.set(ip, await dns.resolve(ip))));
    setClientHosts(batch, hosts);
  };
}
