// Gmail extractor: reads the open thread from the URL fragment, `h2[data-thread-perm-id]`, the messages'
// `[data-message-id]` and the sender's `[email]` attribute; class names are only a last resort.
import { identifyDocument } from '@@/shared/documents';
import {
  clipExcerpt,
  collapse,
  type EmailCapture,
  findAddress,
  fitEmail,
  insideAny,
  largestTextBlock,
  normaliseDate,
  splitSender,
  textOf,
} from './common';

/** The thread id at the end of the fragment: "#inbox/FMfcg…", "#label/Work/FMfcg…", "#all/18c2…". */
export function gmailThreadId(url: string): string | null {
  try {
    return /^#[^/]+(?:\/[^/]+)*\/([A-Za-z0-9]{16,})$/.exec(new URL(url).hash)?.[1] ?? null;
  } catch {
    return null;
  }
}

function accountOf(url: string): string {
  try {
    return /^\/mail\/u\/(\d+)/.exec(new URL(url).pathname)?.[1] ?? '0';
  } catch {
    return '0';
  }
}

/** The message the user is reading: the last expanded one (it shows a body), else the last one. */
function openMessage(scope: ParentNode): Element | null {
  const messages = Array.from(scope.querySelectorAll('[data-message-id], [data-legacy-message-id]')).filter(
    (m) => !m.parentElement?.closest('[data-message-id], [data-legacy-message-id]'),
  );
  // Expanded messages show the sender with its address and a body; collapsed ones only a snippet row.
  const expanded = messages.filter((m) => {
    const sender = m.querySelector('[email]');
    return !!sender && !!largestTextBlock(m, sender);
  });
  return expanded.at(-1) ?? messages.at(-1) ?? null;
}

/**
 * The date from the message's header: a `<time>` or the tooltip that carries the full date ("Tue, Nov 25,
 * 2026, 9:14 AM"), never from inside the body, where the sender writes what they like.
 */
function dateIn(message: Element | null, body: Element[]): string | null {
  if (!message) return null;
  const outside = (element: Element) => !insideAny(element, body);
  const time = Array.from(message.querySelectorAll('time[datetime]')).find(outside);
  if (time) return normaliseDate(time.getAttribute('datetime'));
  for (const element of Array.from(message.querySelectorAll('[title]'))) {
    if (!outside(element)) continue;
    const title = element.getAttribute('title') ?? '';
    if (/\b\d{4}\b/.test(title) && /\d{1,2}:\d{2}/.test(title)) return normaliseDate(title);
  }
  return null;
}

export function extractGmail(doc: Document, url: string): EmailCapture | null {
  const main = doc.querySelector('[role="main"]') ?? doc.body;
  if (!main) return null;
  const heading = main.querySelector('h2[data-thread-perm-id], h2[data-legacy-thread-id]');
  const message = openMessage(main);
  const urlThread = gmailThreadId(url);
  // A list (inbox, search results) has neither a thread in the URL nor an open message.
  if (!message || (!urlThread && !heading)) return null;

  const threadId = urlThread ?? heading?.getAttribute('data-legacy-thread-id') ?? null;
  const subject =
    collapse(heading?.textContent) ||
    collapse(main.querySelector('h2')?.textContent) ||
    identifyDocument(url, doc.title)?.title ||
    '';
  // The header comes before the body in the message: its first [email] is the sender's.
  const senderElement = message.querySelector('[email]');
  const bodyElement =
    largestTextBlock(message, senderElement) ??
    // Last resort, Gmail's long-lived body class.
    message.querySelector('.a3s');
  // Everything the sender wrote: the body, and any message block nested in it.
  const body = [
    ...(bodyElement ? [bodyElement] : []),
    ...Array.from(message.querySelectorAll('.a3s, [data-message-id], [data-legacy-message-id]')),
  ];
  const header = senderElement && !insideAny(senderElement, body) ? senderElement : null;
  let fromAddress = header?.getAttribute('email')?.trim() ?? '';
  let fromName = collapse(header?.getAttribute('name')) || collapse(header?.textContent);
  if (!fromAddress) {
    const h3 = Array.from(message.querySelectorAll('h3')).find((h) => !insideAny(h, body));
    const guess = splitSender(textOf(h3 ?? null).slice(0, 300));
    fromAddress = guess.address;
    fromName = fromName || guess.name;
  }
  const excerpt = clipExcerpt(textOf(bodyElement));
  if (!subject && !fromAddress && !excerpt) return null;

  const rawId = message.getAttribute('data-message-id') ?? message.getAttribute('data-legacy-message-id');
  return fitEmail({
    app: 'Gmail',
    subject: subject || '(no subject)',
    fromName: fromName || fromAddress.split('@')[0] || '',
    fromAddress: findAddress(fromAddress) === fromAddress ? fromAddress : '',
    date: dateIn(message, body),
    messageId: rawId ? rawId.replace(/^#/, '') : null,
    threadId,
    url: threadId ? `https://mail.google.com/mail/u/${accountOf(url)}/#all/${threadId}` : url,
    excerpt,
  });
}
