import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin UI. Built into dist/web, which the admin API serves from ADMIN_PORT (index.html for every page, the
 * hashed files under /assets). Its CSP is `default-src 'self'; style-src 'self' 'unsafe-inline'`, so nothing may be
 * inlined as a data: URL and no script may be inline.
 *
 * `npm exec vite -- --config web/vite.config.ts` serves it in development, sending /api to a running admin port
 * (SWITCHBOARD_ADMIN_URL, default http://127.0.0.1:8080).
 */
const adminUrl = process.env['SWITCHBOARD_ADMIN_URL'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // The CSP allows no data: URLs: every asset must be a file.
    assetsInlineLimit: 0,
  },
  server: {
    // The admin API refuses state-changing requests whose Origin is not its own host: present its origin.
    proxy: { '/api': { target: adminUrl, changeOrigin: true, headers: { origin: new URL(adminUrl).origin } } },
  },
});
