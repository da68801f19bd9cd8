/** A half-open range of UTF-16 offsets into one text. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** Something wrong with a span of a file, to show as a diagnostic there. */
export interface SpanProblem extends TextSpan {
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export function spanContains(span: TextSpan, offset: number): boolean {
  // Inclusive end: a cursor just after the last character still "touches" the span, as editors expect.
  return span.start <= offset && offset <= span.end;
}

/** Sorts and merges overlapping or touching spans. */
export function mergeSpans(spans: readonly TextSpan[]): TextSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      if (span.end > last.end) merged[merged.length - 1] = { start: last.start, end: span.end };
    } else {
      merged.push({ start: span.start, end: span.end });
    }
  }
  return merged;
}

/** The item whose span touches `offset`, in a list sorted by start (binary search). */
export function findSpanAt<T extends TextSpan>(items: readonly T[], offset: number): T | undefined {
  let low = 0;
  let high = items.length - 1;
  let candidate = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (items[mid].start <= offset) {
      candidate = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  // Touching spans: prefer the one that starts at the offset over the one that ends there.
  for (let i = candidate; i >= 0 && i >= candidate - 1; i--) {
    if (spanContains(items[i], offset)) return items[i];
  }
  return undefined;
}
