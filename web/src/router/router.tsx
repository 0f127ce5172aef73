import { useCallback, useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { currentLocation, navigate, subscribeToLocation } from './history.js';

export { navigate } from './history.js';

export type AppLocation = { pathname: string; search: string; params: URLSearchParams };

export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribeToLocation, currentLocation);
  return useMemo(() => {
    const url = new URL(href, window.location.origin);
    return { pathname: url.pathname, search: url.search, params: url.searchParams };
  }, [href]);
}

/** Query-string state: setSearch replaces the query (history entry replaced by default, pushed when asked). */
export function useSearchParams(): [URLSearchParams, (next: URLSearchParams, options?: { push?: boolean }) => void] {
  const { pathname, params } = useLocation();
  const setSearch = useCallback((next: URLSearchParams, options: { push?: boolean } = {}) => {
    const query = next.toString();
    navigate(query === '' ? pathname : `${pathname}?${query}`, { replace: !options.push });
  }, [pathname]);
  return [params, setSearch];
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** A real link (middle-click, copy link and new tab work) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target !== undefined && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handleClick} {...rest} />;
}
