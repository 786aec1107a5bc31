import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parseFileCommand } from '../../src/world/file-commands.js';
import { runAction } from '../../src/world/runner-harness.js';

let dir: string;
const script = async (name: string, body: string) => {
  const path = join(dir, name);
  await writeFile(path, body);
  return path;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-test-'));
});

describe('runner harness', () => {
  it('applies ::add-mask:: to the captured log, and carries inputs, outputs, state and summary', async () => {
    const main = await script('main.mjs', `
      import { appendFileSync } from 'node:fs';
      console.log('::add-mask::hunter2-secret');
      console.log('the secret is hunter2-secret, input is ' + process.env.INPUT_GREETING);
      appendFileSync(process.env.GITHUB_OUTPUT, 'answer=42\\n');
      appendFileSync(process.env.GITHUB_STATE, 'phase<<EOF\\nmulti\\nline\\nEOF\\n');
      appendFileSync(process.env.GITHUB_STEP_SUMMARY, '# done\\n');
    `);
    const post = await script('post.mjs', `console.log('post sees state ' + JSON.stringify(process.env.STATE_phase) + ' and hunter2-secret');`);
    const run = await runAction({ mainPath: main, postPath: post, inputs: { greeting: 'hello' }, env: {} });
    expect(run.main.log).toContain('the secret is ***, input is hello');
    expect(run.main.log).not.toContain('hunter2-secret');
    expect(run.post.log).toContain('post sees state "multi\\nline" and ***');
    expect(run.rawOutput).toContain('hunter2-secret');
    expect(run.outputs).toEqual({ answer: '42' });
    expect(run.summary).toBe('# done\n');
  });

  it('runs post after main fails', async () => {
    const main = await script('fail.mjs', `console.log('::error::boom'); process.exit(3);`);
    const post = await script('post-ok.mjs', `console.log('post ran');`);
    const run = await runAction({ mainPath: main, postPath: post, inputs: {}, env: {} });
    expect(run.main.exitCode).toBe(3);
    expect(run.main.annotations).toEqual([{ level: 'error', message: 'boom' }]);
    expect(run.post.exitCode).toBe(0);
    expect(run.post.log).toContain('post ran');
  });

  it('cancels main mid-run (SIGINT, then kill) and still runs post', async () => {
    const main = await script('hang.mjs', `
      import { appendFileSync } from 'node:fs';
      appendFileSync(process.env.GITHUB_STATE, 'started=yes\\n');
      process.on('SIGINT', () => console.log('got SIGINT, ignoring it'));
      console.log('READY');
      setInterval(() => {}, 1000);
    `);
    const post = await script('post-state.mjs', `console.log('post ran with started=' + process.env.STATE_started);`);
    const run = await runAction({ mainPath: main, postPath: post, inputs: {}, env: {}, cancelWhen: /^READY$/, cancelGraceMs: 200 });
    expect(run.main.signal).toBe('SIGKILL');
    expect(run.main.log).toContain('got SIGINT');
    expect(run.post.log).toContain('post ran with started=yes');
  });

  it('keeps workflow commands inside a stop-commands fence out of effect', async () => {
    const main = await script('fence.mjs', `
      console.log('::stop-commands::f00d');
      console.log('::add-mask::visible-value');
      console.log('::f00d::');
      console.log('visible-value');
    `);
    const post = await script('noop.mjs', '');
    const run = await runAction({ mainPath: main, postPath: post, inputs: {}, env: {} });
    expect(run.masks).not.toContain('visible-value');
    expect(run.main.log).toContain('visible-value');
  });
});

describe('file commands', () => {
  it('parses name=value lines and heredocs, and rejects an unterminated heredoc', () => {
    expect(parseFileCommand('a=1\nb<<X\nx\ny\nX\nc=\n')).toEqual({ a: '1', b: 'x\ny', c: '' });
    expect(() => parseFileCommand('a<<X\nnever closed\n')).toThrow(/no closing X/);
  });
});
