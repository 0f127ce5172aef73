import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';

/** Cheap parameters keep these fast; the format and the checks are the same as with the defaults. */
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('admin password hashes', () => {
  it('encodes the algorithm, parameters, salt and key, and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse', FAST);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same', FAST), hashPassword('same', FAST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('uses OWASP-grade parameters by default', async () => {
    const hash = await hashPassword('x');
    expect(hash.startsWith('scrypt$32768$8$3$')).toBe(true);
    expect(await verifyPassword('x', hash)).toBe(true);
  });

  it('never verifies against a malformed or absurd hash', async () => {
    const good = await hashPassword('pw', FAST);
    const parts = good.split('$');
    const variants = [
      '',
      'plain-text-password',
      `bcrypt$${parts.slice(1).join('$')}`,
      parts.slice(0, 5).join('$'),
      ['scrypt', '1000', '8', '1', parts[4], parts[5]].join('$'), // N not a power of two
      ['scrypt', String(2 ** 30), '8', '1', parts[4], parts[5]].join('$'), // would need 128 GiB
      ['scrypt', '1024', '8', '1', '', parts[5]].join('$'),
    ];
    for (const variant of variants) expect(await verifyPassword('pw', variant), variant).toBe(false);
  });
});
