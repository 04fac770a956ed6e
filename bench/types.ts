// The shape every benchmark section returns; bench/run.ts renders them into docs/benchmarks.md.
export interface BenchSection {
  title: string;
  rows: { metric: string; value: string; target?: string; pass?: boolean }[];
  notes?: string[];
}
