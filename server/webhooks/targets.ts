// Where a webhook may point (SSRF): http or https only, and never an address on a private, loopback, link-local
// or otherwise non-public network unless the server allows it (WAYPOINT_WEBHOOK_ALLOW_PRIVATE=1). The address is
// checked when the URL is registered and again at each delivery, and the connection is made to the address that
// was checked (no second DNS answer in between).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
// IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are matched by the IPv4 rules above.
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

/** A URL a webhook may have (shape only): http(s), no credentials, at most 2,000 characters. */
export function checkWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('The URL is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetRefused('The URL must be http or https');
  if (url.username || url.password) throw new TargetRefused('The URL must not carry a user name or password');
  if (raw.length > 2000) throw new TargetRefused('The URL is longer than 2,000 characters');
  return url;
}

/** The address to connect to for this URL; refused when it is private and private targets are not allowed. */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new TargetRefused(`The host ${host.slice(0, 200)} does not resolve`);
    }
  }
  if (addresses.length === 0) throw new TargetRefused(`The host ${host.slice(0, 200)} does not resolve`);
  // Every answer is checked: a name that resolves to one public and one private address is refused.
  if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) {
    throw new TargetRefused(
      'The URL points to a private or local network address; the server refuses those unless its administrator sets WAYPOINT_WEBHOOK_ALLOW_PRIVATE=1',
    );
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
