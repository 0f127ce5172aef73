import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, loginPath } from './App.js';
import { ApiError } from './api/api-error.js';
import { setUnauthorizedHandler } from './api/client.js';
import { applyTheme, readThemePreference, ThemeProvider } from './components/ThemeProvider.js';
import { Toaster } from './components/Toaster.js';
import { navigate } from './router/router.js';
import './styles/app.css';

// Before the first render, so a pinned theme does not flash the other one.
applyTheme(readThemePreference());

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; network errors and 5xx get two more tries.
      retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      refetchOnWindowFocus: true,
      staleTime: 10_000,
    },
  },
});

// A lost session anywhere (expired, password changed elsewhere): back to the login page, forgetting cached data.
setUnauthorizedHandler(() => {
  const { pathname, search } = window.location;
  if (pathname === '/login') return;
  navigate(loginPath(pathname + search), { replace: true });
  queueMicrotask(() => queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' }));
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ThemeProvider>
        <Toaster>
          <App />
        </Toaster>
      </ThemeProvider>
    </QueryClientProvider>
  </StrictMode>,
);
