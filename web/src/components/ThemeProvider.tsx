import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/**
 * Light and dark themes. The CSS follows prefers-color-scheme by itself (color-scheme + light-dark()); a stored
 * preference pins one. The effective theme is also needed in JS, for chart colours on the canvas.
 */
export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'switchboard.theme';
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

export function readThemePreference(): ThemePreference {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system'; // storage disabled: follow the system
  }
}

export function applyTheme(preference: ThemePreference): Theme {
  const theme: Theme = preference === 'system' ? (darkQuery().matches ? 'dark' : 'light') : preference;
  document.documentElement.dataset['theme'] = theme;
  return theme;
}

type ThemeState = {
  preference: ThemePreference;
  /** The theme on screen. */
  theme: Theme;
  /** What the operating system asks for. */
  systemTheme: Theme;
  setPreference: (preference: ThemePreference) => void;
};
const ThemeContext = createContext<ThemeState | null>(null);

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [preference, setPreferenceState] = useState<ThemePreference>(readThemePreference);
  const [systemDark, setSystemDark] = useState(() => darkQuery().matches);

  useEffect(() => {
    const query = darkQuery();
    const onChange = () => setSystemDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  const systemTheme: Theme = systemDark ? 'dark' : 'light';
  const theme: Theme = preference === 'system' ? systemTheme : preference;
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);

  const setPreference = useCallback((next: ThemePreference) => {
    setPreferenceState(next);
    try {
      if (next === 'system') window.localStorage.removeItem(STORAGE_KEY);
      else window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage disabled: the choice lasts for this page only
    }
  }, []);

  const value = useMemo(() => ({ preference, theme, systemTheme, setPreference }), [preference, theme, systemTheme, setPreference]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeState {
  const state = useContext(ThemeContext);
  if (!state) throw new Error('useTheme outside ThemeProvider');
  return state;
}
