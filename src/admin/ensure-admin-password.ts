import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store/store.js';
import { hashPassword, verifyPassword } from './password-hash.js';

/** 15 random bytes = 20 base64url characters (120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/** The first-start banner: the only place a generated password ever appears. */
export function formatPasswordBanner(password: string): string {
  const line = '='.repeat(72);
  return [
    '',
    line,
    '  Switchboard admin password (generated at first start, shown only once):',
    '',
    `      ${password}`,
    '',
    '  Log in to the admin UI with it and change it under Settings,',
    '  or set ADMIN_PASSWORD (or ADMIN_PASSWORD_FILE) to choose your own.',
    line,
    '',
  ].join('\n');
}

export type EnsurePasswordOptions = {
  /** Where the banner goes; stdout by default (never the logger, whose output may be shipped elsewhere). */
  print?: (banner: string) => void;
};

/**
 * Makes sure an admin password exists, at start-up:
 * - ADMIN_PASSWORD given: it is the password; its hash is stored when the stored one does not match it.
 * - otherwise, a stored hash: nothing to do.
 * - otherwise (first start): a random password is generated, its hash stored, and it is printed once in a banner.
 * Returns the generated password (null when none was generated). The log gets the event, never the password.
 */
export async function ensureAdminPassword(
  store: Store,
  passwordFromEnv: string | undefined,
  log: FastifyBaseLogger,
  options: EnsurePasswordOptions = {},
): Promise<string | null> {
  const stored = await store.getPasswordHash();
  if (passwordFromEnv !== undefined && passwordFromEnv !== '') {
    if (passwordFromEnv.length < 8) log.warn('ADMIN_PASSWORD is shorter than 8 characters: choose a longer one');
    if (stored === null || !(await verifyPassword(passwordFromEnv, stored))) {
      await store.setPasswordHash(await hashPassword(passwordFromEnv));
      log.info('admin password set from ADMIN_PASSWORD');
    }
    return null;
  }
  if (passwordFromEnv === '') log.warn('ADMIN_PASSWORD is empty: ignored');
  if (stored !== null) return null;

  const password = generatePassword();
  const hash = await hashPassword(password);
  await store.setPasswordHash(hash);
  // Several instances starting together on one fresh PostgreSQL database: the last write wins, and only the
  // instance whose password was kept prints it. (A tiny window remains; ADMIN_PASSWORD avoids it entirely.)
  if ((await store.getPasswordHash()) !== hash) {
    log.info('another instance set the admin password first: see its banner');
    return null;
  }
  (options.print ?? ((banner: string) => process.stdout.write(banner)))(formatPasswordBanner(password));
  log.warn('no admin password was set: generated one and printed it once above (set ADMIN_PASSWORD to choose your own)');
  return password;
}
