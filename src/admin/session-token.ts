import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stateless session tokens, so that every instance sharing the database accepts them:
 * `v1.<expiresAt>.<fingerprint>.<signature>`, where the signature is HMAC-SHA256 (key: the store's session secret)
 * over the rest, and the fingerprint is a keyed digest of the current password hash: changing the password
 * invalidates every session issued before. (Logout clears the cookie; a copied token stays valid until it expires.)
 */
const VERSION = 'v1';

function hmac(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/** Identifies the password hash without revealing it (keyed, truncated). */
export function passwordFingerprint(secret: string, passwordHash: string): string {
  return hmac(secret, `password:${passwordHash}`).subarray(0, 12).toString('base64url');
}

export function createSessionToken(secret: string, passwordHash: string, expiresAt: number): string {
  const body = `${VERSION}.${expiresAt}.${passwordFingerprint(secret, passwordHash)}`;
  return `${body}.${hmac(secret, body).toString('base64url')}`;
}

export type SessionCheck = { ok: true; expiresAt: number } | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'password_changed' };

export function verifySessionToken(token: string, secret: string, passwordHash: string, now: number): SessionCheck {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
  const [, expiresText = '', fingerprint = '', signature = ''] = parts;
  const expected = hmac(secret, `${VERSION}.${expiresText}.${fingerprint}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  const expiresAt = Number(expiresText);
  if (!Number.isSafeInteger(expiresAt)) return { ok: false, reason: 'malformed' };
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  const current = Buffer.from(passwordFingerprint(secret, passwordHash));
  const claimed = Buffer.from(fingerprint);
  if (claimed.length !== current.length || !timingSafeEqual(claimed, current)) return { ok: false, reason: 'password_changed' };
  return { ok: true, expiresAt };
}
