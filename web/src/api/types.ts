/**
 * The admin API contract, shared with the server (src/admin/admin-api-types.ts). Type-only: nothing of the server
 * is bundled into the UI.
 */
export type * from '../../../src/admin/admin-api-types.js';
