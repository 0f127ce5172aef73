import { describe, expect, it } from 'vitest';
import { createSessionToken, passwordFingerprint, verifySessionToken } from './session-token.js';

const SECRET = 'a'.repeat(64);
const HASH = 'scrypt$1024$8$1$salt$key';
const NOW = 1_800_000_000_000;

describe('session tokens', () => {
  it('verifies a token until it expires', () => {
    const token = createSessionToken(SECRET, HASH, NOW + 1000);
    expect(verifySessionToken(token, SECRET, HASH, NOW)).toEqual({ ok: true, expiresAt: NOW + 1000 });
    expect(verifySessionToken(token, SECRET, HASH, NOW + 1000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects a token whose expiry, fingerprint or signature was edited, or that another secret signed', () => {
    const token = createSessionToken(SECRET, HASH, NOW + 1000);
    const [version, expires, fingerprint, signature] = token.split('.') as [string, string, string, string];
    const flip = (text: string) => (text.startsWith('A') ? `B${text.slice(1)}` : `A${text.slice(1)}`);
    expect(verifySessionToken([version, String(NOW + 10_000_000), fingerprint, signature].join('.'), SECRET, HASH, NOW).ok).toBe(false);
    expect(verifySessionToken([version, expires, flip(fingerprint), signature].join('.'), SECRET, HASH, NOW).ok).toBe(false);
    expect(verifySessionToken([version, expires, fingerprint, flip(signature)].join('.'), SECRET, HASH, NOW)).toEqual({ ok: false, reason: 'signature' });
    expect(verifySessionToken(createSessionToken('b'.repeat(64), HASH, NOW + 1000), SECRET, HASH, NOW)).toEqual({ ok: false, reason: 'signature' });
    for (const junk of ['', 'v1', 'v1.1.2', 'v2.1.2.3', `${token}.extra`]) expect(verifySessionToken(junk, SECRET, HASH, NOW).ok).toBe(false);
  });

  it('ends every session when the password hash changes', () => {
    const token = createSessionToken(SECRET, HASH, NOW + 1000);
    expect(verifySessionToken(token, SECRET, `${HASH}2`, NOW)).toEqual({ ok: false, reason: 'password_changed' });
  });

  it('does not reveal the password hash', () => {
    const token = createSessionToken(SECRET, HASH, NOW + 1000);
    expect(token).not.toContain('salt');
    expect(passwordFingerprint(SECRET, HASH)).not.toBe(passwordFingerprint('b'.repeat(64), HASH));
  });
});
