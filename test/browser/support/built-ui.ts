import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the admin UI; the server serves it from here when running from src (tsx/vitest). */
export const WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

/**
 * The browser tests drive the built UI, so a missing build is a failure, never a skip: CI builds it in `npm ci`
 * (the `prepare` script), and locally `npm run build` does.
 */
export function assertBuiltUi(): void {
  if (!existsSync(`${WEB_ROOT}index.html`)) {
    throw new Error(`The admin UI is not built: ${WEB_ROOT}index.html is missing. Run \`npm run build\` first.`);
  }
}
