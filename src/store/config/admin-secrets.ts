import { randomBytes } from 'node:crypto';
import type { Db } from '../database.js';

async function readSecret(db: Db, name: string): Promise<string | null> {
  const row = await db.selectFrom('admin_secrets').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value ?? null;
}

export function getPasswordHash(db: Db): Promise<string | null> {
  return readSecret(db, 'password_hash');
}

export async function setPasswordHash(db: Db, hash: string): Promise<void> {
  await db.insertInto('admin_secrets').values({ name: 'password_hash', value: hash })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ value: hash }))
    .execute();
}

/**
 * 32 random bytes as hex, created on first use. Insert-if-absent then read back: when two instances start at
 * once, one insert wins and both return the winner's secret, so a cookie signed by one is valid on the other.
 */
export async function sessionSecret(db: Db): Promise<string> {
  const existing = await readSecret(db, 'session_secret');
  if (existing !== null) return existing;
  await db.insertInto('admin_secrets').values({ name: 'session_secret', value: randomBytes(32).toString('hex') })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const created = await readSecret(db, 'session_secret');
  if (created === null) throw new Error('session secret missing right after insert');
  return created;
}
