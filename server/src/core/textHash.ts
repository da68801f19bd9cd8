/**
 * A 64-bit hash of a string, as 16 hex digits. The index keeps fingerprints of every note to
 * compare old against new; kept as text they cost more memory than the notes themselves.
 */
export function hashText(text: string): string {
  // Two FNV-1a lanes with different primes, each finished by murmur3's avalanche and mixed with
  // the other, so a change anywhere flips about half of both halves.
  let high = 0x811c9dc5 ^ text.length;
  let low = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    high = Math.imul(high ^ code, 0x01000193);
    low = Math.imul(low ^ code, 0x5bd1e995);
  }
  high = avalanche(high ^ Math.imul(low, 0x85ebca6b));
  low = avalanche(low ^ Math.imul(high, 0xc2b2ae35));
  return hex(high) + hex(low);
}

function avalanche(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
