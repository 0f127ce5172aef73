import type { AdminAuth } from './admin-auth.js';
import type { AdminDeps } from './admin-deps.js';
import type { AdminRouter } from './admin-route.js';

/** What every route module gets. */
export type AdminContext = { deps: AdminDeps; auth: AdminAuth; router: AdminRouter };
