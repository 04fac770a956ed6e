// The push's one-scan text check (jsonTextIsStorable): whenever it says a body's strings are storable, the walk
// of every string (findUnstorableText) agrees, so parsePushRequest answers the same with and without the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../../shared/hlc';
import { uuidv7 } from '../../../shared/id';
import { jsonTextIsStorable, PROTOCOL_VERSION, parsePushRequest } from '../../../shared/sync/protocol';
import { findUnstorableText } from '../../../shared/text';

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

describe('jsonTextIsStorable', () => {
  it('refuses the escapes that spell a NUL or a lone surrogate, and text that is not well formed', () => {
    expect(jsonTextIsStorable('{"a":"plain é 😀"}')).toBe(true);
    expect(jsonTextIsStorable('{"a":"\\u0000"}')).toBe(false);
    expect(jsonTextIsStorable('{"a":"\\ud800"}')).toBe(false);
    expect(jsonTextIsStorable('{"a":"\\uDFFF"}')).toBe(false);
    expect(jsonTextIsStorable('{"\\u0000":1}')).toBe(false);
    expect(jsonTextIsStorable('{"a":"\ud800"}')).toBe(false);
  });

  it('never calls storable a value the walk refuses', () => {
    fc.assert(
      fc.property(fc.array(literal, { minLength: 1, maxLength: 4 }), (literals) => {
        const text = `{${literals.map((l, i) => `${i % 2 ? l : `"k${i}"`}:${l}`).join(',')}}`;
        const value = JSON.parse(text);
        if (jsonTextIsStorable(text)) expect(findUnstorableText(value)).toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: false }), (anything) => {
        // Wrapped: the walk takes a mutation's fields, always an object.
        const text = JSON.stringify({ value: anything });
        if (jsonTextIsStorable(text)) expect(findUnstorableText(JSON.parse(text))).toBeNull();
      }),
    );
  });

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
