// Compiles the sync server (server/index.ts and everything it imports) into ES modules under .output/server/, with
// esbuild: production runs plain JavaScript, not TypeScript compiled at start-up (tsx costs ~70 MiB of memory and a
// slower start). Native and optional packages stay external and load from node_modules: better-sqlite3 (a native
// addon) and pg (only with DATABASE_URL).
// Code splitting: index.mjs is the small entry (server/index.ts, which may re-execute Node with the memory settings
// before anything else loads); what it and the server import dynamically is written as chunks/*.mjs, named by
// content hash, so a process only evaluates the code it uses.
// Usage: `node scripts/build-server.mjs` (also exported as buildServer() for the test and bench helpers).
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BUNDLE = resolve(root, '.output/server/index.mjs');
/** Chunks no current entry imports are removed once this old (a server started earlier may still load them). */
const STALE_CHUNK_MS = 60 * 60_000;

/**
 * zod re-exports its ~40 locales' messages as `z.locales`, so every one was bundled and parsed at start-up (264 KB of
 * the 478 KB shared chunk) though the server only answers with zod's English default: idle RSS 69.4–70.1 → 68.1–68.8
 * MiB (bench/server.ts). This gives `z.locales` English alone; zod's own default import of `en.js` is untouched.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: resolve(dirname(args.importer), '../locales/index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(resolve(dirname(args.path), 'en.js'))};`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

/** Chunk files `file` (an entry or chunk in `dir`) imports, transitively. */
export async function reachableChunks(dir, file, seen = new Set()) {
  const text = await readFile(join(dir, file), 'utf8');
  for (const [, name] of text.matchAll(/["'](?:\.\/|\.\.\/)?(?:chunks\/)?(\w[\w-]*-[A-Z0-9]{8}\.mjs)["']/g)) {
    const chunk = `chunks/${name}`;
    if (seen.has(chunk)) continue;
    seen.add(chunk);
    await reachableChunks(dir, chunk, seen).catch(() => {});
  }
  return seen;
}

/**
 * Build the bundle into a temporary directory, move the chunks (content-named, so a concurrent build of the same
 * sources writes the same files) and then the entry into place by rename: a concurrent start never sees half a file.
 */
export async function buildServer({ outfile = SERVER_BUNDLE } = {}) {
  const outdir = dirname(outfile);
  const temporary = join(outdir, `.build-${process.pid}-${Date.now()}`);
  await mkdir(join(outdir, 'chunks'), { recursive: true });
  try {
    await build({
      entryPoints: { [basename(outfile, '.mjs')]: resolve(root, 'server/index.ts') },
      outdir: temporary,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      splitting: true,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3', 'pg'],
      plugins: [zodEnglishOnly],
      // Bundled CommonJS dependencies may call require(); give each ES module one.
      banner: {
        js: "import { createRequire as __wpCreateRequire } from 'node:module';\nconst require = __wpCreateRequire(import.meta.url);",
      },
      sourcemap: 'linked',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
    });
    for (const name of await readdir(join(temporary, 'chunks')).catch(() => [])) {
      await rename(join(temporary, 'chunks', name), join(outdir, 'chunks', name));
    }
    await rename(join(temporary, `${basename(outfile)}.map`), `${outfile}.map`).catch(() => {});
    await rename(join(temporary, basename(outfile)), outfile);
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  await pruneChunks(outdir, basename(outfile));
  return outfile;
}

/** Remove old chunks that the entries in `outdir` no longer import. */
async function pruneChunks(outdir, entry) {
  const keep = await reachableChunks(outdir, entry);
  for (const name of await readdir(join(outdir, 'chunks'))) {
    const path = join(outdir, 'chunks', name);
    const chunk = `chunks/${name.replace(/\.map$/, '')}`;
    if (keep.has(chunk)) continue;
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > STALE_CHUNK_MS) await rm(path, { force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const out = await buildServer();
  console.log(`Server built into ${out} (${Math.round(performance.now() - t0)} ms)`);
}
