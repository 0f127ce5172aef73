import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/api-error.js';
import { Button } from '../../components/Button.js';
import { Field, FormMessage } from '../../components/Field.js';
import { useChangePassword } from '../../hooks/mutations/useSettingsMutations.js';

type Errors = Partial<Record<'current' | 'next' | 'confirm', string>>;

function passwordError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'wrong_password') return 'The current password is wrong.';
    if (error.code === 'password_from_env') return 'The password comes from ADMIN_PASSWORD in the environment: change it there.';
  }
  return errorMessage(error);
}

export function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const change = useChangePassword();

  const submit = () => {
    const found: Errors = {};
    if (current === '') found.current = 'Enter your current password.';
    if (next.length < 8) found.next = 'At least 8 characters.';
    else if (next === current) found.next = 'Choose a password different from the current one.';
    if (confirm !== next) found.confirm = 'The two new passwords differ.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    change.mutate({ currentPassword: current, newPassword: next }, {
      onSuccess: () => {
        setCurrent('');
        setNext('');
        setConfirm('');
      },
    });
  };

  return (
    <form
      className="card section password-form"
      aria-labelledby="settings-password"
      onSubmit={(event) => { event.preventDefault(); submit(); }}
      noValidate
      data-testid="password-form"
    >
      <h2 id="settings-password">Admin password</h2>
      {/* A hidden user name helps password managers file the new password under the right entry. */}
      <input type="text" name="username" autoComplete="username" value="admin" readOnly hidden />
      <div className="form-grid form-grid-3">
        <Field label="Current password" error={errors.current}>
          {(control) => <input {...control} type="password" className="input" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} />}
        </Field>
        <Field label="New password" hint="At least 8 characters." error={errors.next}>
          {(control) => <input {...control} type="password" className="input" autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} />}
        </Field>
        <Field label="Confirm new password" error={errors.confirm}>
          {(control) => <input {...control} type="password" className="input" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} />}
        </Field>
      </div>
      <div className="form-actions">
        {change.isError ? <FormMessage tone="error">{passwordError(change.error)}</FormMessage> : null}
        {change.isSuccess ? <FormMessage tone="success">Password changed. Every other session was logged out.</FormMessage> : null}
        <Button type="submit" busy={change.isPending} data-testid="password-save">Change password</Button>
      </div>
    </form>
  );
}
