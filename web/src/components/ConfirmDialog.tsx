import type { ReactNode } from 'react';
import { errorMessage } from '../api/api-error.js';
import { Button } from './Button.js';
import { Dialog } from './Dialog.js';
import { FormMessage } from './Field.js';

/** "Delete X?" with the action's error shown in place, so a failed delete is not silently dismissed. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose, busy, error }: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  busy: boolean;
  error: unknown;
}) {
  return (
    <Dialog
      title={title}
      size="sm"
      onClose={onClose}
      onSubmit={onConfirm}
      testId="confirm-dialog"
      footer={
        <>
          <Button onClick={onClose} data-autofocus>Cancel</Button>
          <Button type="submit" variant="danger" busy={busy}>{confirmLabel}</Button>
        </>
      }
    >
      <div className="confirm-text">{children}</div>
      {error ? <FormMessage tone="error">{errorMessage(error)}</FormMessage> : null}
    </Dialog>
  );
}
