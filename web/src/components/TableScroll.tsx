import type { ReactNode } from 'react';

/** Wide tables scroll sideways on narrow screens instead of squeezing the page. */
export function TableScroll({ children, label }: { children: ReactNode; label?: string }) {
  // Focusable so keyboard users can scroll it; labelled because it is then a named region.
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label ?? 'Table'}>
      {children}
    </div>
  );
}
