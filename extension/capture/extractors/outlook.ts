// Outlook on the web extractor: the item id from the URL (`/mail/<folder>/id/<id>`), the reading pane by
// its ARIA role and labels, `data-testid`s and `title`s for sender and date; class names are never used.
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

export function outlookItemId(url: string): string | null {
  try {
    const id = /\/id\/([^/?#]+)/.exec(new URL(url).pathname)?.[1];
    return id ? decodeURIComponent(id) : null;
  } catch {
    return null;
  }
}

/** Outlook's own durable link to an item (the `webLink` of the Graph API): it survives moves between folders. */
export function outlookItemLink(url: string, itemId: string): string {
  const host = new URL(url).host;
  return `https://${host}/owa/?ItemID=${encodeURIComponent(itemId)}&exvsurl=1&viewmodel=ReadMessageItem`;
}

function senderOf(message: Element): { name: string; address: string; element: Element | null } {
  const labelled = message.querySelector('[aria-label^="From" i], [data-testid*="sender" i], [data-testid*="From" i]');
  const scope = labelled ?? message;
  // The persona shows the name and keeps the address in its tooltip or as "Name <address>".
  for (const element of Array.from(scope.querySelectorAll('[title], [aria-label]'))) {
    const address = findAddress(element.getAttribute('title')) || findAddress(element.getAttribute('aria-label'));
    if (address) {
      const name = splitSender(collapse(element.textContent) || element.getAttribute('aria-label') || '').name;
      return { name: name && !name.includes('@') ? name : address.split('@')[0] || '', address, element };
    }
  }
  if (labelled) {
    const guess = splitSender(textOf(labelled) || labelled.getAttribute('aria-label') || '');
    return { ...guess, element: labelled };
  }
  return { name: '', address: '', element: null };
}

export function extractOutlook(doc: Document, url: string): EmailCapture | null {
  const pane = doc.querySelector('[role="main"][aria-label*="Reading" i]') ?? doc.querySelector('[role="main"]');
  const itemId = outlookItemId(url);
  if (!pane || !itemId) return null;
  // The conversation's messages; the open one shows its body.
  const bodies = Array.from(pane.querySelectorAll('[aria-label="Message body" i], [role="document"]'));
  const body = bodies.at(-1) ?? null;
  const message =
    body?.closest('[role="listitem"], [aria-label*="message" i]:not([aria-label="Message body" i]), [data-item-id]') ??
    body?.parentElement ??
    null;
  if (!message) return null;
  const subject = collapse(
    pane.querySelector('[role="heading"][aria-level="2"] [title]')?.getAttribute('title') ??
      pane.querySelector('[role="heading"][aria-level="2"], [role="heading"]')?.textContent,
  );
  const sender = senderOf(message);
  const dateElement = message.querySelector('[data-testid="SentReceivedSavedTime"], time');
  const date = normaliseDate(
    dateElement?.getAttribute('datetime') ?? dateElement?.getAttribute('title') ?? dateElement?.textContent,
  );
  const excerpt = clipExcerpt(textOf(body) || textOf(largestTextBlock(message, sender.element)));
  if (!subject && !sender.address && !excerpt) return null;
  return {
    app: 'Outlook',
    subject: subject || '(no subject)',
    fromName: sender.name,
    fromAddress: sender.address,
    date,
    messageId: message.getAttribute('data-item-id') ?? itemId,
    threadId: itemId,
    url: outlookItemLink(url, itemId),
    excerpt,
  };
}
