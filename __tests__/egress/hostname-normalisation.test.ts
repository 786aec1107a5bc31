import { describe, expect, it } from '@jest/globals';
import {
  compileEgressPolicy,
  decideConnect,
  decideHttpRequest,
  DEFAULT_EGRESS_LIMITS,
  EgressPolicyError,
} from '../../src/egress/egress-policy.js';
import { normalizeHost } from '../../src/egress/normalize-host.js';
import {
  hostHeaderTarget,
  parseAbsoluteTarget,
  parseConnectTarget,
} from '../../src/egress/parse-proxy-target.js';

// THREATS.md §C 12 (hostname parsing) and the port, method and path rules of issue 8 item 3.
const policy = compileEgressPolicy({
  ...DEFAULT_EGRESS_LIMITS,
  hosts: [
    { host: 'allowed.com', ports: [80, 443] },
    { host: '*.cdn.example' },
    { host: 'bücher.de', ports: [80] },
    { host: '203.0.113.7' },
    {
      host: 'api.github.com',
      methods: ['GET', 'HEAD'],
      paths: ['/repos/*/*', '/repos/*/*/pulls/**'],
    },
  ],
});

function decide(method: string, target: string, host?: string): string {
  const parsed = method === 'CONNECT' ? parseConnectTarget(target) : parseAbsoluteTarget(target);
  if (!parsed.ok) return parsed.reason;
  const header =
    host === undefined ? undefined : (hostHeaderTarget(host, parsed.target.port) ?? 'unparseable');
  const d =
    method === 'CONNECT'
      ? decideConnect(parsed.target, policy)
      : decideHttpRequest(method, parsed.target, header, policy);
  return d.allow ? `allow ${parsed.target.host.host}:${parsed.target.port}` : d.reason;
}

