import type { Settings, SettingsPatch } from '../../api/types.js';
import { parseWholeNumber } from '../../lib/number-input.js';

/** The Settings form as text fields, its checks (mirroring the API's) and the patch of what changed. */
export type SettingsForm = {
  defaultModel: string | null;
  defaultTag: string;
  trackingEnabled: boolean;
  dnsResolution: boolean;
  trustedProxies: string;
  retentionDays: string;
  priceRefresh: boolean;
};

export type SettingsFormErrors = Partial<Record<'defaultTag' | 'trustedProxies' | 'retentionDays', string>>;

const TAG_PATTERN = /^[A-Za-z0-9._:/-]{1,64}$/;

export function settingsFormFrom(settings: Settings): SettingsForm {
  return {
    defaultModel: settings.defaultModel,
    defaultTag: settings.defaultTag,
    trackingEnabled: settings.trackingEnabled,
    dnsResolution: settings.dnsResolution,
    trustedProxies: settings.trustedProxies.join('\n'),
    retentionDays: String(settings.retentionDays),
    priceRefresh: settings.priceRefresh,
  };
}

/** One address or CIDR range per line; blank lines and surrounding spaces are ignored. */
export function parseTrustedProxies(text: string): string[] {
  return [...new Set(text.split(/\r?\n|,/).map((line) => line.trim()).filter((line) => line !== ''))];
}

function looksLikeIpOrCidr(value: string): boolean {
  return /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(value) && (value.includes('.') || value.includes(':'));
}

/** The fields that differ from the saved settings, or the errors that keep the form from being saved. */
export function toSettingsPatch(form: SettingsForm, saved: Settings): { ok: true; patch: SettingsPatch } | { ok: false; errors: SettingsFormErrors } {
  const errors: SettingsFormErrors = {};
  const defaultTag = form.defaultTag.trim();
  if (!TAG_PATTERN.test(defaultTag)) errors.defaultTag = 'Letters, digits and . _ : / - (1 to 64 characters).';
  const proxies = parseTrustedProxies(form.trustedProxies);
  const bad = proxies.find((value) => !looksLikeIpOrCidr(value));
  if (bad !== undefined) errors.trustedProxies = `“${bad}” is not an IP address or CIDR range.`;
  else if (proxies.length > 100) errors.trustedProxies = 'At most 100 entries.';
  const retention = parseWholeNumber(form.retentionDays, 0, 36_500);
  if (!retention.ok) errors.retentionDays = retention.message;
  else if (retention.value === undefined) errors.retentionDays = 'Required: 0 keeps everything.';
  if (Object.keys(errors).length > 0 || !retention.ok || retention.value === undefined) return { ok: false, errors };

  const patch: SettingsPatch = {};
  if (form.defaultModel !== saved.defaultModel) patch.defaultModel = form.defaultModel;
  if (defaultTag !== saved.defaultTag) patch.defaultTag = defaultTag;
  if (form.trackingEnabled !== saved.trackingEnabled) patch.trackingEnabled = form.trackingEnabled;
  if (form.dnsResolution !== saved.dnsResolution) patch.dnsResolution = form.dnsResolution;
  if (proxies.join('\n') !== saved.trustedProxies.join('\n')) patch.trustedProxies = proxies;
  if (retention.value !== saved.retentionDays) patch.retentionDays = retention.value;
  if (form.priceRefresh !== saved.priceRefresh) patch.priceRefresh = form.priceRefresh;
  return { ok: true, patch };
}
