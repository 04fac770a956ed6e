// Invitation links: `<server>/join/<code>`, served by the team server as a page (server/routes/invite-page.ts)
// and pasted whole into the options page, which reads the server and the code back out of it.
import { inviteCodeSchema } from './sync/protocol';

/** The invitation link for a code on a server (the server may live under a path, e.g. https://x.org/waypoint). */
export function invitationLink(serverUrl: string, code: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/join/${encodeURIComponent(code)}`;
}

export type ParsedInvitation = { ok: true; serverUrl: string | null; code: string } | { ok: false; message: string };

/**
 * What a person pasted into "Invitation link": the link `<server>/join/<code>`, the older extension link
 * `…/options.html?server=…&code=…`, or a bare code (then `serverUrl` is null and the server field is used).
 */
export function parseInvitation(input: string): ParsedInvitation {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Paste the invitation link you were sent.' };
  if (inviteCodeSchema.safeParse(text).success) return { ok: true, serverUrl: null, code: text };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      ok: false,
      message: 'This is not an invitation link. It looks like https://your-server/join/… — paste the whole link.',
    };
  }
  const queryCode = url.searchParams.get('code');
  const queryServer = url.searchParams.get('server');
  if (queryCode && queryServer) {
    if (!inviteCodeSchema.safeParse(queryCode).success)
      return { ok: false, message: 'The code in this link is damaged.' };
    return { ok: true, serverUrl: queryServer.replace(/\/+$/, ''), code: queryCode };
  }
  const match = /^(.*)\/join\/([^/]+)\/?$/.exec(url.pathname);
  if ((url.protocol === 'http:' || url.protocol === 'https:') && match) {
    let code: string;
    try {
      code = decodeURIComponent(match[2] ?? '');
    } catch {
      code = '';
    }
    if (!inviteCodeSchema.safeParse(code).success) {
      return { ok: false, message: 'The code at the end of this link is damaged: copy the whole link again.' };
    }
    return { ok: true, serverUrl: `${url.origin}${match[1] ?? ''}`, code };
  }
  return {
    ok: false,
    message: 'This link is not a Waypoint invitation. It looks like https://your-server/join/… — ask for a new one.',
  };
}
