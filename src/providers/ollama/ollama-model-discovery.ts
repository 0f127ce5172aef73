import type { ModelSpec } from '../../core/model-info.js';
import type { ProviderOptions } from '../provider-options.js';
import { discoverOllamaModels, type OllamaDiscoverySettings, type ShowCache } from './discover-ollama-models.js';

export type OllamaDiscoveryStatus = { reachable: boolean; lastError?: string; lastRefreshAt?: number; modelCount: number };

export type OllamaModelDiscoveryOptions = Omit<OllamaDiscoverySettings, 'signal'> & {
  /** Background refresh period. Default 60 s. */
  intervalMs?: number;
};

export const DEFAULT_DISCOVERY_INTERVAL_MS = 60_000;

/**
 * Keeps one Ollama upstream's model list fresh in the background (never on the request path): a refresh at
 * `start`, then every `intervalMs` on an unref'd timer. Each successful refresh hands the full list to `onModels`;
 * a failed one (down, timeout, bad answer) goes to `onError` and leaves the last list to the caller's judgement.
 * Overlapping refreshes share one run; `stop` cancels the timer and any call in flight, and silences callbacks.
 */
export class OllamaModelDiscovery {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private controller = new AbortController();
  private onModels: (specs: ModelSpec[]) => void = () => {};
  private onError: (error: unknown) => void = () => {};
  private state: OllamaDiscoveryStatus = { reachable: false, modelCount: 0 };
  private readonly cache: ShowCache = new Map();

  constructor(
    private readonly provider: ProviderOptions,
    private readonly options: OllamaModelDiscoveryOptions = {},
  ) {}

  start(onModels: (specs: ModelSpec[]) => void, onError: (error: unknown) => void): void {
    this.stop();
    this.controller = new AbortController();
    this.onModels = onModels;
    this.onError = onError;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs ?? DEFAULT_DISCOVERY_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Refreshes now (or joins the refresh in progress). Never rejects: errors go to onError and status(). After
   * `stop` it does nothing until the next `start`.
   */
  refresh(): Promise<void> {
    if (this.running) return this.running;
    const run = this.run().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    if (signal.aborted) return;
    try {
      const specs = await discoverOllamaModels(this.provider, { ...this.options, signal }, this.cache);
      if (signal.aborted) return;
      this.state = { reachable: true, lastRefreshAt: Date.now(), modelCount: specs.length };
      this.onModels(specs);
    } catch (error) {
      if (signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      this.state = { reachable: false, lastError: message, lastRefreshAt: Date.now(), modelCount: this.state.modelCount };
      this.onError(error);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    // The run in flight ends quietly on its aborted signal; a later start must not join it.
    this.controller.abort();
    this.running = undefined;
    this.onModels = () => {};
    this.onError = () => {};
  }

  status(): OllamaDiscoveryStatus {
    return { ...this.state };
  }
}
