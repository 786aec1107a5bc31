import { defaultRules } from './rule-set.js';

/**
 * Inputs built to make a backtracking regular expression blow up: every rule keyword followed
 * by long runs of characters its pattern accepts (near-matches that never complete), repeated
 * keywords, unterminated key blocks, and very long encoded-looking runs. A linear engine scans
 * them at a steady rate; a backtracking one would not finish.
 */
export function adversarialInputs(scale = 1): { name: string; text: string }[] {
  const n = (count: number): number => Math.max(1, Math.round(count * scale));
  const runLength = n(4096);
  const keywords = [...new Set(defaultRules.flatMap((r) => r.keywords))];
  const fillers = [
    'a',
    'A',
    '0',
    'aA0_-',
    'ab',
    ' ',
    '=',
    '.',
    'a:',
    '@',
    '/',
    '+',
    '"',
    "'",
    'aA0+/',
    '\\n',
    '-',
  ];
  const inputs: { name: string; text: string }[] = [];
  for (const filler of fillers) {
    const run = filler.repeat(Math.ceil(runLength / filler.length));
    inputs.push({
      name: `keywords + runs of ${JSON.stringify(filler)}`,
      text: keywords.map((k) => k + run + k.toUpperCase() + run).join(''),
    });
  }
  inputs.push({ name: 'repeated keywords', text: keywords.join('').repeat(n(200)) });
  inputs.push({
    name: 'repeated PEM headers',
    text: '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(n(30_000)),
  });
  inputs.push({
    name: 'unterminated PEM body',
    text: `-----BEGIN PRIVATE KEY-----\n${'QUJDRA=='.repeat(n(120_000))}`,
  });
  inputs.push({ name: 'long base64 run', text: 'QWxhZGRpbjpvcGVuIHNlc2FtZQ'.repeat(n(40_000)) });
  inputs.push({ name: 'long hex run', text: '70617373776f72643d'.repeat(n(60_000)) });
  inputs.push({ name: 'percent escapes', text: '%41%42'.repeat(n(160_000)) });
  inputs.push({ name: 'assignments without values', text: 'password = "'.repeat(n(80_000)) });
  inputs.push({ name: 'URL userinfo without host', text: `https://${'a:'.repeat(n(400_000))}` });
  inputs.push({ name: 'JWT-like dots', text: `eyJhbGci${'.eyJhbGci'.repeat(n(100_000))}` });
  inputs.push({ name: 'gzip magic', text: '\x1f\x8b\x08'.repeat(n(100_000)) });
  inputs.push({
    name: 'plausible gzip headers',
    text: '\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03'.repeat(n(30_000)),
  });
  inputs.push({
    name: 'base64 gzip headers',
    text: 'H4sIAAAAAAAAA0tMTEpOSU1LS89IBAA '.repeat(n(30_000)),
  });
  return inputs;
}
