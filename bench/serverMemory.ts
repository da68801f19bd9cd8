/**
 * The server's own memory, as issue 7's target means it: the real `dist/server.js` process over
 * stdio, on a workspace folder on disk holding the generated notes and a CSL-JSON bibliography
 * (`references.json`) of the generated papers, the way a reference manager's export would bring
 * 100k papers into a workspace. RSS is read from `/proc/<pid>/status` (Linux): after the first
 * index, and after a first citation completion 5 s later (the server builds the citation search
 * over every paper the workspace knows between requests once the files are read; the completion
 * finishes what is left). The bundled catalog is the shipped one, not the bench's.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileUri, startServer } from '../test/support/serverProcess';
import { removeWorkspace, writeNotesWorkspace } from './activation';
import { type BenchNote, type BenchPaper, arxivIdOf } from './corpus';
import { type Distribution, distribution, megabytes, now } from './measure';
import type { IndexSummary } from '../server/src/protocol';

export interface ServerMemoryResult {
  readonly notes: number;
  readonly papers: number;
  readonly bibliographyMB: number;
  /** From `initialize` to `paperNotes/indexReady` (notes and the bibliography read). */
  readonly indexMs: number;
  /** The server's own count (`IndexSummary.referencesMs`): when every note's references were indexed, its first pass. */
  readonly referencesMs: number;
  readonly rssAfterIndexMB: number;
  /** The first completion, 5 s after the first index: it finishes building the citation search, begun in the background. */
  readonly firstCompletionMs: number;
  readonly rssAfterCompletionMB: number;
  /** The largest RSS the process reached (VmHWM). */
  readonly peakRssMB: number;
  /**
   * Hovers on the most cited paper in an open note, one every ~100 ms while the first index is
   * built, and then while the citation search is built between requests (the 5 s after it).
   */
  readonly hoverDuringIndex: Distribution;
  readonly hoverAfterIndex: Distribution;
}

/** Paper as a CSL-JSON item, as Zotero's Better CSL JSON export writes it. */
function cslItem(paper: BenchPaper): Record<string, unknown> {
  return {
    id: paper.citekey,
    type: 'article',
    title: paper.title,
    author: paper.authors.map((name) => {
      const parts = name.split(' ');
      return parts.length > 1 ? { family: parts[parts.length - 1], given: parts.slice(0, -1).join(' ') } : { literal: name };
    }),
    issued: { 'date-parts': [[Number(paper.year)]] },
    ...(paper.doi ? { DOI: paper.doi } : {}),
    URL: `https://arxiv.org/abs/${paper.arxiv}`,
    number: `arXiv:${paper.arxiv}`,
    abstract: paper.summary,
  };
}

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Waits `ms` so the server settles: its idle worker threads stop after 3 s; GC runs on its own schedule. */
const SETTLE_MS = 5_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureServerMemory(notes: readonly BenchNote[], papers: readonly BenchPaper[], log: (line: string) => void = () => undefined): Promise<ServerMemoryResult> {
  if (os.platform() !== 'linux') throw new Error('server memory is read from /proc: Linux only');
  const folder = writeNotesWorkspace(notes);
  try {
    const bibliography = path.join(folder, 'references.json');
    fs.writeFileSync(bibliography, JSON.stringify(papers.map(cslItem)));
    const bibliographyBytes = fs.statSync(bibliography).size;
    log(`server memory: ${notes.length} notes and a ${megabytes(bibliographyBytes).toFixed(0)} MB references.json of ${papers.length} papers`);
    const configuration = { paperNotes: { online: { enabled: false }, bibliography: { maxSizeKB: Math.ceil(bibliographyBytes / 1024) + 1024 } } };
    const started = now();
    const session = await startServer({ rootPath: folder, configuration });
    try {
      const pid = session.process.pid;
      if (pid === undefined) throw new Error('the server process has no pid');
      // A note open from the start, its first line citing the most cited paper, hovered meanwhile.
      const hovered = pathToFileUri(path.join(folder, 'bench-hover.md'));
      const hoveredText = `见 arXiv:${arxivIdOf(0)} 的讨论。`;
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: hovered, languageId: 'markdown', version: 1, text: hoveredText } });
      const hover = async () => {
        const asked = now();
        await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: hovered }, position: { line: 0, character: 6 } });
        return now() - asked;
      };
      const hoverUntil = async (done: () => boolean) => {
        const times: number[] = [];
        while (!done()) {
          times.push(await hover());
          await pause(100);
        }
        return times;
      };
      let ready = false;
      const indexReady = session.nextNotification<IndexSummary>('paperNotes/indexReady').then((summary) => {
        ready = true;
        return summary;
      });
      const duringIndex = await hoverUntil(() => ready);
      const summary = await indexReady;
      const indexMs = now() - started;
      const settled = now() + SETTLE_MS;
      const afterIndex = await hoverUntil(() => now() >= settled);
      const rssAfterIndex = statusField(pid, 'VmRSS');
      const uri = pathToFileUri(path.join(folder, 'bench-completion.md'));
      const text = '见 [@lora';
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      const asked = now();
      const completion = await session.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.length } });
      const firstCompletionMs = now() - asked;
      if (!completion) throw new Error('the server answered no completion');
      await pause(SETTLE_MS);
      const rssAfterCompletion = statusField(pid, 'VmRSS');
      const peak = statusField(pid, 'VmHWM');
      return {
        notes: notes.length,
        papers: papers.length,
        bibliographyMB: megabytes(bibliographyBytes),
        indexMs,
        referencesMs: summary.referencesMs,
        rssAfterIndexMB: megabytes(rssAfterIndex),
        firstCompletionMs,
        rssAfterCompletionMB: megabytes(rssAfterCompletion),
        peakRssMB: megabytes(peak),
        hoverDuringIndex: distribution(duringIndex),
        hoverAfterIndex: distribution(afterIndex),
      };
    } finally {
      await session.stop();
    }
  } finally {
    removeWorkspace(folder);
  }
}
