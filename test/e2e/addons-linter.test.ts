// Mozilla's add-ons linter on the Firefox build (.output/firefox-mv2): nothing reported, not even a notice. Also
// what it flagged before, checked on both builds' files (Chrome's MV3 CSP refuses eval and inline HTML the same).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const FIREFOX_BUILD = join(ROOT, '.output/firefox-mv2');
const CHROME_BUILD = join(ROOT, '.output/chrome-mv3');
const LINTER = join(dirname(createRequire(import.meta.url).resolve('addons-linter/package.json')), 'bin/addons-linter');

interface LinterMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
}
interface LinterReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LinterMessage[];
  warnings: LinterMessage[];
  notices: LinterMessage[];
}

/** Run the linter's command line on a directory; it exits non-zero on errors, so the JSON is read either way. */
function lint(dir: string): Promise<LinterReport> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [LINTER, '--output', 'json', '--boring', dir],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        try {
          done(JSON.parse(stdout) as LinterReport);
        } catch {
          fail(new Error(`addons-linter printed no report (${error?.message ?? 'exit 0'}):\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

const describeAll = (report: LinterReport) =>
  [...report.errors, ...report.warnings, ...report.notices].map(
    (m) => `${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''} ${m.message}`,
  );

async function scripts(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.js')).map((e) => join(e.parentPath, e.name));
}

/** Every bundle file of `dir` that contains `pattern`, relative to the build. */
async function filesMatching(dir: string, pattern: RegExp): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await scripts(dir)) if (pattern.test(await readFile(file, 'utf8'))) hits.push(relative(dir, file));
  return hits;
}

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('the Firefox build under addons-linter', () => {
  it('reports 0 errors, 0 warnings and 0 notices', { timeout: 120_000 }, async () => {
    const report = await lint(FIREFOX_BUILD);
    expect(describeAll(report)).toEqual([]);
    expect(report.summary).toEqual({ errors: 0, warnings: 0, notices: 0 });
  });

  it('declares its data collection and a Firefox that reads the declaration', async () => {
    const manifest = JSON.parse(await readFile(join(FIREFOX_BUILD, 'manifest.json'), 'utf8'));
    const gecko = manifest.browser_specific_settings.gecko;
    expect(gecko.data_collection_permissions.required).toEqual(
      expect.arrayContaining(['browsingActivity', 'websiteContent']),
    );
    expect(Number.parseFloat(gecko.strict_min_version)).toBeGreaterThanOrEqual(140);
    // The project view is Firefox's sidebar, and no Chrome side panel is asked for.
    expect(manifest.sidebar_action.default_panel).toBe('sidepanel.html');
    expect(manifest.permissions).not.toContain('sidePanel');
  });

  // The report above is only worth something if the linter really reads the scripts: a copy with one bad line.
  it('does report an innerHTML assignment (the check above can fail)', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waypoint-lint-'));
    scratch.push(dir);
    const manifest = {
      manifest_version: 2,
      name: 'Lint probe',
      version: '1.0',
      background: { scripts: ['background.js'] },
      browser_specific_settings: {
        gecko: {
          id: 'probe@waypoint.dev',
          strict_min_version: '142.0',
          data_collection_permissions: { required: ['none'] },
        },
      },
    };
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    await writeFile(join(dir, 'background.js'), 'document.body.innerHTML = location.hash;\n');
    const report = await lint(dir);
    expect(report.warnings.map((w) => w.code)).toContain('UNSAFE_VAR_ASSIGNMENT');
  });
});

describe('what the linter flagged, in both builds', () => {
  it.each([
    ['Firefox', FIREFOX_BUILD],
    ['Chrome', CHROME_BUILD],
  ])('the %s bundles hold no innerHTML and no Function constructor', async (_name, dir) => {
    expect(await scripts(dir)).not.toEqual([]);
    expect(await filesMatching(dir, /innerHTML/)).toEqual([]);
    // `Function(…)`, `new Function`, or an alias taken of it (`=Function,` as zod's Doc.compile had).
    expect(await filesMatching(dir, /\bFunction\s*\(|new Function\b|[=(,]\s*Function\s*[,;)]/)).toEqual([]);
  });

  it('only the Chrome bundles open the side panel', async () => {
    expect(await filesMatching(FIREFOX_BUILD, /sidePanel/)).toEqual([]);
    expect(await filesMatching(CHROME_BUILD, /sidePanel\.open/)).not.toEqual([]);
  });
});
