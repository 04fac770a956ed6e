// Compiles the sync server (server/index.ts and everything it imports) into one ES module,
// .output/server/index.mjs, with esbuild: production runs plain JavaScript, not TypeScript compiled at start-up
// (tsx costs ~70 MiB of memory and a slower start). Native and optional packages stay external and load from
// node_modules: better-sqlite3 (a native addon) and pg (only with DATABASE_URL).
// Usage: `node scripts/build-server.mjs` (also exported as buildServer() for the test and bench helpers).
import { mkdir, rename } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BUNDLE = resolve(root, '.output/server/index.mjs');

/** Build the bundle; written to a temporary name and renamed, so a concurrent start never sees half a file. */
export async function buildServer({ outfile = SERVER_BUNDLE } = {}) {
  await mkdir(dirname(outfile), { recursive: true });
  const temporary = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  await build({
    entryPoints: [resolve(root, 'server/index.ts')],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'pg'],
    // Bundled CommonJS dependencies may call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __wpCreateRequire } from 'node:module';\nconst require = __wpCreateRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  await rename(temporary, outfile);
  await rename(`${temporary}.map`, `${outfile}.map`).catch(() => {});
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const out = await buildServer();
  console.log(`Server built into ${out} (${Math.round(performance.now() - t0)} ms)`);
}
