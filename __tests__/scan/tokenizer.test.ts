import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { restorePatch } from '../../src/scan/restore-patch.js';
import { scanText } from '../../src/scan/scan-text.js';
import { TokenVault } from '../../src/scan/token-vault.js';
import { tokenizeBuffer, tokenizeText } from '../../src/scan/tokenizer.js';
import { base62Crc32 } from '../../src/scan/validate-secret.js';

// airlock:allow-file (synthetic credentials)
// A GitHub token whose last 6 characters are the CRC32 of the 30 before them (base62).
const githubToken = (): string =>
  `ghp_Zk3Lq9Xv2Rm7Tn4Wc8Bp5Yh1Jd6Gs0${base62Crc32('Zk3Lq9Xv2Rm7Tn4Wc8Bp5Yh1Jd6Gs0')}`;

const json = JSON.stringify(
  {
    db: 'postgres://app:Vq3Lr9x2KpT7zW@db.internal:5432/app',
    slack: 'xoxb-730418265913-580274619382-Ab3dEf6hIj9kLm2nOp5qRs8t',
    nested: { api_key: 'Zq8Lm3Xv7Rt2Nc9Wb4Kp' },
  },
  null,
  2,
);
const yaml = 'service:\n  password: "k9Xv2Lq7Rm4T"\n  stripe: sk_live_4fK2mQ7xLp9ZtR8vNc3WbY6h\n';

describe('tokenizeText', () => {
  it('replaces every secret by an opaque token and keeps JSON and YAML valid', () => {
    const vault = new TokenVault();
    const j = tokenizeText(json, vault);
    const y = tokenizeText(yaml, vault);
    expect(j.findings.length).toBe(3);
    expect(y.findings.length).toBe(2);
    for (const s of [
      'Vq3Lr9x2KpT7zW',
      'Ab3dEf6hIj9kLm2nOp5qRs8t',
      'Zq8Lm3Xv7Rt2Nc9Wb4Kp',
      'k9Xv2Lq7Rm4T',
      'sk_live_4fK2',
    ]) {
      expect(j.text + y.text).not.toContain(s);
    }
    const parsedJson = JSON.parse(j.text) as { db: string; nested: { api_key: string } };
    expect(parsedJson.db).toMatch(
      /^postgres:\/\/app:AIRLOCK_DB_PASSWORD_[A-Za-z0-9]{20}@db\.internal:5432\/app$/,
    );
    expect(parsedJson.nested.api_key).toMatch(/^AIRLOCK_API_KEY_[A-Za-z0-9]{20}$/);
    const parsedYaml = parseYaml(y.text) as { service: { password: string; stripe: string } };
    expect(parsedYaml.service.password).toMatch(/^AIRLOCK_PASSWORD_/);
    expect(parsedYaml.service.stripe).toMatch(/^AIRLOCK_STRIPE_KEY_/);
    expect(scanText(j.text + y.text).findings).toEqual([]);
  });

  it('gives the same token for the same value and restores exact bytes from Buffers', () => {
    const vault = new TokenVault();
    const bytes = Buffer.from(
      `a = "k9Xv2Lq7Rm4T€"\npassword: "k9Xv2Lq7Rm4T€"\nother_password: "k9Xv2Lq7Rm4T€"\n`,
      'utf8',
    );
    const { bytes: out, findings } = tokenizeBuffer(bytes, vault);
    expect(findings.length).toBe(2);
    const text = out.toString('latin1');
    const tokens = [...text.matchAll(/AIRLOCK_PASSWORD_[A-Za-z0-9]{20}/g)].map((m) => m[0]);
    expect(new Set(tokens).size).toBe(1);
    expect(
      Buffer.from(text.split(tokens[0]!).join(vault.valueOf(tokens[0]!)!), 'latin1').equals(bytes),
    ).toBe(true);
  });

  it('never serialises or prints the values it holds', () => {
    const vault = new TokenVault();
    vault.tokenFor('k9Xv2Lq7Rm4T', 'PASSWORD');
    expect(JSON.stringify({ vault })).not.toContain('k9Xv2Lq7Rm4T');
    expect(inspect(vault)).not.toContain('k9Xv2Lq7Rm4T');
  });
});

describe('restorePatch', () => {
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
    });

  it('restores tokens only where the original had the value; copies stay tokens and are reported', () => {
    const token = githubToken();
    const original = `const a = 1;\nconst db = "postgres://app:Vq3Lr9x2KpT7zW@db:5432/app";\nconst gh = "${token}";\nconst b = 2;\n`;
    const vault = new TokenVault();
    const tok = tokenizeText(original, vault).text;
    const [dbToken, ghToken] = [...tok.matchAll(/AIRLOCK_[A-Z_]+_[A-Za-z0-9]{20}/g)].map(
      (m) => m[0],
    );
    expect(dbToken).toBeDefined();
    expect(ghToken).toBeDefined();

    // The agent works in a tokenised copy: edits the db line, copies the GitHub token into a
    // new line and into a new file.
    const work = mkdtempSync(join(tmpdir(), 'airlock-restore-'));
    git(work, 'init', '-q');
    writeFileSync(join(work, 'app.ts'), tok);
    git(work, 'add', '.');
    git(work, '-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '-qm', 'base');
    const edited = tok
      .replace('const db =', 'export const db =')
      .replace('const b = 2;', `const b = 2;\nconst leak = "${ghToken}";`);
    writeFileSync(join(work, 'app.ts'), edited);
    writeFileSync(join(work, 'new.ts'), `export const copy = "${ghToken}";\n`);
    git(work, 'add', '-N', 'new.ts');
    const patch = git(work, 'diff');

    const { patch: restored, kept } = restorePatch(
      patch,
      (p) => (p === 'app.ts' ? original : undefined),
      vault,
    );
    expect(kept).toEqual([
      { file: 'app.ts', line: 5, token: ghToken },
      { file: 'new.ts', line: 1, token: ghToken },
    ]);
    expect(restored).toContain('+export const db = "postgres://app:Vq3Lr9x2KpT7zW@db:5432/app";');
    expect(restored).toContain(`+const leak = "${ghToken}";`);

    // The restored patch applies to the real repository.
    const real = mkdtempSync(join(tmpdir(), 'airlock-real-'));
    git(real, 'init', '-q');
    writeFileSync(join(real, 'app.ts'), original);
    writeFileSync(join(real, 'patch.diff'), restored);
    git(real, 'apply', 'patch.diff');
    const result = readFileSync(join(real, 'app.ts'), 'utf8');
    expect(result).toContain('export const db = "postgres://app:Vq3Lr9x2KpT7zW@db:5432/app";');
    expect(result).toContain(`const gh = "${token}";`);
    expect(result).toContain(`const leak = "${ghToken}";`);
    expect(readFileSync(join(real, 'new.ts'), 'utf8')).not.toContain(token);
  });
});
