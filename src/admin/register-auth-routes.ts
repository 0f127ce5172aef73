import type { SessionInfo } from './admin-api-types.js';
import type { AdminContext } from './admin-context.js';
import { AdminError } from './admin-error.js';
import { loginRequestSchema, passwordChangeRequestSchema } from './admin-request-schemas.js';
import { sessionInfoSchema } from './admin-response-schemas.js';
import { hashPassword } from './password-hash.js';

/** Login, logout, session and password change. */
export function registerAuthRoutes({ router, auth, deps }: AdminContext): void {
  router.add({
    method: 'POST',
    url: '/api/login',
    operationId: 'login',
    summary: 'Log in with the admin password (sets the session cookie)',
    tag: 'auth',
    auth: 'public',
    body: loginRequestSchema,
    response: { status: 204, description: 'Logged in; the `switchboard_session` cookie is set' },
    errors: [401, 429],
    handler: async ({ body, request, reply }) => {
      if (!(await auth.checkPassword(body.password, request.ip))) throw new AdminError('unauthorized', 'wrong password');
      await auth.startSession(request, reply);
      return undefined;
    },
  });

  router.add({
    method: 'POST',
    url: '/api/logout',
    operationId: 'logout',
    summary: 'Log out (clears the session cookie)',
    tag: 'auth',
    auth: 'public',
    response: { status: 204, description: 'Logged out' },
    handler: async ({ request, reply }) => {
      auth.endSession(request, reply);
      return undefined;
    },
  });

  router.add({
    method: 'GET',
    url: '/api/session',
    operationId: 'getSession',
    summary: 'The current session (401 when not logged in)',
    tag: 'auth',
    auth: 'session',
    response: { status: 200, description: 'Logged in', schema: sessionInfoSchema },
    handler: async ({ request }): Promise<SessionInfo> => ({ authenticated: true, expiresAt: request.adminSession?.expiresAt ?? 0 }),
  });

  router.add({
    method: 'POST',
    url: '/api/password',
    operationId: 'changePassword',
    summary: 'Change the admin password (ends every other session)',
    tag: 'auth',
    auth: 'session',
    body: passwordChangeRequestSchema,
    response: { status: 204, description: 'Changed; a new session cookie is set for this browser' },
    errors: [403, 409, 429],
    handler: async ({ body, request, reply }) => {
      if (deps.passwordFromEnv !== undefined && deps.passwordFromEnv !== '') {
        throw new AdminError(
          'password_from_env',
          'the admin password is set by ADMIN_PASSWORD (or ADMIN_PASSWORD_FILE), which would replace a change made here at the next start: change it there and restart',
        );
      }
      if (!(await auth.checkPassword(body.currentPassword, request.ip))) {
        throw new AdminError('wrong_password', 'the current password is wrong');
      }
      await deps.store.setPasswordHash(await hashPassword(body.newPassword));
      deps.log.info('admin password changed');
      await auth.startSession(request, reply);
      return undefined;
    },
  });
}
