/**
 * Failed password attempts per client IP, in fixed windows: after `maxFailures` failures within `windowMs` the IP
 * is refused until the window ends; a success resets it. Kept in memory, per instance: behind a load balancer
 * each instance counts on its own, and a restart forgets. That still caps guessing at a few attempts per minute.
 */
export type RateLimitOptions = { maxFailures: number; windowMs: number; now?: () => number; maxTrackedClients?: number };

type Entry = { failures: number; windowStart: number };

export class LoginRateLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly maxTracked: number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? (() => Date.now());
    this.maxTracked = options.maxTrackedClients ?? 10_000;
  }

  /** Seconds until this client may try again, or 0 when it may try now. */
  retryAfterSeconds(client: string): number {
    const entry = this.current(client);
    if (!entry || entry.failures < this.options.maxFailures) return 0;
    return Math.max(1, Math.ceil((entry.windowStart + this.options.windowMs - this.now()) / 1000));
  }

  recordFailure(client: string): void {
    const entry = this.current(client);
    if (entry) {
      entry.failures += 1;
      return;
    }
    if (this.entries.size >= this.maxTracked) this.prune();
    this.entries.set(client, { failures: 1, windowStart: this.now() });
  }

  recordSuccess(client: string): void {
    this.entries.delete(client);
  }

  private current(client: string): Entry | undefined {
    const entry = this.entries.get(client);
    if (entry && this.now() - entry.windowStart >= this.options.windowMs) {
      this.entries.delete(client);
      return undefined;
    }
    return entry;
  }

  /** Bounded memory under a flood of addresses: drop finished windows, then the oldest entries. */
  private prune(): void {
    const now = this.now();
    for (const [client, entry] of this.entries) {
      if (now - entry.windowStart >= this.options.windowMs) this.entries.delete(client);
    }
    for (const client of this.entries.keys()) {
      if (this.entries.size < this.maxTracked) break;
      this.entries.delete(client);
    }
  }
}
