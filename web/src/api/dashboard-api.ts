import { apiRequest } from './client.js';
import type { DashboardView } from './types.js';

export function getDashboard(signal?: AbortSignal): Promise<DashboardView> {
  return apiRequest<DashboardView>('/api/dashboard', { signal });
}
