import { useId, useLayoutEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { Icon } from './Icon.js';

/**
 * A modal dialog on the native <dialog> element (focus stays inside, Escape closes, the page behind is inert).
 * Render it only while open: it opens on mount and a parent's unmount closes it, so each opening starts with
 * fresh form state. With onSubmit, the body and footer are one <form>, so Enter submits.
 */
export function Dialog({ title, description, onClose, onSubmit, footer, children, size = 'md', testId }: {
  title: string;
  description?: ReactNode;
  onClose: () => void;
  onSubmit?: () => void;
  footer?: ReactNode;
  children: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first focusable element (the close button); prefer the first field.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (dialog.open) dialog.close();
      previouslyFocused?.focus();
    };
  }, []);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit?.();
    // After a failed check, take the keyboard to the first field that needs a fix.
    requestAnimationFrame(() => ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const body = (
    <>
      <div className="dialog-body">{children}</div>
      {footer ? <div className="dialog-footer">{footer}</div> : null}
    </>
  );

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault(); // Escape: let the parent unmount us
        onClose();
      }}
    >
      <div className="dialog-header">
        <div>
          <h2 id={titleId}>{title}</h2>
          {description ? <p className="dialog-description">{description}</p> : null}
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close dialog">
          <Icon name="close" />
        </button>
      </div>
      {onSubmit ? <form onSubmit={handleSubmit} noValidate>{body}</form> : body}
    </dialog>
  );
}
