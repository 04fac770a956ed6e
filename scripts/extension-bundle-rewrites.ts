// Build-time rewrites of two dependencies for the extension bundles (Chrome and Firefox), as a Vite plugin.
//
// Mozilla's add-ons linter flags code, not behaviour, so a runtime switch is not enough to pass it:
// - zod 4 compiles object parsers with `new Function` unless `jitless` is set, and probes for it with
//   `new Function("")` on first use. The extension gets `jitless: true` as zod's default config (so the order in
//   which modules set it up cannot matter) and every `Function` constructor in zod's core becomes a function
//   that refuses, so no code generation is left in the bundle at all. Chrome's MV3 CSP (no 'unsafe-eval')
//   then never sees an attempt either. The server keeps zod's fast path: it is bundled by esbuild, not here.
// - Preact's `dangerouslySetInnerHTML` path assigns `innerHTML`. Waypoint never renders HTML strings (Biome's
//   noDangerouslySetInnerHtml forbids it in source), so that branch is replaced by an error.
// Each rewrite must match exactly as often as expected in the file it targets: a dependency update that changes
// the code fails the build here instead of silently shipping the old code.
import type { Plugin } from 'vite';

interface Rewrite {
  /** Which module (a path inside node_modules, `/` separated). */
  file: RegExp;
  find: RegExp;
  replace: string;
  /** How many matches the file must have. */
  count: number;
}

const REFUSE_FUNCTION =
  'function () { throw new EvalError("Waypoint builds zod without code generation (jitless): no Function constructor in the extension"); }';

export const REWRITES: Rewrite[] = [
  {
    file: /\/node_modules\/zod\/v4\/core\/core\.js$/,
    find: /\(_a\.__zod_globalConfig = \{\}\)/g,
    replace: '(_a.__zod_globalConfig = { jitless: true })',
    count: 1,
  },
  {
    file: /\/node_modules\/zod\/v4\/core\/(util|doc|compile)\.js$/,
    find: /const F = Function;/g,
    replace: `const F = ${REFUSE_FUNCTION};`,
    count: 1,
  },
  {
    // Minified: if (html) { …assign innerHTML… } else if (oldHtml && (dom.innerHTML = ""), diffChildren(…)…
    file: /\/node_modules\/preact\/dist\/preact\.(module\.js|mjs)$/,
    find: /if\((\w+)\)\w+\|\|(\w+)&&\(\1\.__html==\2\.__html\|\|\1\.__html==(\w+)\.innerHTML\)\|\|\(\3\.innerHTML=\1\.__html\),\w+\.__k=\[\];else if\(\2&&\(\3\.innerHTML=""\),/g,
    replace:
      'if($1||$2)throw new Error("Waypoint renders no HTML strings: dangerouslySetInnerHTML is not supported");else if(',
    count: 1,
  },
];

/** Apply the rewrites that target `id` to `code`; throws when a rewrite does not match as expected. */
export function rewriteModule(id: string, code: string): string | null {
  const path = id.split('?')[0]?.replaceAll('\\', '/') ?? id;
  let out: string | null = null;
  for (const rewrite of REWRITES) {
    if (!rewrite.file.test(path)) continue;
    const source: string = out ?? code;
    const found = source.match(rewrite.find)?.length ?? 0;
    if (found !== rewrite.count)
      throw new Error(
        `extension-bundle-rewrites: expected ${rewrite.count} match(es) of ${rewrite.find} in ${path}, found ${found}. ` +
          'The dependency changed: update the rewrite (see scripts/extension-bundle-rewrites.ts).',
      );
    out = source.replace(rewrite.find, rewrite.replace);
  }
  return out;
}

export function extensionBundleRewrites(): Plugin {
  return {
    name: 'waypoint:extension-bundle-rewrites',
    enforce: 'pre',
    transform(code, id) {
      const out = rewriteModule(id, code);
      return out === null ? null : { code: out, map: null };
    },
  };
}
