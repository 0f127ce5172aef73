import { Resolver } from 'node:dns/promises';

/** The lookup itself; the real one is node:dns `reverse` (PTR records), tests pass a fake. */
export type ReverseLookup = (ip: string) => Promise<string[]>;

export type ReverseDnsOptions = {
  lookup?: ReverseLookup;
  /** Longest wait for one lookup; a slower answer counts as "no name" (and is cached as such). */
  timeoutMs?: number;
  /** How long a found name is reused. */
  ttlMs?: number;
  /** How long "no name" (NXDOMAIN, timeout, error) is reused, so a dead resolver is not asked again per request. */
  negativeTtlMs?: number;
  /** Addresses remembered at most; the oldest entry goes first. */
  maxEntries?: number;
  now?: () => number;
};

type CacheEntry = { host: string | null; expiresAt: number };

/** A c-ares resolver with its own timeout and a single try, so a lookup cannot hang for the OS default. */
function systemLookup(timeoutMs: number): ReverseLookup {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  return (ip) => resolver.reverse(ip);
}

/**
 * Client IP → hostname, for usage records, never on the request path (the recorder resolves a batch before writing
 * it). Bounded in time (each lookup), in memory (entries) and in load: answers, including "no name", are cached with
 * a TTL, and concurrent lookups of one address share a single query.
 */
export class ReverseDns {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<string | null>>();
  private readonly lookup: ReverseLookup;
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: ReverseDnsOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.lookup = options.lookup ?? systemLookup(this.timeoutMs);
    this.ttlMs = options.ttlMs ?? 60 * 60_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The cached answer, or undefined when the address must be looked up (never cached or expired). */
  cached(ip: string): string | null | undefined {
    const entry = this.cache.get(ip);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.now()) return entry.host;
    this.cache.delete(ip);
    return undefined;
  }

  /** The hostname of `ip`, or null; resolves within about `timeoutMs` and never rejects. */
  resolve(ip: string): Promise<string | null> {
    const hit = this.cached(ip);
    if (hit !== undefined) return Promise.resolve(hit);
    const pending = this.inFlight.get(ip);
    if (pending !== undefined) return pending;
    const lookup = this.lookUp(ip).finally(() => this.inFlight.delete(ip));
    this.inFlight.set(ip, lookup);
    return lookup;
  }

  private async lookUp(ip: string): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(resolve, this.timeoutMs, null);
      timer.unref();
    });
    let host: string | null;
    try {
      const names = await Promise.race([this.lookup(ip), timeout]);
      host = names?.[0] ?? null;
    } catch {
      host = null; // ENOTFOUND and friends: no name, as far as records go
    } finally {
      clearTimeout(timer);
    }
    this.remember(ip, host);
    return host;
  }

  private remember(ip: string, host: string | null): void {
    this.cache.delete(ip); // re-inserted at the end: Map order is insertion order, so the first key is the oldest
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(ip, { host, expiresAt: this.now() + (host === null ? this.negativeTtlMs : this.ttlMs) });
  }
}
