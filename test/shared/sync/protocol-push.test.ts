// The push's one-scan text check (shared/text.ts jsonTextIsStorable, held to the walk in test/shared/text.test.ts):
// parsePushRequest answers the same with the body text as without it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../../shared/hlc';
import { uuidv7 } from '../../../shared/id';
import { PROTOCOL_VERSION, parsePushRequest } from '../../../shared/sync/protocol';

/** Pieces of a JSON string literal: plain text, escapes of NUL and surrogates (lone and paired), an escaped backslash. */
const piece = fc.constantFrom(
  'a',
  'é',
  '😀',
  '\\n',
  '\\"',
  '\\u0000',
  '\\u0041',
  '\\ud800',
  '\\uDC00',
  '\\ud83d\\ude00',
  '\\\\u0000',
  '\\\\',
);
const literal = fc.array(piece, { maxLength: 6 }).map((parts) => `"${parts.join('')}"`);

const body = (title: string, key = '"title"') =>
  `{"protocolVersion":${PROTOCOL_VERSION},"teamId":"${uuidv7()}","clientId":"c1","mutations":[{"seq":1,"op":"patch","table":"tasks","key":"${uuidv7()}","hlc":"${formatHlc({ ms: 1_700_000_000_000, counter: 1, clientId: 'c1' })}","fields":{${key}:${title}}}]}`;

describe('parsePushRequest with the body text', () => {
  it('parsePushRequest answers the same with the body text as without it', () => {
    fc.assert(
      fc.property(literal, fc.boolean(), (title, asKey) => {
        const text = asKey ? body('"x"', title) : body(title);
        const raw = JSON.parse(text);
        expect(parsePushRequest(raw, text)).toEqual(parsePushRequest(raw));
      }),
    );
    const refused = parsePushRequest(JSON.parse(body('"a\\u0000b"')), body('"a\\u0000b"'));
    expect(refused.success).toBe(false);
  });
});
