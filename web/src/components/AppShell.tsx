import { useEffect, useState, type ReactNode } from 'react';
import { useLogout } from '../hooks/mutations/useSessionMutations.js';
import { Link, navigate, useLocation } from '../router/router.js';
import { Icon, type IconName } from './Icon.js';
import { useTheme } from './ThemeProvider.js';

const NAV: { to: string; label: string; icon: IconName; testId: string }[] = [
  { to: '/', label: 'Dashboard', icon: 'dashboard', testId: 'nav-dashboard' },
  { to: '/providers', label: 'Providers', icon: 'providers', testId: 'nav-providers' },
  { to: '/models', label: 'Models', icon: 'models', testId: 'nav-models' },
  { to: '/aliases', label: 'Aliases', icon: 'aliases', testId: 'nav-aliases' },
  { to: '/usage', label: 'Usage', icon: 'usage', testId: 'nav-usage' },
  { to: '/settings', label: 'Settings', icon: 'settings', testId: 'nav-settings' },
];

/**
 * Every click flips the theme on screen. Only a choice that differs from the system's is stored, so following the
 * system again is one click away and a later change of the system setting is still followed.
 */
function ThemeToggle() {
  const { theme, systemTheme, setPreference } = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  const label = `Switch to ${next} theme`;
  return (
    <button
      type="button"
      className="icon-button"
      onClick={() => setPreference(next === systemTheme ? 'system' : next)}
      title={label}
      aria-label={label}
      data-testid="theme-toggle"
    >
      <Icon name={theme === 'dark' ? 'moon' : 'sun'} size={18} />
    </button>
  );
}

function LogoMark() {
  return (
    <svg className="logo-mark" width="26" height="26" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path d="M8 11h9m0 0-3-3m3 3-3 3M24 21h-9m0 0 3-3m-3 3 3 3" fill="none" stroke="var(--accent-contrast)" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function isCurrent(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

/** Sidebar navigation (a drawer below 900 px), the top bar with theme and logout, and the page. */
export function AppShell({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const logout = useLogout();

  useEffect(() => setMenuOpen(false), [pathname]);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') setMenuOpen(false); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const current = NAV.find((item) => isCurrent(pathname, item.to));

  return (
    <div className={menuOpen ? 'shell menu-open' : 'shell'}>
      <a className="skip-link" href="#main">Skip to content</a>
      <aside className="sidebar" id="sidebar">
        <Link to="/" className="brand">
          <LogoMark />
          <span>Switchboard</span>
        </Link>
        <nav aria-label="Main">
          <ul className="nav-list">
            {NAV.map((item) => (
              <li key={item.to}>
                <Link
                  to={item.to}
                  className="nav-link"
                  aria-current={isCurrent(pathname, item.to) ? 'page' : undefined}
                  data-testid={item.testId}
                >
                  <Icon name={item.icon} size={18} />
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">Admin</div>
      </aside>
      <button type="button" className="scrim" aria-label="Close menu" tabIndex={-1} onClick={() => setMenuOpen(false)} />
      <div className="main-column">
        <header className="topbar">
          <button
            type="button"
            className="icon-button menu-button"
            aria-label={menuOpen ? 'Close menu' : 'Open menu'}
            aria-expanded={menuOpen}
            aria-controls="sidebar"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <Icon name={menuOpen ? 'close' : 'menu'} size={20} />
          </button>
          <div className="topbar-title">{current?.label ?? 'Switchboard'}</div>
          <div className="topbar-actions">
            <ThemeToggle />
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
              disabled={logout.isPending}
              data-testid="logout-button"
            >
              <Icon name="logout" />
              <span className="hide-narrow">Log out</span>
            </button>
          </div>
        </header>
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
