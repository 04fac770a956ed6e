// Captured text cleaning: controls, bidi overrides, zero-width characters and lone surrogates removed, cuts
// that never split a surrogate pair.
import {
  cleanBlock,
  cleanLine,
  cleanText,
  clipUnits,
  clipWords,
  findUnstorableText,
  jsonTextIsStorable,
} from '@@/shared/text';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const isWellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe('cleaning', () => {
  it.each([
    ['NUL\u0000 and bell\u0007', 'NUL and bell'],
    ['Invoice \u202Efdp.exe\u202C', 'Invoice fdp.exe'],
    ['\u2066isolate\u2069 \u200Fmark\u200E', 'isolate mark'],
    ['zero\u200Bwidth\u2060join\uFEFF', 'zerowidthjoin'],
    ['C1\u0085next \u009Bcsi', 'C1 next csi'],
    ['soft\u00ADhyphen', 'softhyphen'],
    ['Latin\u200Djoiner', 'Latinjoiner'],
    ['می\u200Cخواهم', 'می\u200Cخواهم'],
    ['👩\u200D💻 dev', '👩\u200D💻 dev'],
    ['lone \uD83D surrogate \uDE00 halves', 'lone surrogate halves'],
  ])('%j → %j', (input, expected) => expect(cleanLine(input)).toBe(expected));

  it('keeps line breaks in a block and collapses blank runs', () => {
    expect(cleanBlock('  First line\r\n\r\n\r\n\tSecond\u2028third  ')).toBe('First line\n\nSecond\nthird');
    expect(cleanText('a\tb')).toBe('a\tb');
  });

  it('never leaves a lone surrogate, whatever the input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => isWellFormed(cleanText(text))));
  }, 60_000);
});

describe('cutting', () => {
  it('never splits a surrogate pair', () => {
    expect(clipUnits('ab😀', 3)).toBe('ab');
    expect(clipUnits('ab😀', 4)).toBe('ab😀');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 60 }), (text, max) => {
        const cut = clipUnits(text, max);
        const words = clipWords(text, max);
        return cut.length <= max && words.length <= max && isWellFormed(cut) && isWellFormed(words);
      }),
    );
  }, 60_000);

  it('shortens at a word with an ellipsis', () => {
    expect(clipWords('Ship the beta by Friday afternoon', 20)).toBe('Ship the beta by…');
    expect(clipWords('short', 20)).toBe('short');
  });
});

describe('findUnstorableText', () => {
  it('names the path of the first string or key no storage can hold', () => {
    expect(findUnstorableText({ title: 'ok', tags: ['a', 'b'], source: { url: 'https://x.test' } })).toBeNull();
    expect(findUnstorableText({ title: 'ok', tags: ['a', 'b\u0000'] })).toEqual({
      path: ['tags', 1],
      message: 'text contains a NUL character',
    });
    expect(findUnstorableText({ source: { email: { subject: 'x\uD800' } } })).toEqual({
      path: ['source', 'email', 'subject'],
      message: 'text contains an unpaired UTF-16 surrogate',
    });
    expect(findUnstorableText({ source: { 'bad\u0000key': 1 } })).toEqual({
      path: ['source', 'bad\u0000key'],
      message: 'key: text contains a NUL character',
    });
    expect(findUnstorableText('\u0000')).toEqual({ path: [], message: 'text contains a NUL character' });
  });

  it('stops at the depth limit with the path to it', () => {
    const deep = { a: [{ b: [[]] }] };
    expect(findUnstorableText(deep, 3)).toEqual({ path: ['a', 0, 'b'], message: 'nested deeper than 3 levels' });
    expect(findUnstorableText(deep, 5)).toBeNull();
  });
});

describe('jsonTextIsStorable', () => {
  it('says "storable" only of a text whose parsed value findUnstorableText passes', () => {
    const value = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }));
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 6 }), (json, depth) => {
        // Inside an object, as a file is (the walk takes an object or an array).
        const text = JSON.stringify({ json });
        if (jsonTextIsStorable(text, depth)) expect(findUnstorableText(JSON.parse(text), depth)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('skips strings exactly as a look at every character does, on any text', () => {
    // The scan before indexOf: a backslash escapes the next character, a bare quote ends the string.
    const reference = (text: string, maxDepth: number): boolean => {
      if (text.includes('\u0000') || /[\uD800-\uDFFF]/.test(text) || /\\u(?:0000|[dD][89a-fA-F])/.test(text))
        return jsonTextIsStorable(text, maxDepth);
      let depth = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"') {
          for (i++; i < text.length; i++) {
            if (text[i] === '\\') i++;
            else if (text[i] === '"') break;
          }
        } else if (c === '[' || c === '{') {
          if (++depth > maxDepth) return false;
        } else if (c === ']' || c === '}') depth--;
      }
      return true;
    };
    const pieces = fc.constantFrom('"', '\\', '[', ']', '{', '}', 'a', ':', ',', ' ');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), fc.integer({ min: 1, max: 4 }), (parts, depth) => {
        const text = parts.join('');
        expect(jsonTextIsStorable(text, depth)).toBe(reference(text, depth));
      }),
      { numRuns: 2000 },
    );
  });

  it('passes plain text and emoji without a walk, and sends escapes and deep nesting to one', () => {
    expect(jsonTextIsStorable('{"title":"A task 😀","tags":["x"]}')).toBe(true);
    expect(jsonTextIsStorable('{"title":"nul \\u0000"}')).toBe(false);
    expect(jsonTextIsStorable('{"title":"escaped \\uD83D"}')).toBe(false);
    expect(jsonTextIsStorable('{"title":"raw \uD83D"}')).toBe(false);
    expect(jsonTextIsStorable('[[[]]]', 3)).toBe(true);
    expect(jsonTextIsStorable('[[[[]]]]', 3)).toBe(false);
    // Brackets inside strings do not nest (fast-check found `{"]":null,"":[]}` called storable at depth 2).
    expect(jsonTextIsStorable('{"json":{"]":null,"":[[]]}}', 3)).toBe(false);
    expect(jsonTextIsStorable('{"a":"[[[[\\"}', 2)).toBe(true);
  });
});
