// Gmail extractor: reads the open thread from the URL fragment, `h2[data-thread-perm-id]`, the messages'
// `[data-message-id]` and the sender's `[email]` attribute; class names are only a last resort.
import { identifyDocument } from '@@/shared/documents';
import {
  clipExcerpt,
  collapse,
  type EmailCapture,
  findAddress,
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

function dateIn(message: Element | null): string | null {
  if (!message) return null;
  const time = message.querySelector('time[datetime]');
  if (time) return normaliseDate(time.getAttribute('datetime'));
  // The header's date carries the full date in its tooltip; the text only says "9:14 AM (2 hours ago)".
  for (const element of Array.from(message.querySelectorAll('[title]'))) {
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
  const senderElement = message.querySelector('[email]');
  let fromAddress = senderElement?.getAttribute('email')?.trim() ?? '';
  let fromName = collapse(senderElement?.getAttribute('name')) || collapse(senderElement?.textContent);
  if (!fromAddress) {
    const guess = splitSender(textOf(message.querySelector('h3') ?? message).slice(0, 300));
    fromAddress = guess.address || findAddress(message.textContent);
    fromName = fromName || guess.name;
  }
  const body =
    largestTextBlock(message, senderElement) ??
    // Last resort, Gmail's long-lived body class.
    message.querySelector('.a3s');
  const excerpt = clipExcerpt(textOf(body));
  if (!subject && !fromAddress && !excerpt) return null;

  const rawId = message.getAttribute('data-message-id') ?? message.getAttribute('data-legacy-message-id');
  return {
    app: 'Gmail',
    subject: subject || '(no subject)',
    fromName: fromName || fromAddress.split('@')[0] || '',
    fromAddress,
    date: dateIn(message),
    messageId: rawId ? rawId.replace(/^#/, '') : null,
    threadId,
    url: threadId ? `https://mail.google.com/mail/u/${accountOf(url)}/#all/${threadId}` : url,
    excerpt,
  };
}
