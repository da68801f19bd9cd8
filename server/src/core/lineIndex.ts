import type { Position, Range } from 'vscode-languageserver-types';

/** A line index as a worker thread sends it (typed arrays clone cheaply). */
export interface LineIndexParts {
  readonly lineStarts: Uint32Array;
  readonly length: number;
  readonly terminatorLengths: Uint8Array;
}

/**
 * Offsets <-> LSP positions for one text. Offsets and characters are UTF-16 code units,
 * as LSP's default position encoding and JavaScript strings both are.
 */
export class LineIndex {
  private constructor(
    private readonly lineStarts: Uint32Array,
    readonly length: number,
    /** Length of each line's terminator (0, 1 or 2), so a position past a line's end clamps to it. */
    private readonly terminatorLengths: Uint8Array,
  ) {}

  static of(text: string): LineIndex {
    const starts = [0];
    const terminators: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // LSP counts \n, \r\n and a lone \r as line ends.
      if (c === 13 /* \r */) {
        const crlf = text.charCodeAt(i + 1) === 10;
        if (crlf) i++;
        terminators.push(crlf ? 2 : 1);
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        terminators.push(1);
        starts.push(i + 1);
      }
    }
    terminators.push(0);
    return new LineIndex(Uint32Array.from(starts), text.length, Uint8Array.from(terminators));
  }

  /** What a worker thread sends instead of the text. */
  toParts(): LineIndexParts {
    return { lineStarts: this.lineStarts, length: this.length, terminatorLengths: this.terminatorLengths };
  }

  static fromParts(parts: LineIndexParts): LineIndex {
    return new LineIndex(parts.lineStarts, parts.length, parts.terminatorLengths);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.lineStarts.length) return this.length;
    return this.lineStarts[line];
  }

  /** Where the line's text ends: before its terminator. */
  lineEnd(line: number): number {
    if (line < 0) return 0;
    if (line >= this.lineStarts.length) return this.length;
    const nextStart = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.length;
    return nextStart - this.terminatorLengths[line];
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.length;
    const start = this.lineStarts[position.line];
    return Math.max(start, Math.min(start + Math.max(0, position.character), this.lineEnd(position.line)));
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}
