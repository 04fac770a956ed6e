// Which team servers Waypoint talks to: https: anywhere, plain http: only on this computer (loopback), unless
// the person explicitly allows an exception for one address. A bearer token and every synced row travel to
// the server, so an http: address on the network would carry them in clear text.

export type ServerTransport = 'https' | 'loopback' | 'insecure';

export interface CheckedServerUrl {
  /** The address as Waypoint stores it: origin and path, no trailing slash. */
  url: string;
  host: string;
  transport: ServerTransport;
}

export class ServerUrlError extends Error {
  constructor(
    message: string,
    /** The address is well formed but unencrypted on the network: an exception could allow it. */
    readonly insecure = false,
  ) {
    super(message);
    this.name = 'ServerUrlError';
  }
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: traffic that never leaves this computer. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Parse what the person typed (or what an invitation link carried). Without a scheme, a loopback host gets
 * http: and anything else https:. Throws ServerUrlError with a plain explanation.
 */
export function checkServerUrl(input: string): CheckedServerUrl {
  const trimmed = input.trim().replace(/\/+$/, '');
  if (!trimmed) throw new ServerUrlError('Enter the address of your team server.');
  let url: URL;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) url = new URL(trimmed);
    else {
      const probe = new URL(`http://${trimmed}`);
      url = new URL(`${isLoopbackHost(probe.hostname) ? 'http' : 'https'}://${trimmed}`);
    }
  } catch {
    throw new ServerUrlError(`“${trimmed.slice(0, 200)}” is not a server address (e.g. https://waypoint.example.com).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ServerUrlError('The server address must start with https:// (or http:// for a server on this computer).');
  if (url.username || url.password)
    throw new ServerUrlError('The server address must not contain a user name or password.');
  const clean = url.origin + url.pathname.replace(/\/+$/, '');
  const transport: ServerTransport =
    url.protocol === 'https:' ? 'https' : isLoopbackHost(url.hostname) ? 'loopback' : 'insecure';
  return { url: clean, host: url.host, transport };
}

/**
 * The address to connect to, or a ServerUrlError: an unencrypted address on the network only with the
 * person's explicit exception (`allowInsecure`), given after a warning.
 */
export function requireSafeServerUrl(input: string, { allowInsecure = false }: { allowInsecure?: boolean } = {}) {
  const checked = checkServerUrl(input);
  if (checked.transport === 'insecure' && !allowInsecure)
    throw new ServerUrlError(
      `${checked.host} is reached over plain http://: your sign-in token and everything you sync would cross the network unencrypted, readable by anyone on the way. Use an https:// address, or allow this exception below if you trust the network.`,
      true,
    );
  return checked;
}
