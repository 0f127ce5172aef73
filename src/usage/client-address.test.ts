import { describe, expect, it } from 'vitest';
import { clientAddress, normalizeIp, TrustedProxies } from './client-address.js';

describe('TrustedProxies', () => {
  it('matches single addresses and CIDRs, IPv4 and IPv6', () => {
    const trusted = new TrustedProxies(['10.0.0.0/8', '192.168.1.5', 'fd00::/8', '::1']);
    expect(trusted.size).toBe(4);
    expect(trusted.has('10.20.30.40')).toBe(true);
    expect(trusted.has('192.168.1.5')).toBe(true);
    expect(trusted.has('192.168.1.6')).toBe(false);
    expect(trusted.has('fd12:3456::1')).toBe(true);
    expect(trusted.has('::1')).toBe(true);
    expect(trusted.has('2001:db8::1')).toBe(false);
    expect(trusted.has('not an ip')).toBe(false);
  });

  it('skips entries that are not an IP or CIDR and reports them', () => {
    const trusted = new TrustedProxies(['10.0.0.0/33', 'proxy.lan', '1.2.3.4/x', ' 172.16.0.0/12 ']);
    expect(trusted.invalid).toEqual(['10.0.0.0/33', 'proxy.lan', '1.2.3.4/x']);
    expect(trusted.size).toBe(1);
    expect(trusted.has('172.16.5.5')).toBe(true);
  });
});

describe('normalizeIp', () => {
  it('turns IPv4-mapped IPv6 into IPv4 and leaves everything else alone', () => {
    expect(normalizeIp('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeIp('::ffff:abcd')).toBe('::ffff:abcd');
    expect(normalizeIp('2001:db8::1')).toBe('2001:db8::1');
  });
});

describe('clientAddress', () => {
  const trusted = new TrustedProxies(['10.0.0.0/8', 'fd00::/8']);

  it('uses the socket peer when no proxy is trusted or the peer is not one', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', new TrustedProxies([]))).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7', '198.51.100.1', trusted)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:203.0.113.7', undefined, trusted)).toBe('203.0.113.7');
  });

  it('takes the right-most untrusted address from a trusted peer', () => {
    // The client forged the first entry; the proxies appended the rest.
    expect(clientAddress('10.0.0.2', '1.1.1.1, 198.51.100.9, 10.0.0.3', trusted)).toBe('198.51.100.9');
    expect(clientAddress('::ffff:10.0.0.2', '198.51.100.9', trusted)).toBe('198.51.100.9');
    expect(clientAddress('fd00::2', '2001:db8::5', trusted)).toBe('2001:db8::5');
  });

  it('reads ports, brackets and repeated headers', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.9:5555', trusted)).toBe('198.51.100.9');
    expect(clientAddress('10.0.0.2', '[2001:db8::5]:443', trusted)).toBe('2001:db8::5');
    expect(clientAddress('10.0.0.2', ['1.1.1.1', '198.51.100.9, 10.0.0.4'], trusted)).toBe('198.51.100.9');
  });

  it('stops at an entry that is not an IP, keeping the last address it could vouch for', () => {
    expect(clientAddress('10.0.0.2', 'garbage', trusted)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '198.51.100.9, unknown, 10.0.0.5', trusted)).toBe('10.0.0.5');
  });

  it('uses the left-most address when every hop is a trusted proxy', () => {
    expect(clientAddress('10.0.0.2', '10.9.9.9, 10.0.0.3', trusted)).toBe('10.9.9.9');
  });
});
