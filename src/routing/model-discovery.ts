import type { ModelSpec } from '../core/model-info.js';
import type { Provider } from '../core/provider.js';

export type DiscoveryStatus = { reachable: boolean; lastError?: string; lastRefreshAt?: number; modelCount: number };

/** Finds a provider's models at its upstream, in the background, never on the request path. */
export interface ModelDiscovery {
  start(onModels: (specs: ModelSpec[]) => void, onError: (error: unknown) => void): void;
  /** Refreshes now; resolves when done (errors are reported through onError and status, not thrown). */
  refresh(): Promise<void>;
  stop(): void;
  status(): DiscoveryStatus;
}

const PASSTHROUGH_CONTEXT = 131_072;

/**
 * Discovery from an OpenAI-style model list (ids only). The specs are marked `passthrough`: we know the id exists
 * but not its limits, so routing does not second-guess what the model can do.
 */
export class ListModelsDiscovery implements ModelDiscovery {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private onModels: (specs: ModelSpec[]) => void = () => {};
  private onError: (error: unknown) => void = () => {};
  private state: DiscoveryStatus = { reachable: false, modelCount: 0 };

  constructor(
    private readonly provider: Provider & { listModelIds(signal: AbortSignal): Promise<string[]> },
    private readonly options: { intervalMs: number; timeoutMs: number },
  ) {}

  start(onModels: (specs: ModelSpec[]) => void, onError: (error: unknown) => void): void {
    this.onModels = onModels;
    this.onError = onError;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs);
    this.timer.unref();
  }

  refresh(): Promise<void> {
    this.running ??= this.fetch().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async fetch(): Promise<void> {
    try {
      const ids = await this.provider.listModelIds(AbortSignal.timeout(this.options.timeoutMs));
      const specs = ids.map(
        (id): ModelSpec => ({
          provider: this.provider.id,
          id,
          displayName: id,
          family: this.provider.id,
          kind: /embed/i.test(id) ? 'embedding' : 'chat',
          contextLength: PASSTHROUGH_CONTEXT,
          capabilities: /embed/i.test(id) ? ['embedding'] : ['completion', 'tools', 'vision'],
          passthrough: true,
        }),
      );
      this.state = { reachable: true, lastRefreshAt: Date.now(), modelCount: specs.length };
      this.onModels(specs);
    } catch (error) {
      this.state = { ...this.state, reachable: false, lastError: error instanceof Error ? error.message : String(error), lastRefreshAt: Date.now() };
      this.onError(error);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  status(): DiscoveryStatus {
    return this.state;
  }
}
