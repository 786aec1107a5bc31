import { describe, expect, it } from '@jest/globals';
import MarkdownIt from 'markdown-it';
import { jobSummary } from '../../src/action/job-summary.js';

/*
 * Issue 13 item 9: the job summary renders on GitHub, whose Markdown is CommonMark with the GFM
 * table extension (markdown-it renders both). A table must become a <table>, not text; nothing an
 * agent or a server named may become markup.
 */
const render = (markdown: string) => new MarkdownIt({ html: true }).render(markdown);

const facts = {
  identity: 'agent',
  agent: 'claude-code',
  exitCode: 0,
  timedOut: false,
  sandbox: { backend: 'bwrap' as const, network: 'proxy' as const },
  egress: { mode: 'proxy' as const, allowedHosts: ['api.github.com:443'], requests: 12, blocked: 1, resolutions: { 'github-token': 7 }, policy: { allowed: 4, resolved: 7, denied: 1 } },
  egressLine: 'Egress: 12 request(s), 1 refused (evil.test:443 host-not-allowed | <script>x</script>).',
  attestation: { changesetDigest: 'ab'.repeat(32), url: 'https://github.com/acme/widgets/attestations/42' },
  pullRequest: { number: 7, url: 'https://github.com/acme/widgets/pull/7' },
  records: [{ kind: 'github' as const, id: '0123456789abcdef', scope: 'contents:read on widgets', mintedAt: '2026-12-06T10:00:00.000Z', expiresAt: '2026-12-06T10:15:00.000Z', revokedAt: '2026-12-06T10:05:00.000Z' }],
};

describe('the job summary', () => {
  it('renders its facts and its credentials as tables', () => {
    const html = render(jobSummary(facts));
    expect(html.match(/<table>/g)).toHaveLength(2);
    expect(html).toContain('<h3>Airlock</h3>');
    expect(html).toMatch(/<td>Sandbox<\/td>\s*<td>bwrap, network: Airlock’s egress proxy only|<td>Sandbox<\/td>\s*<td>bwrap, network: Airlock's egress proxy only/);
    expect(html).toContain('12 request(s), 1 refused; real credentials put in by the proxy: github-token ×7; egress policy: 7 resolved, 4 allowed, 1 denied');
    expect(html).toContain('<a href="https://github.com/acme/widgets/attestations/42">on GitHub</a>');
    expect(html).toContain('<a href="https://github.com/acme/widgets/pull/7">#7</a>');
    expect(html).toMatch(/<td>github <code>01234567<\/code><\/td>\s*<td>contents:read on widgets<\/td>/);
    expect(html).toContain('<td>2026-12-06T10:05:00.000Z</td>');
  });

  it('keeps what the agent named from becoming markup or breaking a row', () => {
    const html = render(jobSummary(facts));
    expect(html).not.toContain('<script>');
    // The pipe in the refused destination stays in its cell.
    const row = /<td>Proxy log<\/td>\s*<td>([^<]*(?:&[^;]+;[^<]*)*)<\/td>/.exec(html);
    expect(row?.[1]).toContain('host-not-allowed');
  });

  it('shows what did not happen: no run, a timeout, a credential not revoked', () => {
    const html = render(jobSummary({ identity: 'agent', agent: 'generic', timedOut: true, records: [{ ...facts.records[0]!, revokedAt: undefined }] }));
    expect(html).toContain('stopped at timeout-minutes');
    expect(html).toContain('<strong>not revoked</strong>');
    expect(html.match(/<table>/g)).toHaveLength(2);
  });
});
