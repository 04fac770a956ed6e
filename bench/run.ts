// Runs every benchmark section (extension in Chromium, server push if present) and writes docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { CHROMIUM } from '../test/e2e/harness';
import { extensionTimings, popupJsSize } from './extension';
import type { BenchSection } from './types';

const root = resolve(import.meta.dirname, '..');
const OUT = resolve(root, 'docs/benchmarks.md');
/** A section that hangs (a browser or server that never answers) must not keep the others from being written. */
const SECTION_TIMEOUT_MS = 12 * 60_000;

function chromiumVersion(fromBrowser: string): string {
  if (fromBrowser) return fromBrowser;
  try {
    const out = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /Chromium [\d.]+/.exec(out)?.[0] ?? out.trim();
  } catch {
    return 'unknown';
  }
}

function nproc(): string {
  try {
    return execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    return String(cpus().length);
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function render(sections: BenchSection[], machine: Record<string, string>, started: Date, busy: number): string {
  const lines = [
    '# Benchmarks',
    '',
    `Measured ${started.toISOString().replace('T', ' ').slice(0, 16)} UTC. Reproduce with:`,
    '',
    '```sh',
    'npm run bench   # = npm run build && node scripts/build-server.mjs && node --import tsx bench/run.ts',
    '```',
    '',
    '| Machine | |',
    '| --- | --- |',
    ...Object.entries(machine).map(([k, v]) => `| ${k} | ${cell(v)} |`),
    '',
    ...(busy
      ? [
          `**This run shared the machine with other work** (load average up to ${busy.toFixed(1)} on ${nproc()} CPUs): absolute times are inflated and noisy. Each figure's floor was measured in the same run, interleaved where the section says so, so the ratios are the fairer reading.`,
          '',
        ]
      : []),
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, '', '| Metric | Value | Target | |', '| --- | ---: | --- | --- |');
    for (const row of section.rows) {
      const verdict = row.pass === undefined ? '' : row.pass ? '✅ pass' : '❌ miss';
      lines.push(`| ${cell(row.metric)} | ${cell(row.value)} | ${cell(row.target ?? '')} | ${verdict} |`);
    }
    if (section.notes?.length) lines.push('', ...section.notes.map((note) => `- ${note}`));
    lines.push('');
  }
  return lines.join('\n');
}

async function main() {
  const started = new Date();
  const loadAtStart = loadavg();
  const sections: BenchSection[] = [];
  const failed: string[] = [];
  const attempt = async (name: string, run: () => Promise<BenchSection[]>) => {
    const t0 = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${SECTION_TIMEOUT_MS / 60_000} min`)),
        SECTION_TIMEOUT_MS,
      );
    });
    try {
      sections.push(...(await Promise.race([run(), timeout])));
      console.log(`✓ ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed.push(name);
      console.error(`✗ ${name}:`, error);
      sections.push({ title: name, rows: [], notes: [`Failed: ${error instanceof Error ? error.message : error}`] });
    } finally {
      clearTimeout(timer);
    }
  };

  let browserVersion = '';
  await attempt('Extension in Chromium', async () => {
    const { sections: timed, chromium } = await extensionTimings();
    browserVersion = chromium;
    return timed;
  });
  await attempt('Popup JavaScript size', async () => [await popupJsSize()]);
  // Sections in their own modules: each export named here returns a BenchSection.
  for (const [file, exported, name] of [
    ['push.ts', 'run', 'Server push'],
    ['server.ts', 'run', 'Sync server alone'],
    ['sync.ts', 'run', 'Team sync'],
    ['sync.ts', 'runBig', 'Bootstrap of 100,000 rows'],
  ] as const) {
    const path = resolve(import.meta.dirname, file);
    if (!existsSync(path)) continue;
    await attempt(name, async () => {
      const mod = (await import(path)) as Record<string, () => Promise<BenchSection>>;
      const section = mod[exported];
      if (!section) throw new Error(`${file} has no export ${exported}`);
      return [await section()];
    });
  }

  const machine = {
    CPUs: `${nproc()} × ${cpus()[0]?.model.trim() ?? 'unknown'}`,
    Memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    Node: process.version,
    Chromium: chromiumVersion(browserVersion),
    OS: `${process.platform} ${process.arch}`,
    'Load average (1/5/15 min), start → end': `${loadAtStart.map((n) => n.toFixed(2)).join(' / ')} → ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' / ')}`,
  };
  await mkdir(resolve(root, 'docs'), { recursive: true });
  // A 1-minute load above the CPU count at either end means other work competed for the CPUs.
  const peakLoad = Math.max(loadAtStart[0] ?? 0, loadavg()[0] ?? 0);
  await writeFile(OUT, render(sections, machine, started, peakLoad > cpus().length ? peakLoad : 0));
  console.log(`Wrote ${OUT}`);
  for (const section of sections) {
    for (const row of section.rows) if (row.pass === false) console.warn(`  miss: ${section.title} — ${row.metric}`);
  }
  // A timed-out section may still hold a browser or a server open: leave anyway.
  process.exit(failed.length ? 1 : 0);
}

await main();
