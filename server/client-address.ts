// The client address a request comes from, for rate limits and connection caps. Behind N reverse proxies you run
// (WAYPOINT_TRUST_PROXY=N), the client is the right-most X-Forwarded-For entry that none of them added: entries to
// its left are whatever the client chose to send, so trusting the left-most one lets anyone pick their own key.

/** `trustedHops`: how many proxies in front of the server append to X-Forwarded-For (0: ignore the header). */
export function clientAddressOf(
  remote: string | undefined,
  forwardedFor: string | undefined,
  trustedHops: number,
): string {
  const socketAddress = normalise(remote ?? '') || 'local';
  if (trustedHops <= 0 || !forwardedFor) return socketAddress;
  // The chain as seen by the server: what the proxies appended, then the proxy that connected to us.
  const hops = forwardedFor
    .split(',')
    .map((s) => normalise(s.trim()))
    .filter(Boolean);
  hops.push(socketAddress);
  // The last `trustedHops` entries are our own proxies (the last one is the socket peer).
  const index = hops.length - 1 - trustedHops;
  return index >= 0 ? (hops[index] ?? socketAddress) : (hops[0] ?? socketAddress);
}

function normalise(address: string): string {
  const a = address.slice(0, 100);
  // IPv4-mapped IPv6 (::ffff:1.2.3.4) is the same client as 1.2.3.4.
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}
