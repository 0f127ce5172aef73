import type { FastifyBaseLogger } from 'fastify';
import type { Settings, Store } from '../store/store.js';

const DAY_MS = 86_400_000;
const PURGE_BATCH = 5_000;

export type RetentionJob = { runNow(): Promise<number>; stop(): void };

/**
 * Purges usage older than the retention setting: shortly after start, then every `intervalMs`. Deletes run in
 * batches inside the store so a large purge never holds a long lock. With several instances each one purges; the
 * deletes are idempotent.
 */
export function scheduleRetention(store: Store, settings: () => Settings, log: FastifyBaseLogger, intervalMs = 3_600_000): RetentionJob {
  let running: Promise<number> | undefined;
  const runNow = (): Promise<number> => {
    const days = settings().retentionDays;
    if (days <= 0) return Promise.resolve(0);
    running ??= store
      .purgeUsage(Date.now() - days * DAY_MS, PURGE_BATCH)
      .then((deleted) => {
        if (deleted > 0) log.info({ deleted, retentionDays: days }, 'purged old usage records');
        return deleted;
      })
      .catch((error: unknown) => {
        log.warn({ err: error instanceof Error ? error.message : String(error) }, 'usage purge failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const first = setTimeout(() => void runNow(), 60_000);
  const timer = setInterval(() => void runNow(), intervalMs);
  first.unref();
  timer.unref();
  return {
    runNow,
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
