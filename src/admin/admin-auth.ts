import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import { AdminError } from './admin-error.js';
import type { LoginRateLimiter } from './login-rate-limiter.js';
import { verifyPassword } from './password-hash.js';
import { createSessionToken, verifySessionToken } from './session-token.js';

export const SESSION_COOKIE = 'switchboard_session';

/** HTTPS as the browser saw it: directly, or through a TLS-terminating proxy that says so. */
function cameOverHttps(request: FastifyRequest): boolean {
  if (request.protocol === 'https') return true;
  // Trusting X-Forwarded-Proto here is safe: it can only add the Secure flag, which hurts nobody but a liar.
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

/**
 * Admin authentication: password checks (rate-limited per client IP) and stateless signed session cookies.
 * The password hash is read from the store on every check, so a change made on any instance applies at once.
 */
export class AdminAuth {
  private secret: Promise<string> | undefined;

  constructor(
    private readonly store: Store,
    private readonly limiter: LoginRateLimiter,
    readonly sessionTtlMs: number,
  ) {}

  /** The store creates the secret once and never changes it, so one read per process is enough. */
  private sessionSecret(): Promise<string> {
    this.secret ??= this.store.sessionSecret().catch((error: unknown) => {
      this.secret = undefined;
      throw error;
    });
    return this.secret;
  }

  /** The session the request's cookie proves, or null (missing, tampered, expired, or issued before a password change). */
  async sessionOf(request: FastifyRequest): Promise<{ expiresAt: number } | null> {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return null;
    const [secret, hash] = await Promise.all([this.sessionSecret(), this.store.getPasswordHash()]);
    if (hash === null) return null;
    const check = verifySessionToken(token, secret, hash, Date.now());
    return check.ok ? { expiresAt: check.expiresAt } : null;
  }

  /**
   * Checks a password from `client`. Refuses with 429 while the client is over its failure budget. The attempt
   * counts as a failure before the (slow) check runs, so parallel guesses cannot slip past the limit; a success
   * clears the client's count.
   */
  async checkPassword(password: string, client: string): Promise<boolean> {
    const wait = this.limiter.retryAfterSeconds(client);
    if (wait > 0) {
      throw new AdminError('rate_limited', `too many failed password attempts: try again in ${wait} s`, { retryAfterSeconds: wait });
    }
    this.limiter.recordFailure(client);
    const hash = await this.store.getPasswordHash();
    const ok = hash !== null && (await verifyPassword(password, hash));
    if (ok) this.limiter.recordSuccess(client);
    return ok;
  }

  /** Sets a fresh session cookie signed for the current password hash; returns its expiry. */
  async startSession(request: FastifyRequest, reply: FastifyReply): Promise<number> {
    const [secret, hash] = await Promise.all([this.sessionSecret(), this.store.getPasswordHash()]);
    if (hash === null) throw new AdminError('internal', 'no admin password is set');
    const expiresAt = Date.now() + this.sessionTtlMs;
    reply.setCookie(SESSION_COOKIE, createSessionToken(secret, hash, expiresAt), {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge: Math.ceil(this.sessionTtlMs / 1000),
      secure: cameOverHttps(request),
    });
    return expiresAt;
  }

  endSession(request: FastifyRequest, reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: cameOverHttps(request) });
  }
}
