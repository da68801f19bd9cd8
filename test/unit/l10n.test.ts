/**
 * The extension's translations are complete: every `vscode.l10n.t('…')` message in client/src
 * has a Simplified Chinese entry in l10n/bundle.l10n.zh-cn.json, every `%key%` in package.json
 * is in package.nls.json and package.nls.zh-cn.json, and a translation keeps its placeholders
 * (`{0}`, `{title}`), code spans, setting links and URLs.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** out/test/unit → the repository. */
const REPO = path.resolve(__dirname, '../../..');
const CJK = /[\u4e00-\u9fff]/;

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(REPO, file), 'utf8'));
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(path.join(REPO, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

interface L10nCall {
  readonly file: string;
  readonly line: number;
  /** The message, or undefined when the first argument is not a string literal. */
  readonly message?: string;
}

/** Every `l10n.t(…)` call in the client's sources, found by TypeScript's own parser. */
function l10nCalls(): L10nCall[] {
  const calls: L10nCall[] = [];
  for (const file of sourceFiles('client/src')) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(REPO, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't' && /(^|\.)l10n$/.test(node.expression.expression.getText(source))) {
        const [first] = node.arguments;
        const message = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : undefined;
        calls.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, message });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}

/** `{0}`, `{1}`, … and named ones such as `{title}`, sorted. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[0]).sort();
}

/** What a translation must keep verbatim: code spans, `#setting#` links, URLs. */
function verbatimParts(text: string): string[] {
  return [...text.matchAll(/`[^`]+`|#paperNotes\.[\w.]+#|https?:\/\/[^\s)]+/g)].map((match) => match[0]);
}

/** Every `%key%` string anywhere in the manifest, with where it is. */
function nlsKeys(value: unknown, at = ''): [string, string][] {
  if (typeof value === 'string') {
    const match = /^%(.+)%$/.exec(value);
    return match ? [[match[1], at]] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => nlsKeys(item, `${at}[${index}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([name, item]) => nlsKeys(item, at ? `${at}.${name}` : name));
  return [];
}

describe('client messages (vscode.l10n)', () => {
  const calls = l10nCalls();
  const bundle = readJson('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;

  it('finds the messages, each a string literal the bundle tools can read', () => {
    assert.ok(calls.length >= 20, `only ${calls.length} l10n.t calls found`);
    const dynamic = calls.filter((call) => call.message === undefined).map((call) => `${call.file}:${call.line}`);
    assert.deepEqual(dynamic, []);
  });

  it('has a Chinese translation of every message, keeping its placeholders', () => {
    const messages = [...new Set(calls.map((call) => call.message!))];
    assert.deepEqual(messages.filter((message) => !(message in bundle)), []);
    for (const message of messages) {
      assert.match(bundle[message], CJK, message);
      assert.deepEqual(placeholders(bundle[message]), placeholders(message), message);
    }
  });

  it('keeps no translation of a message the client no longer has', () => {
    const messages = new Set(calls.map((call) => call.message));
    assert.deepEqual(Object.keys(bundle).filter((message) => !messages.has(message)), []);
  });

  it('is named in package.json', () => {
    assert.equal((readJson('package.json') as { l10n?: string }).l10n, './l10n');
  });
});

describe('manifest translations (package.nls)', () => {
  const manifest = readJson('package.json') as { displayName: string; description: string; contributes: Record<string, unknown>; capabilities?: Record<string, { description?: string }> };
  const english = readJson('package.nls.json') as Record<string, string>;
  const chinese = readJson('package.nls.zh-cn.json') as Record<string, string>;
  const keys = nlsKeys(manifest);

  it('has every %key% in English and in Chinese', () => {
    assert.ok(keys.length > 30, `only ${keys.length} keys`);
    assert.deepEqual(keys.filter(([key]) => !(key in english)), []);
    assert.deepEqual(keys.filter(([key]) => !(key in chinese)), []);
  });

  it('translates the same keys it uses, no more', () => {
    const used = new Set(keys.map(([key]) => key));
    assert.deepEqual(Object.keys(english).filter((key) => !used.has(key)), []);
    assert.deepEqual(Object.keys(chinese).sort(), Object.keys(english).sort());
  });

  it('leaves no user-visible text of contributes untranslated', () => {
    const { contributes } = manifest;
    const visible: [string, unknown][] = [['displayName', manifest.displayName], ['description', manifest.description]];
    const configuration = contributes.configuration as { title: string; properties: Record<string, Record<string, unknown>> };
    visible.push(['configuration.title', configuration.title]);
    for (const [name, property] of Object.entries(configuration.properties)) {
      for (const field of ['description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'deprecationMessage', 'markdownDeprecationMessage']) {
        const value = property[field];
        if (Array.isArray(value)) value.forEach((item, index) => visible.push([`${name}.${field}[${index}]`, item]));
        else if (value !== undefined) visible.push([`${name}.${field}`, value]);
      }
    }
    for (const command of contributes.commands as Record<string, unknown>[]) {
      visible.push([`${command.command}.title`, command.title], [`${command.command}.category`, command.category]);
    }
    for (const container of Object.values(contributes.viewsContainers as Record<string, Record<string, unknown>[]>).flat()) visible.push([`${container.id}.title`, container.title]);
    for (const view of Object.values(contributes.views as Record<string, Record<string, unknown>[]>).flat()) visible.push([`${view.id}.name`, view.name], [`${view.id}.contextualTitle`, view.contextualTitle]);
    // Shown in Restricted Mode and on the extension's page.
    for (const [name, capability] of Object.entries(manifest.capabilities ?? {})) visible.push([`capabilities.${name}.description`, capability.description]);
    const untranslated = visible.filter(([, value]) => value !== undefined && !(typeof value === 'string' && /^%.+%$/.test(value)));
    assert.deepEqual(untranslated, []);
  });

  it('keeps placeholders, code spans, setting links and URLs in Chinese', () => {
    for (const [key, text] of Object.entries(english)) {
      const translation = chinese[key];
      assert.match(translation, CJK, key);
      assert.deepEqual(placeholders(translation), placeholders(text), key);
      for (const part of verbatimParts(text)) assert.ok(translation.includes(part), `${key}: ${part} missing from ${translation}`);
      // A setting's name, wherever the English names one.
      for (const setting of text.match(/paperNotes\.[\w.]+\w/g) ?? []) assert.ok(translation.includes(setting), `${key}: ${setting}`);
    }
  });
});
