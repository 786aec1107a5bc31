import { base62Crc32 } from './validate-secret.js';

/*
 * A seeded generator of realistic source files with planted secrets and planted look-alikes,
 * each labelled with its span, for the recall/false-positive test and the benchmark.
 * airlock:allow-file (generates synthetic credentials)
 */

export interface Label {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}

export interface CorpusFile {
  readonly path: string;
  readonly text: string;
  readonly secrets: readonly Label[];
  readonly lookAlikes: readonly Label[];
}

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = ALNUM + '+/';
const URLSAFE = ALNUM + '_-';
const WORDS = [
  'user',
  'order',
  'invoice',
  'cart',
  'item',
  'config',
  'session',
  'report',
  'event',
  'queue',
  'cache',
  'client',
  'handler',
  'parser',
  'result',
  'value',
  'count',
  'index',
  'buffer',
  'stream',
  'record',
  'entry',
  'payload',
  'message',
  'request',
  'response',
  'options',
  'metrics',
  'schema',
  'status',
];

class Gen {
  constructor(readonly rnd: () => number) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  str(chars: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += chars[this.int(chars.length)];
    return s;
  }
  word(): string {
    return this.pick(WORDS);
  }
  ident(): string {
    const a = this.word();
    const b = this.word();
    return a + b[0]!.toUpperCase() + b.slice(1);
  }
}

type SecretMaker = (g: Gen) => { name: string; value: string; type: string };

const crcToken = (prefix: string) => (g: Gen) => {
  const body = g.str(ALNUM, 30);
  return prefix + body + base62Crc32(body);
};

