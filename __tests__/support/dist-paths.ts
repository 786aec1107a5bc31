import { resolve } from 'node:path';

/** The bundled Action, as the runner runs it (`npm test` builds it first). */
export const MAIN = resolve('dist/main.js');
export const POST = resolve('dist/post.js');
