// Runs one benchmark section and prints its table (for working on one figure): node --import tsx bench/one.ts sync.ts run
import { resolve } from 'node:path';
import type { BenchSection } from './types';

const [file = 'server.ts', exported = 'run'] = process.argv.slice(2);
const mod = (await import(resolve(import.meta.dirname, file))) as Record<string, () => Promise<unknown>>;
const result = (await mod[exported]!()) as BenchSection | { sections: BenchSection[] };
const sections = 'sections' in result ? result.sections : [result];
for (const section of sections) {
  console.log(`## ${section.title}`);
  for (const row of section.rows)
    console.log(`${row.pass === false ? '❌' : row.pass ? '✅' : '  '} ${row.metric}: ${row.value}`);
  for (const note of section.notes ?? []) console.log(`  - ${note.slice(0, 400)}`);
}
process.exit(0);
