import { apiRequest } from './client.js';
import type { SessionInfo } from './types.js';

export function getSession(): Promise<SessionInfo> {
  return apiRequest<SessionInfo>('/api/session');
}

export function login(password: string): Promise<void> {
  return apiRequest<void>('/api/login', { method: 'POST', body: { password } });
}

export function logout(): Promise<void> {
  return apiRequest<void>('/api/logout', { method: 'POST' });
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return apiRequest<void>('/api/password', { method: 'POST', body: { currentPassword, newPassword } });
}