/** Planted secret types (25 common kinds, as in the labelled corpus). */
const SECRETS: readonly SecretMaker[] = [
  (g) => ({ name: 'GITHUB_TOKEN', value: crcToken('ghp_')(g), type: 'github-pat' }),
  (g) => ({ name: 'GH_APP_TOKEN', value: crcToken('ghs_')(g), type: 'github-installation-token' }),
  (g) => ({
    name: 'GITHUB_PAT',
    value: `github_pat_${g.str(ALNUM, 22)}_${g.str(ALNUM, 59)}`,
    type: 'github-fine-grained-pat',
  }),
  (g) => ({ name: 'NPM_TOKEN', value: crcToken('npm_')(g), type: 'npm-access-token' }),
  (g) => ({
    name: 'AWS_ACCESS_KEY_ID',
    value: `AKIA${g.str('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    type: 'aws-access-key-id',
  }),
  (g) => ({ name: 'aws_secret_access_key', value: g.str(B64, 40), type: 'aws-secret-access-key' }),
  (g) => ({
    name: 'SLACK_BOT_TOKEN',
    value: `xoxb-${g.str('0123456789', 12)}-${g.str('0123456789', 12)}-${g.str(ALNUM, 24)}`,
    type: 'slack-bot-token',
  }),
  (g) => ({
    name: 'SLACK_WEBHOOK',
    value: `https://hooks.slack.com/services/T${g.str(UPPER_NUM, 10)}/B${g.str(UPPER_NUM, 10)}/${g.str(ALNUM, 24)}`,
    type: 'slack-webhook-url',
  }),
  (g) => ({
    name: 'STRIPE_SECRET_KEY',
    value: `sk_live_${g.str(ALNUM, 32)}`,
    type: 'stripe-live-secret-key',
  }),
  (g) => ({ name: 'GOOGLE_API_KEY', value: `AIza${g.str(URLSAFE, 35)}`, type: 'google-api-key' }),
  (g) => ({
    name: 'OPENAI_API_KEY',
    value: `sk-proj-${g.str(URLSAFE, 40)}T3BlbkFJ${g.str(URLSAFE, 40)}`,
    type: 'openai-project-key',
  }),
  (g) => ({
    name: 'ANTHROPIC_API_KEY',
    value: `sk-ant-api03-${g.str(URLSAFE, 93)}AA`,
    type: 'anthropic-api-key',
  }),
  (g) => ({
    name: 'HF_TOKEN',
    value: `hf_${g.str('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34)}`,
    type: 'huggingface-token',
  }),
  (g) => ({ name: 'GITLAB_TOKEN', value: `glpat-${g.str(URLSAFE, 20)}`, type: 'gitlab-pat' }),
  (g) => ({
    name: 'SENDGRID_API_KEY',
    value: `SG.${g.str(URLSAFE, 22)}.${g.str(URLSAFE, 43)}`,
    type: 'sendgrid-api-key',
  }),
  (g) => ({
    name: 'SHOPIFY_TOKEN',
    value: `shpat_${g.str(HEX, 32)}`,
    type: 'shopify-access-token',
  }),
  (g) => ({ name: 'DO_TOKEN', value: `dop_v1_${g.str(HEX, 64)}`, type: 'digitalocean-pat' }),
  (g) => ({ name: 'TWILIO_AUTH_TOKEN', value: g.str(HEX, 32), type: 'twilio-auth-token' }),
  (g) => ({
    name: 'DATABASE_URL',
    value: `postgres://app:${g.str(ALNUM, 16)}@db.internal:5432/app`,
    type: 'postgres-connection-string',
  }),
  (g) => ({
    name: 'MONGO_URL',
    value: `mongodb+srv://svc:${g.str(ALNUM, 14)}@cluster0.mongodb.net/prod`,
    type: 'mongodb-connection-string',
  }),
  (g) => ({
    name: 'REDIS_URL',
    value: `redis://default:${g.str(ALNUM, 20)}@cache:6379`,
    type: 'redis-connection-string',
  }),
  (g) => ({
    name: 'db_password',
    value: `${g.str(ALNUM, 10)}!${g.str('0123456789', 2)}`,
    type: 'generic-password',
  }),
  (g) => ({ name: 'api_key', value: g.str(ALNUM, 28), type: 'generic-api-key' }),
  (g) => ({
    name: 'AZURE_STORAGE',
    value: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${g.str(B64, 86)}==`,
    type: 'azure-storage-account-key',
  }),
  (g) => {
    const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: g.ident(), iat: 1700000000 + g.int(1e7) })}.${g.str(URLSAFE, 43)}`;
    return { name: 'SESSION_JWT', value: jwt, type: 'jwt' };
  },
];

/** Look-alikes: must never be reported. */
const LOOK_ALIKES: readonly ((g: Gen) => {
  line: (v: string) => string;
  value: string;
  type: string;
})[] = [
  (g) => ({
    line: (v) => `    "integrity": "${v}",`,
    value: `sha512-${Buffer.from(g.str(ALNUM, 64)).toString('base64')}`,
    type: 'integrity',
  }),
  (g) => ({
    line: (v) => `  resolved "https://registry.yarnpkg.com/pkg/-/pkg-1.2.3.tgz#${v}"`,
    value: g.str(HEX, 40),
    type: 'sha1',
  }),
  (g) => ({ line: (v) => `commit ${v}`, value: g.str(HEX, 40), type: 'git-sha' }),
  (g) => ({ line: (v) => `const checksum = "${v}";`, value: g.str(HEX, 64), type: 'sha256' }),
  (g) => ({ line: (v) => `token_sha256 = "${v}"`, value: g.str(HEX, 64), type: 'sha256' }),
  (g) => ({
    line: (v) => `requestId: "${v}",`,
    value: `${g.str(HEX, 8)}-${g.str(HEX, 4)}-4${g.str(HEX, 3)}-a${g.str(HEX, 3)}-${g.str(HEX, 12)}`,
    type: 'uuid',
  }),
  (g) => ({
    line: (v) => `access_key: "${v}"`,
    value: `${g.str(HEX, 8)}-${g.str(HEX, 4)}-4${g.str(HEX, 3)}-a${g.str(HEX, 3)}-${g.str(HEX, 12)}`,
    type: 'uuid',
  }),
  () => ({
    line: (v) => `AWS_ACCESS_KEY_ID=${v}`,
    value: 'AKIAIOSFODNN7EXAMPLE',
    type: 'example-key',
  }),
  () => ({
    line: (v) => `aws_secret_access_key = ${v}`,
    value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    type: 'example-key',
  }),
  () => ({ line: (v) => `password = "${v}"`, value: '<your-password>', type: 'placeholder' }),
  () => ({ line: (v) => `api_key: ${v}`, value: '${API_KEY}', type: 'placeholder' }),
  () => ({ line: (v) => `token = "${v}"`, value: 'xxxxxxxxxxxxxxxxxxxx', type: 'placeholder' }),
  () => ({ line: (v) => `secret: ${v}`, value: 'changeme', type: 'placeholder' }),
  () => ({
    line: (v) => `GITHUB_TOKEN=${v}`,
    value: 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    type: 'placeholder',
  }),
  (g) => ({
    line: (v) => `GITHUB_TOKEN=${v}`,
    value: `ghp_${g.str(ALNUM, 36)}`,
    type: 'bad-checksum',
  }),
  () => ({
    line: (v) => `DATABASE_URL=${v}`,
    value: 'postgres://postgres:postgres@localhost:5432/dev',
    type: 'placeholder',
  }),
  () => ({
    line: (v) => `client_secret = "${v}"`,
    value: 'YOUR_CLIENT_SECRET',
    type: 'placeholder',
  }),
  (g) => ({
    line: (v) => `const password = ${v};`,
    value: `process.env.${g.word().toUpperCase()}_PASSWORD`,
    type: 'env-reference',
  }),
  (g) => ({ line: (v) => `  tokenizer: ${v},`, value: g.ident(), type: 'identifier' }),
  () => ({ line: (v) => ` * const apiToken = "${v}";`, value: 'abc123xyz456', type: 'doc-value' }),
  (g) => ({ line: (v) => `  "token": "${v}",`, value: `${g.word()}token123`, type: 'doc-value' }),
  (g) => ({
    line: (v) => `type ${g.ident()}Token = ${v};`,
    value: `${g.ident()}Token$1`,
    type: 'expression',
  }),
  (g) => ({ line: (v) => `  PWD: '${v}',`, value: `/Users/${g.word()}`, type: 'path' }),
  () => ({ line: (v) => `// https://user:${v}@registry.npmjs.org/`, value: '***', type: 'mask' }),
  () => ({
    line: (v) => `Authorization: Bearer ${v}`,
    value: '${ACCESS_TOKEN}',
    type: 'placeholder',
  }),
];

/** Filler lines in several languages, none of them secret. */
const FILLER: readonly ((g: Gen) => string)[] = [
  (g) =>
    `const ${g.ident()} = await ${g.word()}Service.get${g.word()}(${g.word()}Id, { limit: ${g.int(500)} });`,
  (g) =>
    `  if (${g.ident()}.length > ${g.int(100)}) { throw new Error('${g.word()} ${g.word()} too large'); }`,
  (g) => `export function ${g.ident()}(${g.word()}: string, ${g.word()}: number): boolean {`,
  (g) => `    return ${g.word()}.map((x) => x.${g.word()} * ${g.int(10)}).filter(Boolean);`,
  (g) => `def ${g.word()}_${g.word()}(self, ${g.word()}, ${g.word()}=None):`,
  (g) => `        self.${g.word()} = ${g.word()}.get("${g.word()}", ${g.int(60)})`,
  (g) =>
    `func (s *${g.word()}Store) Get${g.word()}(ctx context.Context, id int64) (*${g.word()}, error) {`,
  (g) => `	if err != nil { return nil, fmt.Errorf("${g.word()}: %w", err) }`,
  (g) => `${g.word()}_${g.word()}: ${g.int(1000)}`,
  (g) =>
    `  - name: ${g.word()}-${g.word()}\n    image: ghcr.io/acme/${g.word()}:${g.int(9)}.${g.int(20)}.${g.int(9)}`,
  (g) =>
    `// ${g.word()} the ${g.word()} before the ${g.word()} is flushed to the ${g.word()} (see #${g.int(9000)})`,
  (g) =>
    `    "${g.word()}": { "version": "${g.int(9)}.${g.int(30)}.${g.int(20)}", "dev": ${g.rnd() < 0.5} },`,
  (g) =>
    `SELECT ${g.word()}_id, ${g.word()} FROM ${g.word()}s WHERE ${g.word()} > $1 ORDER BY ${g.word()} LIMIT ${g.int(100)};`,
  (g) => `<div class="${g.word()}-${g.word()}">{{ ${g.word()}.${g.word()} }}</div>`,
  () => '',
  () => '}',
];

const EXT = ['ts', 'py', 'go', 'yaml', 'json', 'env', 'js'];

/** Wraps a planted secret in a syntax typical of the file type; returns the line and the value offset. */
function plant(ext: string, name: string, value: string): { line: string; at: number } {
  const forms: Record<string, [string, string]> = {
    ts: [`const ${name} = "`, '";'],
    js: [`  ${name}: '`, "',"],
    py: [`${name} = '`, "'"],
    go: [`	${name} := "`, '"'],
    yaml: [`${name}: `, ''],
    json: [`  "${name}": "`, '",'],
    env: [`${name}=`, ''],
  };
  const [pre, post] = forms[ext]!;
  return { line: pre + value + post, at: pre.length };
}

/**
 * Files totalling about `targetChars`, one planted secret every ~`secretEvery` lines and one
 * look-alike every ~`lookAlikeEvery` lines.
 */
export function generateLabelledCorpus(options: {
  seed: number;
  targetChars: number;
  fileChars?: number;
  secretEvery?: number;
  lookAlikeEvery?: number;
}): CorpusFile[] {
  const g = new Gen(seededRandom(options.seed));
  const fileChars = options.fileChars ?? 64 * 1024;
  const files: CorpusFile[] = [];
  let total = 0;
  while (total < options.targetChars) {
    const ext = g.pick(EXT);
    const lines: string[] = [];
    const secrets: Label[] = [];
    const lookAlikes: Label[] = [];
    let len = 0;
    while (len < fileChars) {
      let line: string;
      const r = g.rnd();
      if (r < 1 / (options.secretEvery ?? 200)) {
        const s = g.pick(SECRETS)(g);
        const p = plant(ext, s.name, s.value);
        line = p.line;
        secrets.push({ start: len + p.at, end: len + p.at + s.value.length, type: s.type });
      } else if (r < 1 / (options.secretEvery ?? 200) + 1 / (options.lookAlikeEvery ?? 100)) {
        const l = g.pick(LOOK_ALIKES)(g);
        line = l.line(l.value);
        const at = line.indexOf(l.value);
        lookAlikes.push({ start: len + at, end: len + at + l.value.length, type: l.type });
      } else line = g.pick(FILLER)(g);
      lines.push(line);
      len += line.length + 1;
    }
    const text = lines.join('\n') + '\n';
    files.push({
      path: `corpus/${files.length}/${g.word()}_${g.word()}.${ext}`,
      text,
      secrets,
      lookAlikes,
    });
    total += text.length;
  }
  return files;
}
