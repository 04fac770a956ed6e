// No words left in the UI code outside the message tables: a scan of extension/**/*.tsx (parsed with
// @babel/parser) for JSX text and for aria-label / title / placeholder / alt / label values written as
// literals, and of every extension module for a `const text = { ... }` block of strings still to convert
// (the recipe is in README "Languages"). A text of symbols only ("·", "×", "#", "P") is not a word.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type ParseResult, parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const ATTRIBUTES = new Set(['aria-label', 'aria-description', 'title', 'placeholder', 'alt', 'label']);
/** Literals that are not words of a language: names and notations shown as they are everywhere. */
const NOT_WORDS = new Set(['Waypoint', 'Gmail', 'Outlook', 'https://team.example.com', 'ICS', 'URL', 'CSV', 'JSON']);
const hasWord = (text: string) => {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return /\p{L}{2,}/u.test(trimmed) && !NOT_WORDS.has(trimmed);
};

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'public' ? [] : files(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

type Node = { type: string; loc?: { start: { line: number } }; [key: string]: unknown };

function walk(node: unknown, visit: (node: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  const typed = node as Node;
  if (typeof typed.type === 'string') visit(typed);
  for (const [key, value] of Object.entries(typed)) {
    if (key !== 'loc' && key !== 'start' && key !== 'end' && value && typeof value === 'object') walk(value, visit);
  }
}

/** The literal words of an attribute value: a string, or the fixed parts of a template. */
function literalOf(value: Node | null | undefined): string | null {
  if (!value) return null;
  if (value.type === 'StringLiteral') return value.value as string;
  if (value.type === 'JSXExpressionContainer') return literalOf(value.expression as Node);
  if (value.type === 'TemplateLiteral')
    return (value.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked).join(' ');
  if (value.type === 'ConditionalExpression')
    return [literalOf(value.consequent as Node), literalOf(value.alternate as Node)].filter(Boolean).join(' ');
  if (value.type === 'LogicalExpression') return literalOf(value.right as Node);
  return null;
}

function literalsOf(source: string): { line: number; text: string }[] {
  const ast: ParseResult = parse(source, { sourceType: 'module', plugins: ['jsx', 'typescript'] });
  const found: { line: number; text: string }[] = [];
  walk(ast.program, (node) => {
    const line = node.loc?.start.line ?? 0;
    if (node.type === 'JSXElement' || node.type === 'JSXFragment') {
      for (const child of node.children as Node[]) {
        const at = child.loc?.start.line ?? line;
        if (child.type === 'JSXText' && hasWord(child.value as string))
          found.push({ line: at, text: String(child.value).trim() });
        // {'Save'}, {`Saved ${n}`}, {done ? 'Reopen' : 'Complete'} as a child.
        if (child.type === 'JSXExpressionContainer') {
          const text = literalOf(child.expression as Node);
          if (text && hasWord(text)) found.push({ line: at, text: text.trim() });
        }
      }
    }
    if (node.type === 'JSXAttribute') {
      const name = (node.name as Node).name as string;
      const text = ATTRIBUTES.has(name) ? literalOf(node.value as Node) : null;
      if (text && hasWord(text)) found.push({ line, text: `${name}="${text.trim()}"` });
    }
  });
  return found;
}

describe('UI literals', () => {
  it('finds the literals it is meant to find (the scan itself)', () => {
    const found = literalsOf(
      `const a = <p title="Open it" aria-label={\`Close \${x}\`}>Hello {'there'} · {t('k')} <b>×</b></p>;`,
    ).map((item) => item.text);
    expect(found.sort()).toEqual(['Hello', 'aria-label="Close"', 'there', 'title="Open it"']);
  });

  it('no JSX text or labelling attribute in extension/**/*.tsx is a literal', () => {
    const left = files(join(root, 'extension'), /\.tsx$/).flatMap((path) =>
      literalsOf(readFileSync(path, 'utf8')).map(({ line, text }) => `${relative(root, path)}:${line} ${text}`),
    );
    expect(left).toEqual([]);
  });

  it('no `const text = { … }` block of strings is left to convert into _locales', () => {
    const left = files(join(root, 'extension'), /\.tsx?$/)
      .filter((path) => /^const text = \{/m.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(left).toEqual([]);
  });
});
