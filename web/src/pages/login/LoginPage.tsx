import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/api-error.js';
import { Button } from '../../components/Button.js';
import { useLogin } from '../../hooks/mutations/useSessionMutations.js';
import { useSessionQuery } from '../../hooks/queries/useSessionQuery.js';
import { navigate, useLocation } from '../../router/router.js';

/** Only a path on this site: `?next=//evil.example` must not send the admin elsewhere. */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function loginError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Wrong password. Try again.';
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      return wait !== null
        ? `Too many attempts. Try again in ${wait} second${wait === 1 ? '' : 's'}.`
        : 'Too many attempts. Wait a moment and try again.';
    }
  }
  return errorMessage(error);
}

export function LoginPage() {
  const { params } = useLocation();
  const next = safeNext(params.get('next'));
  const [password, setPassword] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const login = useLogin();
  const session = useSessionQuery();

  useEffect(() => {
    document.title = 'Log in · Switchboard';
  }, []);
  // Already logged in (a bookmarked /login): go straight on.
  useEffect(() => {
    if (session.data) navigate(next, { replace: true });
  }, [session.data, next]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password === '' || login.isPending) return;
    login.mutate(password, {
      onSuccess: () => navigate(next, { replace: true }),
      onError: () => {
        setPassword('');
        inputRef.current?.focus();
      },
    });
  };

  return (
    <div className="login-page">
      <main className="login-card card">
        <div className="login-brand">
          <svg className="logo-mark" width="36" height="36" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="8" fill="currentColor" />
            <path d="M8 11h9m0 0-3-3m3 3-3 3M24 21h-9m0 0 3-3m-3 3 3 3" fill="none" stroke="var(--accent-contrast)" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <div>
            <h1>Switchboard</h1>
            <p className="muted">Sign in to the admin console</p>
          </div>
        </div>
        <form onSubmit={submit} data-testid="login-form" noValidate>
          <div className="field">
            <label className="field-label" htmlFor="login-password">Admin password</label>
            <input
              id="login-password"
              ref={inputRef}
              name="password"
              type="password"
              className="input"
              autoComplete="current-password"
              autoFocus
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={login.isError || undefined}
              aria-describedby={login.isError ? 'login-error' : undefined}
              data-testid="login-password"
            />
          </div>
          {login.isError ? (
            <div className="form-message form-message-error" id="login-error" role="alert" data-testid="login-error">
              {loginError(login.error)}
            </div>
          ) : null}
          <Button type="submit" variant="primary" className="btn-block" busy={login.isPending} disabled={password === ''} data-testid="login-submit">
            Log in
          </Button>
        </form>
        <p className="login-hint muted">
          The password is set with <code>ADMIN_PASSWORD</code>, or shown once in the server output at first start.
        </p>
      </main>
    </div>
  );
}
