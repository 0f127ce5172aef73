import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store/store.js';
import type { AliasView, ModelView, ProviderTestResult, ProviderView } from './admin-api-types.js';

/**
 * What the admin API needs from the running proxy beyond the database: the live view of providers, models and
 * aliases (catalog + config file + database + discovery, merged), and the means to apply a change at once.
 */
export interface ProxyControl {
  providers(): ProviderView[];
  models(): ModelView[];
  aliases(): AliasView[];
  /** A real upstream call (model list, or the smallest chat) with a bounded time; never throws. */
  testProvider(id: string): Promise<ProviderTestResult>;
  /** Re-runs model discovery for a discovering provider (Ollama) now. */
  refreshProvider(id: string): Promise<void>;
  /** Call after every configuration write: reloads from the store and rebuilds routing before resolving. */
  reload(): Promise<void>;
  /** Ids taken by built-in or config-file providers (a custom provider cannot reuse them). */
  isReservedProviderId(id: string): boolean;
}

export type AdminDeps = {
  store: Store;
  control: ProxyControl;
  log: FastifyBaseLogger;
  /** ADMIN_PASSWORD / ADMIN_PASSWORD_FILE; when set it is the password (its hash is kept in sync in the store). */
  passwordFromEnv: string | undefined;
  /** Session lifetime; default 12 hours. */
  sessionTtlMs?: number;
  /** Folder with the built web UI (index.html + assets); undefined serves no UI. */
  webRoot?: string;
};
