import { describe, expect, it } from 'vitest';
import type { Settings } from '../../api/types.js';
import { parseTrustedProxies, settingsFormFrom, toSettingsPatch } from './settings-form.js';

const saved: Settings = {
  defaultModel: null, defaultTag: 'default', trackingEnabled: true, dnsResolution: false, trustedProxies: [],
  retentionDays: 365, priceRefresh: false,
};

describe('settings form', () => {
  it('sends only what changed', () => {
    const form = { ...settingsFormFrom(saved), defaultModel: 'openai/gpt-4o', trustedProxies: '10.0.0.0/8\n\n  ::1 \n', retentionDays: '30' };
    expect(toSettingsPatch(form, saved)).toEqual({
      ok: true, patch: { defaultModel: 'openai/gpt-4o', trustedProxies: ['10.0.0.0/8', '::1'], retentionDays: 30 },
    });
    expect(toSettingsPatch(settingsFormFrom(saved), saved)).toEqual({ ok: true, patch: {} });
  });

  it('turns the default model back off with null', () => {
    const withModel = { ...saved, defaultModel: 'openai/gpt-4o' };
    expect(toSettingsPatch({ ...settingsFormFrom(withModel), defaultModel: null }, withModel)).toEqual({ ok: true, patch: { defaultModel: null } });
  });

  it('rejects a bad tag, proxy entry or retention', () => {
    const result = toSettingsPatch({ ...settingsFormFrom(saved), defaultTag: 'has space', trustedProxies: 'proxy.lan', retentionDays: '-1' }, saved);
    expect(result).toMatchObject({ ok: false, errors: { defaultTag: expect.any(String), trustedProxies: expect.stringContaining('proxy.lan'), retentionDays: expect.any(String) } });
  });

  it('reads one proxy per line, without duplicates', () => {
    expect(parseTrustedProxies('1.2.3.4\r\n1.2.3.4\n 10.0.0.0/8 ')).toEqual(['1.2.3.4', '10.0.0.0/8']);
  });
});
