// Lint rules that keep the layers apart (see ARCHITECTURE.md): the core is pure, markdown-it has
// one home, and the client talks to the server only through the protocol.
import tseslint from 'typescript-eslint';

const worldModules = [
  { name: 'vscode', message: 'The core never sees VS Code: put editor glue in client/.' },
  { name: 'vscode-languageserver', message: 'The core knows LSP types (vscode-languageserver-types), never the connection.' },
  { name: 'vscode-languageserver/node', message: 'The core knows LSP types (vscode-languageserver-types), never the connection.' },
  { name: 'fs', message: 'The core does no I/O: the host layer reads files.' },
  { name: 'fs/promises', message: 'The core does no I/O: the host layer reads files.' },
  { name: 'path', message: 'URIs throughout the core; paths only in the host layer.' },
  { name: 'child_process', message: 'The core does no I/O.' },
  { name: 'http', message: 'The core does no I/O.' },
  { name: 'https', message: 'The core does no I/O.' },
];
const markdownItHome = { name: 'markdown-it', message: 'markdown-it lives in server/src/core/markdownParser.ts only.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [markdownItHome] }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...worldModules, markdownItHome],
        patterns: [
          { group: ['node:*'], message: 'The core does no I/O and uses no Node built-ins.' },
          { group: ['../host/*', '../server', '../main'], message: 'The core depends on nothing outside it.' },
        ],
      }],
    },
  },
  {
    files: ['server/src/core/markdownParser.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: worldModules, patterns: [{ group: ['node:*'], message: 'The core does no I/O.' }] }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [markdownItHome],
        patterns: [{ group: ['../../server/src/*', '!../../server/src/protocol'], message: 'The client only shares server/src/protocol.ts.' }],
      }],
    },
  },
);
