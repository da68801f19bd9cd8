/** Timing and statistics for the benchmark: monotonic clock, percentiles, a forced GC for memory readings. */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Milliseconds since an arbitrary origin, from the monotonic high-resolution clock. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function timed<T>(run: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

export interface Distribution {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile of already sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function distribution(samples: readonly number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, mean };
}

/** Runs `run` once per item, timing each call. */
export function sample<T>(items: readonly T[], run: (item: T) => unknown): number[] {
  const times: number[] = [];
  for (const item of items) {
    const start = process.hrtime.bigint();
    run(item);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

let gcFunction: (() => void) | undefined;
/** A full collection, so memory readings are of what is live (gc exposed at run time, no flag needed). */
export function collectGarbage(): void {
  if (!gcFunction) {
    v8.setFlagsFromString('--expose-gc');
    gcFunction = vm.runInNewContext('gc') as () => void;
  }
  gcFunction();
  gcFunction();
}

export function megabytes(bytes: number): number {
  return bytes / (1024 * 1024);
}

/** A number for a table: ms with sensible precision. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}
