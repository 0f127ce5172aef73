import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './login-rate-limiter.js';

function limiter(now: { t: number }, maxTrackedClients?: number) {
  return new LoginRateLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now.t, ...(maxTrackedClients ? { maxTrackedClients } : {}) });
}

describe('LoginRateLimiter', () => {
  it('refuses a client after the allowed failures until the window ends', () => {
    const clock = { t: 1_000_000 };
    const limit = limiter(clock);
    for (let i = 0; i < 3; i++) {
      expect(limit.retryAfterSeconds('10.0.0.1')).toBe(0);
      limit.recordFailure('10.0.0.1');
    }
    expect(limit.retryAfterSeconds('10.0.0.1')).toBe(60);
    expect(limit.retryAfterSeconds('10.0.0.2')).toBe(0);
    clock.t += 59_001;
    expect(limit.retryAfterSeconds('10.0.0.1')).toBe(1);
    clock.t += 999;
    expect(limit.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('forgets a client on success', () => {
    const clock = { t: 0 };
    const limit = limiter(clock);
    limit.recordFailure('a');
    limit.recordFailure('a');
    limit.recordSuccess('a');
    limit.recordFailure('a');
    limit.recordFailure('a');
    expect(limit.retryAfterSeconds('a')).toBe(0);
  });

  it('keeps its memory bounded under a flood of addresses', () => {
    const clock = { t: 0 };
    const limit = limiter(clock, 100);
    for (let i = 0; i < 1000; i++) limit.recordFailure(`10.0.${i >> 8}.${i & 255}`);
    expect((limit as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(100);
  });
});