const table: [string, string, string, string | undefined, string][] = [
  // case and trailing dot: the same host
  ['case', 'GET', 'http://ALLOWED.Com/x', undefined, 'allow allowed.com:80'],
  ['trailing dot', 'GET', 'http://allowed.com./x', undefined, 'allow allowed.com:80'],
  ['trailing dot, CONNECT', 'CONNECT', 'allowed.com.:443', undefined, 'allow allowed.com:443'],
  ['two trailing dots', 'GET', 'http://allowed.com../', undefined, 'empty-label'],
  ['empty label', 'GET', 'http://allowed..com/', undefined, 'empty-label'],
  // NUL bytes and other controls
  ['NUL in URL host', 'GET', 'http://allowed.com\u0000.evil.com/', undefined, 'control-character'],
  ['NUL in CONNECT', 'CONNECT', 'allowed.com\u0000evil.com:443', undefined, 'control-character'],
  ['NUL before port', 'CONNECT', 'evil.com\u0000allowed.com:443', undefined, 'control-character'],
  ['percent-encoded NUL', 'GET', 'http://allowed.com%00.evil.com/', undefined, 'percent-encoding'],
  ['tab', 'CONNECT', 'allowed.com\t:443', undefined, 'control-character'],
  // suffix and prefix confusion
  [
    'allowed as a prefix label',
    'GET',
    'http://allowed.com.evil.com/',
    undefined,
    'host-not-allowed',
  ],
  [
    'allowed as a prefix, CONNECT',
    'CONNECT',
    'allowed.com.evil.com:443',
    undefined,
    'host-not-allowed',
  ],
  [
    'allowed as a suffix without dot',
    'CONNECT',
    'notallowed.com:443',
    undefined,
    'host-not-allowed',
  ],
  ['wildcard subdomain', 'CONNECT', 'a.b.cdn.example:443', undefined, 'allow a.b.cdn.example:443'],
  ['wildcard does not cover the apex', 'CONNECT', 'cdn.example:443', undefined, 'host-not-allowed'],
  [
    'wildcard suffix confusion',
    'CONNECT',
    'a.cdn.example.evil.com:443',
    undefined,
    'host-not-allowed',
  ],
  [
    'wildcard without dot boundary',
    'CONNECT',
    'evilcdn.example:443',
    undefined,
    'host-not-allowed',
  ],
  // fragment and userinfo tricks
  ['fragment then at', 'GET', 'http://evil.com#@allowed.com/', undefined, 'fragment'],
  ['fragment in path', 'GET', 'http://allowed.com/x#frag', undefined, 'fragment'],
  ['backslash then at', 'GET', 'http://evil.com\\@allowed.com/', undefined, 'bad-character'],
  ['userinfo', 'GET', 'http://user:pw@allowed.com/', undefined, 'userinfo'],
  ['allowed as userinfo', 'GET', 'http://allowed.com@evil.com/', undefined, 'userinfo'],
  ['userinfo in CONNECT', 'CONNECT', 'allowed.com@evil.com:443', undefined, 'userinfo'],
  ['query carrying an at', 'GET', 'http://evil.com?@allowed.com/', undefined, 'host-not-allowed'],
  // punycode and IDN
  [
    'IDN allow-list entry, punycode request',
    'GET',
    'http://xn--bcher-kva.de/',
    undefined,
    'allow xn--bcher-kva.de:80',
  ],
  ['IDN request', 'GET', 'http://bücher.de/', undefined, 'allow xn--bcher-kva.de:80'],
  ['IDN upper case', 'GET', 'http://BÜCHER.DE/', undefined, 'allow xn--bcher-kva.de:80'],
  ['homoglyph (Cyrillic a)', 'GET', 'http://аllowed.com/', undefined, 'host-not-allowed'],
  ['homoglyph as punycode', 'CONNECT', 'xn--llowed-2nf.com:443', undefined, 'host-not-allowed'],
  [
    'fullwidth letters map to the same name',
    'CONNECT',
    'ａllowed.com:443',
    undefined,
    'allow allowed.com:443',
  ],
  ['ideographic full stop', 'CONNECT', 'allowed.com。evil.com:443', undefined, 'host-not-allowed'],
  ['invalid punycode', 'CONNECT', 'xn--zz.com:443', undefined, 'idn-invalid'],
  ['underscore label', 'CONNECT', 'a_b.cdn.example:443', undefined, 'bad-label'],
  // numeric IPv4 spellings
  ['decimal IPv4', 'GET', 'http://2130706433/', undefined, 'non-canonical-ipv4'],
  ['decimal form of an allowed IP', 'CONNECT', '3405803783:443', undefined, 'non-canonical-ipv4'],
  ['octal IPv4', 'GET', 'http://0177.0.0.1/', undefined, 'non-canonical-ipv4'],
  ['octal form of an allowed IP', 'CONNECT', '0313.0.0161.07:443', undefined, 'non-canonical-ipv4'],
  ['hex IPv4', 'GET', 'http://0x7f.0.0.1/', undefined, 'non-canonical-ipv4'],
  ['hex dword IPv4', 'GET', 'http://0x7f000001/', undefined, 'non-canonical-ipv4'],
  ['short IPv4', 'GET', 'http://127.1/', undefined, 'non-canonical-ipv4'],
  ['fullwidth digits', 'GET', 'http://１２７.０.０.１/', undefined, 'non-canonical-ipv4'],
  ['numeric last label', 'CONNECT', 'allowed.com.1:443', undefined, 'non-canonical-ipv4'],
  // raw IPs: refused unless listed
  ['loopback', 'GET', 'http://127.0.0.1/', undefined, 'ip-literal-not-allowed'],
  [
    'cloud metadata',
    'GET',
    'http://169.254.169.254/latest/meta-data/',
    undefined,
    'ip-literal-not-allowed',
  ],
  ['Azure wireserver', 'CONNECT', '168.63.129.16:443', undefined, 'ip-literal-not-allowed'],
  ['listed IP', 'CONNECT', '203.0.113.7:443', undefined, 'allow 203.0.113.7:443'],
  ['IPv6 loopback', 'GET', 'http://[::1]/', undefined, 'ip-literal-not-allowed'],
  ['IPv6 metadata', 'CONNECT', '[fd00:ec2::254]:443', undefined, 'ip-literal-not-allowed'],
  [
    'IPv4-mapped metadata',
    'GET',
    'http://[::ffff:169.254.169.254]/',
    undefined,
    'ip-literal-not-allowed',
  ],
  [
    'IPv4-mapped listed IP is that IP',
    'CONNECT',
    '[::ffff:203.0.113.7]:443',
    undefined,
    'allow 203.0.113.7:443',
  ],
  ['IPv4-mapped in hex', 'CONNECT', '[::ffff:cb00:7107]:443', undefined, 'allow 203.0.113.7:443'],
  ['IPv6 zone id', 'CONNECT', '[fe80::1%25eth0]:443', undefined, 'percent-encoding'],
  ['bare IPv6', 'CONNECT', '::1:443', undefined, 'bad-character'],
  ['unclosed bracket', 'CONNECT', '[::1:443', undefined, 'bad-ipv6'],
  // ports
  ['CONNECT to SSH', 'CONNECT', 'allowed.com:22', undefined, 'port-not-allowed'],
  ['CONNECT without port', 'CONNECT', 'allowed.com', undefined, 'missing-port'],
  ['port with leading zero', 'CONNECT', 'allowed.com:0443', undefined, 'bad-port'],
  ['port out of range', 'CONNECT', 'allowed.com:65979', undefined, 'bad-port'],
  ['port sign', 'CONNECT', 'allowed.com:+443', undefined, 'bad-port'],
  ['HTTP on another port', 'GET', 'http://allowed.com:8080/', undefined, 'port-not-allowed'],
  ['port 80 not listed', 'GET', 'http://x.cdn.example/', undefined, 'port-not-allowed'],
  ['explicit default port', 'GET', 'http://allowed.com:80/', undefined, 'allow allowed.com:80'],
  // schemes and forms
  ['https through plain proxying', 'GET', 'https://allowed.com/', undefined, 'https-needs-connect'],
  ['other scheme', 'GET', 'ftp://allowed.com/', undefined, 'unsupported-scheme'],
  ['origin-form', 'GET', '/index.html', undefined, 'not-a-proxy-request'],
  ['path in CONNECT', 'CONNECT', 'allowed.com:443/x', undefined, 'bad-character'],
  // Host header confusion (§C 11)
  ['Host header of another host', 'GET', 'http://allowed.com/', 'evil.com', 'host-header-mismatch'],
  [
    'Host header with another port',
    'GET',
    'http://allowed.com/',
    'allowed.com:8080',
    'host-header-mismatch',
  ],
  [
    'Host header with userinfo',
    'GET',
    'http://allowed.com/',
    'x@allowed.com',
    'host-header-mismatch',
  ],
  [
    'Host header spelled differently, same host',
    'GET',
    'http://allowed.com/',
    'ALLOWED.COM.',
    'allow allowed.com:80',
  ],
  // method and path rules (api.github.com read-only)
  [
    'GET on an allowed path',
    'GET',
    'http://api.github.com:443/repos/o/r',
    undefined,
    'allow api.github.com:443',
  ],
  [
    'deep allowed path',
    'HEAD',
    'http://api.github.com:443/repos/o/r/pulls/1/files',
    undefined,
    'allow api.github.com:443',
  ],
  ['POST refused', 'POST', 'http://api.github.com:443/repos/o/r', undefined, 'method-not-allowed'],
  ['gist refused', 'GET', 'http://api.github.com:443/gists', undefined, 'path-not-allowed'],
  ['dot segments', 'GET', 'http://api.github.com:443/repos/o/r/../../gists', undefined, 'bad-path'],
  [
    'encoded dot segments',
    'GET',
    'http://api.github.com:443/repos/o/r/%2E%2e/x',
    undefined,
    'bad-path',
  ],
  ['encoded slash', 'GET', 'http://api.github.com:443/repos/o%2fr/x', undefined, 'bad-path'],
  [
    'star does not cross segments',
    'GET',
    'http://api.github.com:443/repos/o/r/issues',
    undefined,
    'path-not-allowed',
  ],
  [
    'CONNECT would bypass the rules',
    'CONNECT',
    'api.github.com:443',
    undefined,
    'connect-bypasses-rules',
  ],
];

