import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/core/languageService';
import { type DiagnosticSettings, defaultDiagnosticSettings } from '../../server/src/core/features/diagnostics';
import { noteUri, textAt, workspace } from '../support/inMemoryWorkspace';

function diagnose(text: string, settings: DiagnosticSettings = { ...defaultDiagnosticSettings, mixedVersions: false }) {
  const ws = workspace({ 'a.md': text });
  const service = createLanguageService({ index: ws.index, diagnosticSettings: () => settings });
  const uri = noteUri('a.md');
  return { ws, uri, service, diagnostics: service.diagnostics(uri) };
}

describe('diagnostics', () => {
  it('tells why an arXiv ID cannot exist, once per reference, and never in code', () => {
    const { ws, uri, diagnostics } = diagnose('arXiv:2113.01234 and arXiv:0704.12345 and https://arxiv.org/abs/1706.03762v0\n\n`arXiv:2113.01234`\n');
    assert.deepEqual(diagnostics.map((d) => [textAt(ws, uri, d.range), d.code]), [
      ['2113.01234', 'arxiv-invalid'],
      ['0704.12345', 'arxiv-invalid'],
      ['1706.03762v0', 'arxiv-invalid'],
    ]);
    assert.match(String(diagnostics[0].message), /month 13/);
  });

  it('offers the re-padded ID for a mis-padded one, as a quick fix', () => {
    const { ws, uri, service, diagnostics } = diagnose('see arXiv:1501.0001 please');
    assert.equal(diagnostics.length, 1);
    assert.equal(textAt(ws, uri, diagnostics[0].range), '1501.0001');
    const [action] = service.codeActions(uri, diagnostics);
    assert.equal(action.title, 'Change to 1501.00001');
    assert.deepEqual((action.edit!.changes![uri] as TextEdit[])[0], { range: diagnostics[0].range, newText: '1501.00001' });
  });

  it('hints at the canonical spelling of a mis-cased ID, with a fix', () => {
    const { ws, uri, service, diagnostics } = diagnose('ARXIV:2106.09685 and arxiv：1706.03762 and 2104.12255V1, but arXiv:2005.14165, arXiv：2101.00190 and arXiv: 2203.02155 are fine');
    assert.deepEqual(diagnostics.map((d) => [textAt(ws, uri, d.range), d.code]), [
      ['ARXIV:2106.09685', 'arxiv-miscased'],
      ['arxiv：1706.03762', 'arxiv-miscased'],
      ['2104.12255V1', 'arxiv-miscased'],
    ]);
    assert.deepEqual(service.codeActions(uri, diagnostics).map((a) => a.title), ['Change to arXiv:2106.09685', 'Change to arXiv：1706.03762', 'Change to 2104.12255v1']);
  });

  it('reports a literature note identifier that names no paper', () => {
    const { diagnostics } = diagnose('---\narxiv: 2113.01234\n---\n');
    assert.deepEqual(diagnostics.map((d) => d.code), ['literature-note-id']);
  });

  it('reports mixed versions only when asked, on each reference of that paper', () => {
    const text = 'arXiv:2106.09685v1 then https://arxiv.org/abs/2106.09685v2 and arXiv:1706.03762';
    assert.deepEqual(diagnose(text).diagnostics, []);
    const { diagnostics } = diagnose(text, { ...defaultDiagnosticSettings, mixedVersions: true });
    assert.deepEqual(diagnostics.map((d) => d.code), ['mixed-versions', 'mixed-versions']);
    assert.match(String(diagnostics[0].message), /arXiv:2106\.09685 is cited in this note as v1, v2/);
  });

  it('never gives one reference two diagnostics', () => {
    const { diagnostics } = diagnose('2104.12255V1 and arXiv:2104.12255v2', { ...defaultDiagnosticSettings, mixedVersions: true });
    assert.deepEqual(diagnostics.map((d) => d.code), ['arxiv-miscased', 'mixed-versions']);
  });

  it('is silent when switched off', () => {
    assert.deepEqual(diagnose('arXiv:2113.01234', { ...defaultDiagnosticSettings, invalidIds: false }).diagnostics, []);
  });
});
