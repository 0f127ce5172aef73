import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { ApiError } from './api/api-error.js';
import { AppShell } from './components/AppShell.js';
import { ErrorState, LoadingState } from './components/PageStates.js';
import { useSessionQuery } from './hooks/queries/useSessionQuery.js';
import { AliasesPage } from './pages/aliases/AliasesPage.js';
import { DashboardPage } from './pages/dashboard/DashboardPage.js';
import { LoginPage } from './pages/login/LoginPage.js';
import { ModelsPage } from './pages/models/ModelsPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { ProvidersPage } from './pages/providers/ProvidersPage.js';
import { SettingsPage } from './pages/settings/SettingsPage.js';
import { navigate, useLocation } from './router/router.js';

// The usage page carries chart.js: load it only when it is opened.
const UsagePage = lazy(() => import('./pages/usage/UsagePage.js').then((module) => ({ default: module.UsagePage })));

const PAGES: Record<string, { component: ComponentType; title: string }> = {
  '/': { component: DashboardPage, title: 'Dashboard' },
  '/providers': { component: ProvidersPage, title: 'Providers' },
  '/models': { component: ModelsPage, title: 'Models' },
  '/aliases': { component: AliasesPage, title: 'Aliases' },
  '/usage': { component: UsagePage, title: 'Usage' },
  '/settings': { component: SettingsPage, title: 'Settings' },
};

/** Where to return after logging in: only a path on this site (never `//elsewhere`). */
export function loginPath(from: string): string {
  return from === '/' || from.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(from)}`;
}

function AuthenticatedApp({ pathname, search }: { pathname: string; search: string }) {
  const session = useSessionQuery();
  const unauthorized = session.error instanceof ApiError && session.error.status === 401;

  useEffect(() => {
    if (unauthorized) navigate(loginPath(pathname + search), { replace: true });
  }, [unauthorized, pathname, search]);

  const page = PAGES[pathname];
  useEffect(() => {
    document.title = `${page?.title ?? 'Not found'} · Switchboard`;
  }, [page]);

  if (session.isPending || unauthorized) return <div className="boot"><LoadingState /></div>;
  if (session.error) {
    return <div className="boot"><ErrorState title="Cannot reach Switchboard" error={session.error} onRetry={() => void session.refetch()} /></div>;
  }
  const Page = page?.component ?? NotFoundPage;
  return (
    <AppShell>
      <Suspense fallback={<LoadingState />}>
        <Page key={pathname} />
      </Suspense>
    </AppShell>
  );
}

export function App() {
  const { pathname, search } = useLocation();
  if (pathname === '/login') return <LoginPage />;
  return <AuthenticatedApp pathname={pathname} search={search} />;
}
