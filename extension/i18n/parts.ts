// A message with markup inside ("Right-click … and choose <em>Add to Waypoint</em>"): the words stay one
// message in _locales, whose `$1`… mark where the elements go, so a translation may move them.
import type { ComponentChildren } from 'preact';
import { type MessageKey, t } from './index';

const MARK = '\u{F0000}';

/** The message `key` as children, with each `$n` replaced by the n-th of `parts` (an element or text). */
export function tParts(key: MessageKey, ...parts: ComponentChildren[]): ComponentChildren[] {
  const text = t(key, ...parts.map((_, index) => `${MARK}${index}${MARK}`));
  return text.split(new RegExp(`${MARK}(\\d+)${MARK}`, 'u')).map((piece, index) =>
    // split() with a capture group: odd pieces are the indexes of the parts.
    index % 2 === 1 ? parts[Number(piece)] : piece,
  );
}
