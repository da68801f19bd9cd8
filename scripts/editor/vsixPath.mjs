// Where `npm run package` writes the .vsix that the walk-through and `npm start` install.
import * as path from 'node:path';
import { REPO } from './codeServer.mjs';

export const VSIX_PATH = path.join(REPO, 'dist', 'paper-notes.vsix');
