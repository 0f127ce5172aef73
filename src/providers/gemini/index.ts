import type { Provider } from '../../core/provider.js';
import type { ProviderOptions } from '../provider-options.js';
import { GeminiProvider } from './gemini-provider.js';

export { GeminiProvider } from './gemini-provider.js';

/** The native Google Gemini API provider (built-in `google`, `GOOGLE_API_KEY` / `GOOGLE_BASE_URL`). */
export function createGeminiProvider(options: ProviderOptions): Provider {
  return new GeminiProvider(options);
}
