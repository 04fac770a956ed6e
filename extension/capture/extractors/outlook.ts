// Outlook on the web extractor: the item id from the URL (`/mail/<folder>/id/<id>`), the reading pane by
// its ARIA role and labels, `data-testid`s and `title`s for sender and date; class names are never used.
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

const BODY = '[aria-label="Message body" i], [role="document"]';
const MESSAGE = '[role="listitem"], [aria-label*="message" i]:not([aria-label="Message body" i]), [data-item-id]';

/** The outermost matches of `selector` under `root`: a message block nested in a body is the sender's text. */
function outermost(root: Element, selector: string): Element[] {
  return Array.from(root.querySelectorAll(selector)).filter((el) => !el.parentElement?.closest(BODY));
}

/**
 * The sender from the message's header area (outside its body): the persona shows the name and keeps the
 * address in its tooltip or as "Name <address>".
 */
function senderOf(message: Element, body: Element[]): { name: string; address: string; element: Element | null } {
  const header = (element: Element) => !insideAny(element, body);
  const labelled = Array.from(
    message.querySelectorAll('[aria-label^="From" i], [data-testid*="sender" i], [data-testid*="From" i]'),
  ).find(header);
  const scope = labelled ?? message;
  for (const element of Array.from(scope.querySelectorAll('[title], [aria-label]'))) {
    if (!header(element)) continue;
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
  // The open message's body: the last one of the conversation, never a block nested inside another body.
  const body = outermost(pane, BODY).at(-1) ?? null;
  if (!body) return null;
  // Its message: the nearest block around the body whose header (outside the body) names a sender.
  let message: Element | null = null;
  for (
    let at = body.parentElement?.closest(MESSAGE);
    at && pane.contains(at);
    at = at.parentElement?.closest(MESSAGE)
  ) {
    if (senderOf(at, [body]).address) {
      message = at;
      break;
    }
  }
  message ??= body.parentElement?.closest(MESSAGE) ?? body.parentElement;
  if (!message) return null;
  // Everything the sender wrote: the body and whatever it nests.
  const written = [body];
  const subject = collapse(
    pane.querySelector('[role="heading"][aria-level="2"] [title]')?.getAttribute('title') ??
      pane.querySelector('[role="heading"][aria-level="2"], [role="heading"]')?.textContent,
  );
  const sender = senderOf(message, written);
  const dateElement = Array.from(message.querySelectorAll('[data-testid="SentReceivedSavedTime"], time')).find(
    (element) => !insideAny(element, written),
  );
  const date = normaliseDate(
    dateElement?.getAttribute('datetime') ?? dateElement?.getAttribute('title') ?? dateElement?.textContent,
  );
  const excerpt = clipExcerpt(textOf(body) || textOf(largestTextBlock(message, sender.element)));
  if (!subject && !sender.address && !excerpt) return null;
  // The item id of the message itself: the nearest block that carries one around the header, not the body.
  const itemOf = message.closest('[data-item-id]') ?? message.querySelector('[data-item-id]');
  const ownId = itemOf && !insideAny(itemOf, written) ? itemOf.getAttribute('data-item-id') : null;
  return fitEmail({
    app: 'Outlook',
    subject: subject || '(no subject)',
    fromName: sender.name,
    fromAddress: sender.address,
    date,
    messageId: ownId ?? itemId,
    threadId: itemId,
    url: outlookItemLink(url, itemId),
    excerpt,
  });
}
