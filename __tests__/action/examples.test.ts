import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readActionSettings } from '../../src/action/action-settings.js';
import { parseTrustPolicy } from '../../src/sts/trust-policy.js';

/*
 * Issue 13 item 7: the examples are complete workflows a user copies, so each is checked against
 * action.yml and read by the Action's own input parser, as the runner would hand them over.
 */
interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean | number>;
}
interface Workflow {
  permissions: Record<string, string>;
  on: unknown;
  jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
}

const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { required?: boolean; default?: string }> };
const examples = readdirSync('examples').filter((f) => f.endsWith('.yml'));

/** What the runner gives for `${{ ... }}` expressions: a secret, or text. */
const resolve = (value: string) =>
  value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => (expr.startsWith('secrets.') ? `sk-test-${expr.replace(/\W/g, '')}-0123456789abcdef` : `value of ${expr}`));

describe.each(examples)('examples/%s', (file) => {
  const workflow = parse(readFileSync(`examples/${file}`, 'utf8')) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  const airlock = steps.find((s) => /\/airlock@v\d+$/.test(s.uses ?? ''));

  it('uses the Action with inputs action.yml declares, after a checkout', () => {
    expect(airlock).toBeDefined();
    for (const key of Object.keys(airlock!.with ?? {})) expect([key, key in action.inputs]).toEqual([key, true]);
    expect(steps.findIndex((s) => s.uses?.startsWith('actions/checkout@'))).toBeLessThan(steps.indexOf(airlock!));
    for (const job of Object.values(workflow.jobs)) expect(job['runs-on']).toMatch(/^ubuntu-(24\.04|latest)$/);
  });

  it("grants what the Action needs: an OIDC token, and attestations for the gate; nothing more to the job's token", () => {
    expect(workflow.permissions).toMatchObject({ 'id-token': 'write', attestations: 'write', contents: 'read' });
    expect(Object.entries(workflow.permissions).filter(([, v]) => v === 'write').map(([k]) => k).sort()).toEqual(['attestations', 'id-token']);
  });

  it("passes the Action's own input checks", () => {
    const inputs = Object.fromEntries(Object.entries(airlock!.with ?? {}).map(([k, v]) => [k, resolve(String(v))]));
    const getInput = (name: string) => inputs[name] ?? action.inputs[name]?.default ?? '';
    const settings = readActionSettings(getInput, { GITHUB_WORKSPACE: '/home/runner/work/widgets/widgets' });
    expect(settings.sandbox).toBe('bwrap');
    if (settings.agent !== 'generic') {
      // The agent's CLI is installed before the step, as the preset runs it from PATH.
      const cli = settings.agent === 'claude-code' ? '@anthropic-ai/claude-code' : '@openai/codex';
      expect(steps.some((s) => s.run?.includes(cli))).toBe(true);
      expect(settings.prompt).toBeDefined();
    }
    // A task from the workflow's inputs goes through `prompt`, never into a shell command.
    expect(String(airlock!.with?.run ?? '')).not.toMatch(/\$\{\{/);
  });
});

describe('examples/trust-policy.sts.yaml', () => {
  it('parses as the broker parses it, and allows the writes a pull request needs', () => {
    const policy = parseTrustPolicy('agent', readFileSync('examples/trust-policy.sts.yaml', 'utf8'));
    expect(policy.permissions).toMatchObject({ contents: 'write', pull_requests: 'write' });
  });
});
