/**
 * A very small History API router: the current URL is the only state. The admin API answers index.html for every
 * non-API path, so deep links and reloads land on the right page.
 */

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export function subscribeToLocation(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** pathname + search: a string, so React can compare snapshots cheaply. */
export function currentLocation(): string {
  return window.location.pathname + window.location.search;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentLocation()) return;
  const pathBefore = window.location.pathname;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  if (window.location.pathname !== pathBefore) window.scrollTo(0, 0);
  notify();
}
