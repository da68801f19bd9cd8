// The unit tests run tsc's CommonJS output, so `require()` resolves packages through their
// "require" export. @retorquere/bibtex-parser 9 ships a broken CommonJS build (it is marked
// "type": "module" and needs an undeclared tslib), while its ES module build is fine; Node 20.19+
// can require() an ES module. The shipped server is bundled by esbuild, which takes the ES
// module build anyway, so this only points the tests at the build that ships.
const Module = require('node:module');
const path = require('node:path');

const esmBuilds = {
  '@retorquere/bibtex-parser': path.join(__dirname, '..', '..', 'node_modules', '@retorquere', 'bibtex-parser', 'dist', 'esm', 'index.js'),
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, esmBuilds[request] ?? request, ...rest);
};
