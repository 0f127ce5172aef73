import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Icon, type IconName } from './Icon.js';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  size?: 'md' | 'sm';
  icon?: IconName;
  /** Shows a spinner and disables the button while an action runs. */
  busy?: boolean;
  children?: ReactNode;
};

export function Button({
  variant = 'secondary', size = 'md', icon, busy = false, disabled, className, children, type = 'button', ...rest
}: ButtonProps) {
  const iconOnly = icon !== undefined && (children === undefined || children === null);
  const classes = ['btn', `btn-${variant}`, size === 'sm' ? 'btn-sm' : '', iconOnly ? 'btn-icon-only' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <span className="spinner" aria-hidden="true" /> : icon ? <Icon name={icon} /> : null}
      {children}
    </button>
  );
}
