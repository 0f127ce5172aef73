import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { createTestDatabase, type TestDatabase } from '../../store/testing/test-databases.js';
import { buildAdminApp } from '../build-admin-app.js';
import { ensureAdminPassword } from '../ensure-admin-password.js';
import { hashPassword } from '../password-hash.js';
import { FakeProxyControl } from './fake-proxy-control.js';

export const CSRF = { 'x-switchboard-csrf': '1' } as const;

export type AdminHarness = {
  app: FastifyInstance;
  store: Store;
  control: FakeProxyControl;
  database: TestDatabase;
  /** Every log line the admin app and ensureAdminPassword wrote. */
  logs: string[];
  /** What ensureAdminPassword printed (the banner), if anything. */
  printed: string[];
  /** The working admin password. */
  password: string;
  /** Logs in and returns the `name=value` cookie header. */
  login(password?: string): Promise<string>;
  close(): Promise<void>;
};

export type HarnessOptions = {
  passwordFromEnv?: string;
  sessionTtlMs?: number;
  webRoot?: string;
  /** Reuse a database (a "restart"). */
  database?: TestDatabase;
};

/**
 * Cheap scrypt parameters for a pre-stored ADMIN_PASSWORD hash: ensureAdminPassword sees that it matches and keeps
 * it, and every login then verifies in a millisecond instead of a tenth of a second (the format is the same).
 */
const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

export function memoryLogger(lines: string[]) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return pino({ level: 'info' }, stream);
}

/** `switchboard_session=…` from a response's Set-Cookie, ready for a Cookie header. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'switchboard_session');
  if (!cookie) throw new Error(`no session cookie (status ${response.statusCode}: ${response.body})`);
  return `switchboard_session=${cookie.value}`;
}

/** A real SQLite store in a temp folder, a fake proxy control, and the admin app on top (inject only). */
export async function startAdminHarness(options: HarnessOptions = {}): Promise<AdminHarness> {
  const database = options.database ?? (await createTestDatabase('sqlite'));
  const store = await openStore(database.options);
  if (options.passwordFromEnv && !options.database) await store.setPasswordHash(await hashPassword(options.passwordFromEnv, FAST_SCRYPT));
  const logs: string[] = [];
  const printed: string[] = [];
  const log = memoryLogger(logs);
  const generated = await ensureAdminPassword(store, options.passwordFromEnv, log, { print: (banner) => printed.push(banner) });
  const control = new FakeProxyControl(store);
  await control.reload();
  control.reloads = 0;
  const app = await buildAdminApp({
    store,
    control,
    log,
    passwordFromEnv: options.passwordFromEnv,
    ...(options.sessionTtlMs !== undefined ? { sessionTtlMs: options.sessionTtlMs } : {}),
    ...(options.webRoot !== undefined ? { webRoot: options.webRoot } : {}),
  });
  await app.ready();
  const password = generated ?? options.passwordFromEnv ?? '';
  return {
    app,
    store,
    control,
    database,
    logs,
    printed,
    password,
    async login(candidate = password) {
      const response = await app.inject({ method: 'POST', url: '/api/login', headers: CSRF, payload: { password: candidate } });
      return sessionCookieOf(response);
    },
    async close() {
      await app.close();
      await store.close();
      if (!options.database) await database.drop();
    },
  };
}
