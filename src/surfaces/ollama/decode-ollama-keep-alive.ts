const ZERO_DURATION = /^\s*[+-]?0+(?:\.0*)?\s*(?:ns|us|µs|ms|s|m|h)?\s*$/;

/** True when `keep_alive` asks Ollama to unload the model now: 0, "0", "0s", "0m"… */
export function isOllamaUnloadKeepAlive(keepAlive: number | string | null | undefined): boolean {
  if (typeof keepAlive === 'number') return keepAlive === 0;
  if (typeof keepAlive === 'string') return ZERO_DURATION.test(keepAlive);
  return false;
}
