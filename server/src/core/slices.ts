/**
 * Long builds (the citation search over a large library) are generators that yield between
 * slices of a few milliseconds, so a server can run them between requests; this runs one to its
 * end at once, for a caller that needs the result now.
 */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
