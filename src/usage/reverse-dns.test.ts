import { describe, expect, it } from 'vitest';
import type { Settings, UsageRecordInput } from '../store/store.js';
import { DEFAULT_SETTINGS } from '../store/store-types.js';
import { prepareUsageBatch, usageRecordsOf } from '../store/usage/usage-batch.js';
import { resolveClientHosts } from './resolve-client-hosts.js';
import { ReverseDns, type ReverseLookup } from './reverse-dns.js';

/** A scripted resolver that counts its queries; `never` addresses hang forever, as a dead DNS server does. */
function fakeLookup(answers: Record<string, string[] | 'error' | 'never'>): ReverseLookup & { queries: string[] } {
  const queries: string[] = [];
  const lookup = async (ip: string): Promise<string[]> => {
    queries.push(ip);
    const answer = answers[ip];
    if (answer === 'never') return new Promise(() => {});
    if (answer === 'error' || answer === undefined) throw Object.assign(new Error(`getHostByAddr ENOTFOUND ${ip}`), { code: 'ENOTFOUND' });
    return answer;
  };
  return Object.assign(lookup, { queries });
}

describe('ReverseDns', () => {
  it('resolves, caches found names for the TTL, then asks again', async () => {
    let now = 1000;
    const lookup = fakeLookup({ '192.168.1.10': ['nas.lan', 'nas'] });
    const dns = new ReverseDns({ lookup, ttlMs: 60_000, now: () => now });
    expect(await dns.resolve('192.168.1.10')).toBe('nas.lan');
    expect(await dns.resolve('192.168.1.10')).toBe('nas.lan');
    expect(lookup.queries).toEqual(['192.168.1.10']);
    now += 60_001;
    expect(await dns.resolve('192.168.1.10')).toBe('nas.lan');
    expect(lookup.queries).toHaveLength(2);
  });

  it('caches "no name" too, for the negative TTL', async () => {
    let now = 0;
    const lookup = fakeLookup({});
    const dns = new ReverseDns({ lookup, negativeTtlMs: 1000, now: () => now });
    expect(await dns.resolve('203.0.113.1')).toBeNull();
    expect(await dns.resolve('203.0.113.1')).toBeNull();
    expect(lookup.queries).toHaveLength(1);
    now += 1001;
    await dns.resolve('203.0.113.1');
    expect(lookup.queries).toHaveLength(2);
  });

  it('gives up after the timeout, answers null and remembers it', async () => {
    const lookup = fakeLookup({ '203.0.113.2': 'never' });
    const dns = new ReverseDns({ lookup, timeoutMs: 20 });
    expect(await dns.resolve('203.0.113.2')).toBeNull();
    expect(dns.cached('203.0.113.2')).toBeNull();
  });

  it('shares one query between concurrent lookups of an address', async () => {
    const lookup = fakeLookup({ '10.0.0.1': ['a.lan'] });
    const dns = new ReverseDns({ lookup });
    const answers = await Promise.all([dns.resolve('10.0.0.1'), dns.resolve('10.0.0.1'), dns.resolve('10.0.0.1')]);
    expect(answers).toEqual(['a.lan', 'a.lan', 'a.lan']);
    expect(lookup.queries).toEqual(['10.0.0.1']);
  });

  it('keeps at most maxEntries addresses, dropping the oldest', async () => {
    const lookup = fakeLookup({ '10.0.0.1': ['a'], '10.0.0.2': ['b'], '10.0.0.3': ['c'] });
    const dns = new ReverseDns({ lookup, maxEntries: 2 });
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) await dns.resolve(ip);
    expect(dns.cached('10.0.0.1')).toBeUndefined();
    expect(dns.cached('10.0.0.2')).toBe('b');
    expect(dns.cached('10.0.0.3')).toBe('c');
  });
});

describe('resolveClientHosts', () => {
  function record(clientIp: string): UsageRecordInput {
    return {
      time: 0, surface: 'openai', endpoint: '/v1/chat/completions', requestedModel: 'm', provider: 'p', upstreamModel: 'm',
      tags: ['default'], clientIp, clientHost: null, userAgent: null, stream: false, status: 200, errorKind: null,
      inputTokens: null, outputTokens: null, reasoningTokens: null, cacheReadTokens: null, cacheWriteTokens: null,
      latencyMs: 1, ttftMs: null, costMicros: null, costSource: 'none',
    };
  }

  it('fills hostnames once per distinct address when the setting is on', async () => {
    const lookup = fakeLookup({ '10.0.0.1': ['a.lan'] });
    const settings: Settings = { ...DEFAULT_SETTINGS, dnsResolution: true };
    const batch = prepareUsageBatch([record('10.0.0.1'), record('10.0.0.2'), record('10.0.0.1'), { ...record('10.0.0.3'), clientHost: 'known.lan' }]);
    await resolveClientHosts(new ReverseDns({ lookup }), () => settings)(batch);
    expect(usageRecordsOf(batch).map((entry) => entry.clientHost)).toEqual(['a.lan', null, 'a.lan', 'known.lan']);
    expect(lookup.queries.sort()).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('does nothing when the setting is off', async () => {
    const lookup = fakeLookup({ '10.0.0.1': ['a.lan'] });
    const batch = prepareUsageBatch([record('10.0.0.1')]);
    await resolveClientHosts(new ReverseDns({ lookup }), () => DEFAULT_SETTINGS)(batch);
    expect(usageRecordsOf(batch)[0]!.clientHost).toBeNull();
    expect(lookup.queries).toEqual([]);
  });
});
