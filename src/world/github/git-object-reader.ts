import { spawn } from 'node:child_process';

export interface GitObject {
  type: 'commit' | 'tree' | 'blob' | 'tag';
  content: Buffer;
}

export interface GitObjectReader {
  read(sha: string): Promise<GitObject>;
  close(): Promise<void>;
}

interface Pending {
  sha: string;
  resolve: (object: GitObject) => void;
  reject: (error: Error) => void;
}

/**
 * Reads objects from a repository through one `git cat-file --batch` process, however many are
 * read: https://git-scm.com/docs/git-cat-file#_batch_output (`<sha> <type> <size>` LF, the
 * content, LF; `<sha> missing` LF for an absent object). Answers come in request order.
 */
export function openGitObjectReader(gitDir: string, env: Record<string, string>): GitObjectReader {
  const child = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const pending: Pending[] = [];
  let buffer = Buffer.alloc(0);
  let stderr = '';
  let failure: Error | undefined;

  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.splice(0)) p.reject(failure);
  };
  child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString('utf8')).slice(-2000); });
  child.on('error', fail);
  child.stdin.on('error', fail);
  child.on('close', (code) => fail(new Error(`git cat-file --batch ended (${code}): ${stderr.trim() || 'no message'}`)));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (pending.length) {
      const eol = buffer.indexOf(10);
      if (eol < 0) return;
      const header = buffer.subarray(0, eol).toString('utf8').split(' ');
      const head = pending[0]!;
      if (header[1] === 'missing' || header.length !== 3) {
        buffer = buffer.subarray(eol + 1);
        pending.shift();
        head.reject(new Error(`git object ${head.sha} is missing from ${gitDir}`));
        continue;
      }
      const size = Number(header[2]);
      if (buffer.length < eol + 1 + size + 1) return;
      const content = Buffer.from(buffer.subarray(eol + 1, eol + 1 + size));
      buffer = buffer.subarray(eol + 1 + size + 1);
      pending.shift();
      head.resolve({ type: header[1] as GitObject['type'], content });
    }
  });

  return {
    read(sha) {
      if (!/^[0-9a-f]{40}$/.test(sha)) return Promise.reject(new Error(`not a git object id: ${JSON.stringify(sha)}; expected 40 hex digits`));
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        pending.push({ sha, resolve, reject });
        child.stdin.write(`${sha}\n`);
      });
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('close', () => resolve());
        child.stdin.end();
      });
    },
  };
}