describe('hostname normalisation and egress decisions (THREATS.md §C 12)', () => {
  it.each(table)('%s: %s %j', (_name, method, target, host, expected) => {
    expect(decide(method, target, host)).toBe(expected);
  });

  it('normalises to one string that is both checked and connected to', () => {
    expect(normalizeHost('Bücher.DE.')).toEqual({ kind: 'name', host: 'xn--bcher-kva.de' });
    expect(normalizeHost('[0:0:0:0:0:ffff:a9fe:a9fe]')).toEqual({
      kind: 'ipv4',
      host: '169.254.169.254',
    });
    expect(normalizeHost('[2001:DB8:0:0::1]')).toEqual({ kind: 'ipv6', host: '2001:db8::1' });
    expect(normalizeHost('a'.repeat(64) + '.com')).toEqual({
      kind: 'invalid',
      reason: 'bad-label',
    });
    expect(normalizeHost('-a.com')).toEqual({ kind: 'invalid', reason: 'bad-label' });
  });

  it('keeps the query out of the path the rules see but forwards it', () => {
    const parsed = parseAbsoluteTarget('http://allowed.com/a/b?token=x&y=/gists');
    expect(parsed).toEqual({
      ok: true,
      target: {
        host: { kind: 'name', host: 'allowed.com' },
        port: 80,
        path: '/a/b',
        query: '?token=x&y=/gists',
      },
    });
    expect(parseAbsoluteTarget('http://allowed.com')).toMatchObject({
      ok: true,
      target: { path: '/', query: '' },
    });
  });

  it('refuses allow-list entries that cannot be matched safely', () => {
    for (const host of ['allowed.com:443', 'user@allowed.com', '*.1.2.3.4', '0x7f.1', 'a..b']) {
      expect(() => compileEgressPolicy({ ...DEFAULT_EGRESS_LIMITS, hosts: [{ host }] })).toThrow(
        EgressPolicyError,
      );
    }
    expect(() =>
      compileEgressPolicy({
        ...DEFAULT_EGRESS_LIMITS,
        hosts: [{ host: 'a.com', methods: ['CONNECT'] }],
      }),
    ).toThrow(EgressPolicyError);
    expect(() =>
      compileEgressPolicy({
        ...DEFAULT_EGRESS_LIMITS,
        hosts: [{ host: 'a.com', paths: ['repos'] }],
      }),
    ).toThrow(EgressPolicyError);
  });
});
