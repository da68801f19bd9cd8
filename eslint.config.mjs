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
const bibtexHome = { name: '@retorquere/bibtex-parser', message: '@retorquere/bibtex-parser lives in server/src/core/bibtexFile.ts only.' };
const jsoncHome = { name: 'jsonc-parser', message: 'jsonc-parser lives in server/src/core/cslJsonFile.ts only.' };
const homes = { 'markdown-it': markdownItHome, 'fuse.js': fuseHome, '@xmldom/xmldom': xmlHome, '@retorquere/bibtex-parser': bibtexHome, 'jsonc-parser': jsoncHome };
/** Every one-home dependency but the one a file is the home of. */
const homesBut = (own) => Object.entries(homes).filter(([name]) => name !== own).map(([, rule]) => rule);

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: homesBut() }],
    },
  },
  {
    // Plain CommonJS test preloads (see test/support/esmOnlyPackages.cjs).
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...worldModules, ...homesBut()],
        patterns: outsideCore,
      }],
    },
  },
  {
    files: ['server/src/core/markdownParser.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...worldModules, ...homesBut('markdown-it')], patterns: outsideCore }],
    },
  },
  {
    files: ['server/src/core/paperSearch.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...worldModules, ...homesBut('fuse.js')], patterns: outsideCore }],
    },
  },
  {
    files: ['server/src/core/arxivFeed.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...worldModules, ...homesBut('@xmldom/xmldom')], patterns: outsideCore }],
    },
  },
  {
    files: ['server/src/core/bibtexFile.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...worldModules, ...homesBut('@retorquere/bibtex-parser')], patterns: outsideCore }],
    },
  },
  {
    files: ['server/src/core/cslJsonFile.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...worldModules, ...homesBut('jsonc-parser')], patterns: outsideCore }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: homesBut(),
        patterns: [{ group: ['../../server/src/*', '!../../server/src/protocol'], message: 'The client only shares server/src/protocol.ts.' }],
      }],
    },
  },
);
