import type { Gateway } from '../core/gateway.js';

/** What every surface's routes receive from the server. */
export type SurfaceDeps = {
  gateway: Gateway;
  /** The Ollama version we report (numeric, >= 0.6.4 for Copilot). */
  ollamaVersion: string;
};
