// The build-time rewrites of zod and Preact, applied to the installed packages' real files.

import { rewriteModule } from '@@/scripts/extension-bundle-rewrites';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const modules = resolve(import.meta.dirname, '../../node_modules');
const read = (path: string) => readFileSync(resolve(modules, path), 'utf8');
const id = (path: string) => resolve(modules, path);

describe('rewriteModule', () => {
  it('makes zod jitless by default', () => {
    const out = rewriteModule(id('zod/v4/core/core.js'), read('zod/v4/core/core.js'));
    expect(out).toContain('__zod_globalConfig = { jitless: true }');
  });

  it.each(['zod/v4/core/util.js', 'zod/v4/core/doc.js', 'zod/v4/core/compile.js'])(
    'leaves no Function constructor in %s',
    (path) => {
      const out = rewriteModule(`${id(path)}?v=1`, read(path)) ?? '';
      expect(out).not.toMatch(/=\s*Function\b/);
      // What stands in for it refuses, so zod's eval probe reads "no eval" and its compiler is never reached.
      expect(out).toMatch(/const F = function \(\) \{ throw new EvalError\(/);
    },
  );

  it.each(['preact/dist/preact.module.js', 'preact/dist/preact.mjs'])('removes innerHTML from %s', (path) => {
    const before = read(path);
    expect(before).toContain('innerHTML');
    const out = rewriteModule(id(path), before) ?? '';
    expect(out).not.toContain('innerHTML');
    expect(out).toContain('dangerouslySetInnerHTML is not supported');
  });

  it('fails loudly when a dependency no longer has the code it rewrites', () => {
    expect(() => rewriteModule(id('zod/v4/core/util.js'), 'export const allowsEval = () => false;')).toThrow(
      /expected 1 match\(es\).*found 0/,
    );
  });

  it('leaves every other module alone', () => {
    expect(rewriteModule(id('dexie/dist/dexie.mjs'), 'const F = Function;')).toBeNull();
    expect(rewriteModule('/work/extension/popup/app.tsx', 'x.innerHTML = 1')).toBeNull();
  });
});
