// Lint rules that keep the layers apart (see ARCHITECTURE.md): the core is pure, markdown-it has
// one home, and the client talks to the server only through the protocol.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const worldModules = [
  { name: 'vscode', message: 'The core never sees VS Code: put editor glue in client/.' },
  { name: 'vscode-languageserver', message: 'The core knows LSP types (vscode-languageserver-types), never the connection.' },
  { name: 'vscode-languageserver/node', message: 'The core knows LSP types (vscode-languageserver-types), never the connection.' },
  // Every Node built-in (fs, path, os, http, …): the core does no I/O; URIs, not paths.
  ...builtinModules.map((name) => ({ name, message: 'The core does no I/O and uses no Node built-ins: that is the host layer.' })),
];
const outsideCore = [
  { group: ['node:*'], message: 'The core does no I/O and uses no Node built-ins.' },
  // protocol.ts has no imports of its own, so the core may share its types; nothing else outside.
  { group: ['**/host/**', '**/host', '**/server', '**/main'], message: 'The core depends on nothing outside server/src/core (but the zero-import protocol.ts).' },
];
const markdownItHome = { name: 'markdown-it', message: 'markdown-it lives in server/src/core/markdownParser.ts only.' };
const fuseHome = { name: 'fuse.js', message: 'fuse.js lives in server/src/core/paperSearch.ts only.' };
const xmlHome = { name: '@xmldom/xmldom', message: '@xmldom/xmldom lives in server/src/core/arxivFeed.ts only.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [markdownItHome, fuseHome, xmlHome] }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...worldModules, markdownItHome, fuseHome, xmlHome],
        patterns: outsideCore,
      }],
    },
  },
  {
    files: ['server/src/core/markdownParser.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...worldModules, fuseHome, xmlHome], patterns: outsideCore }],
    },
  },
  {
    files: ['server/src/core/paperSearch.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...worldModules, markdownItHome, xmlHome], patterns: outsideCore }],
    },
  },
  {
    files: ['server/src/core/arxivFeed.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...worldModules, markdownItHome, fuseHome], patterns: outsideCore }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [markdownItHome, fuseHome],
        patterns: [{ group: ['../../server/src/*', '!../../server/src/protocol'], message: 'The client only shares server/src/protocol.ts.' }],
      }],
    },
  },
);
