import { BlockList, isIP } from 'node:net';

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) → `10.0.0.1`, so rules and records use one form. */
export function normalizeIp(address: string): string {
  return address.length > 7 && address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** An X-Forwarded-For entry may carry a port or brackets (`1.2.3.4:5678`, `[::1]:80`); undefined if not an IP. */
function parseForwardedEntry(entry: string): string | undefined {
  let address = entry.trim();
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    address = end === -1 ? '' : address.slice(1, end);
  } else if (address.indexOf(':') !== -1 && address.indexOf(':') === address.lastIndexOf(':')) {
    address = address.slice(0, address.indexOf(':')); // IPv4 with a port; IPv6 has several colons
  }
  return isIP(address) === 0 ? undefined : normalizeIp(address);
}

/** The trusted-proxies setting (IPs and CIDRs, IPv4 and IPv6) as a BlockList; invalid entries are skipped. */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;
  readonly invalid: string[] = [];

  constructor(entries: readonly string[]) {
    let size = 0;
    for (const raw of entries) {
      const entry = raw.trim();
      const slash = entry.indexOf('/');
      const address = normalizeIp(slash === -1 ? entry : entry.slice(0, slash));
      const family = isIP(address);
      const prefix = slash === -1 ? undefined : Number(entry.slice(slash + 1));
      const maxPrefix = family === 4 ? 32 : 128;
      if (family === 0 || (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= maxPrefix))) {
        this.invalid.push(raw);
        continue;
      }
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, prefix, type);
      size++;
    }
    this.size = size;
  }

  has(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/**
 * The client's address. The socket peer, unless that peer is a trusted proxy: then `X-Forwarded-For` is walked from
 * the right (each proxy appends the address it saw), skipping trusted proxies, and the first untrusted address is the
 * client. Anything left of it could have been written by the client itself, so it is never believed. An entry that
 * is not an IP stops the walk at the last address we could vouch for.
 */
export function clientAddress(socketAddress: string, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  const peer = normalizeIp(socketAddress);
  if (forwardedFor === undefined || trusted.size === 0 || !trusted.has(peer)) return peer;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  let client = peer;
  for (let index = entries.length - 1; index >= 0; index--) {
    const address = parseForwardedEntry(entries[index]!);
    if (address === undefined) break;
    client = address;
    if (!trusted.has(address)) break;
  }
  return client;
}
