import { join } from 'node:path';
import { pino } from 'pino';
import { trustFromRoots } from '../attest/trust-material.js';
import { verifyChain } from '../attest/verify-chain.js';
import { openPull, submitReview } from '../world/pull-requests.js';
import { runAction } from '../world/runner-harness.js';
import { demoAgentScript, demoChange } from './demo-agent.js';
import { startStack } from './start-stack.js';

export interface DemoSummary {
  tokens_minted: number;
  tokens_live_after: number;
  agent_read_allowed: boolean;
  agent_write_denied: boolean;
  attestation_signed: boolean;
  gate_before_approval: { conclusion: string | null; attestation: string; verdict: string };
  gate_after_approval: { conclusion: string | null; attestation: string; verdict: string };
  chain_verified: boolean;
  agent_push_answered: boolean;
  check_runs: { name: string; conclusion: string | null }[];
  incidents: number;
  openapi_violations: number;
}

/**
 * The whole flow on one machine: the local world, the App, and the Action run as the runner runs
 * it; the agent's pull request goes through the gate, and the chain is verified as a release
 * pipeline would. `distDir` holds the bundled Action (dist/main.js, dist/post.js).
 */
export async function runDemo(distDir: string, log: (line: string) => void): Promise<DemoSummary> {
  const { world, app, jobEnv, close } = await startStack({ log: pino({ level: 'warn' }, pino.destination(2)) });
  try {
    log('world and App started; running the agent step through the runner harness');
    const widgets = world.repo('acme/widgets');
    const main = widgets.commits.get(widgets.refs.get('heads/main')!)!;
    const run = await runAction({
      mainPath: join(distDir, 'main.js'),
      postPath: join(distDir, 'post.js'),
      inputs: {
        'broker-url': app.url,
        identity: 'agent',
        permissions: 'contents: read',
        run: 'node agent.mjs',
        // The agent runs in the bubblewrap sandbox; GitHub, where its token is bound, is the one host it may reach.
        'fulcio-url': world.sigstore.url,
        'rekor-url': world.sigstore.url,
        'github-token': world.jobToken('acme/widgets', { attestations: 'write' }),
      },
      env: jobEnv(),
      workspaceFiles: { ...Object.fromEntries(main.files), 'agent.mjs': demoAgentScript },
      checkout: true,
    });
    for (const line of run.main.log.split('\n')) log(`  main | ${line}`);
    for (const line of run.post.log.split('\n')) log(`  post | ${line}`);
    const afterAction = world.snapshot();
    const agentBundle = Object.entries(run.files).find(([name]) => name.includes('airlock-attestation-'))?.[1];

    log('the agent proposes its change as a pull request; the gate checks the attestation and waits for a human');
    const { pull, sha } = await openPull(world, { repo: 'acme/widgets', head: 'agent/answer', author: 'agent-smith[bot]', files: demoChange, title: 'agent: answer 43' });
    const gate = () => {
      const r = world.state.checkRuns.filter((c) => c.headSha === sha && c.name === 'Airlock').at(-1);
      const summary = r?.output?.summary ?? '';
      const verdict = /```json\n([\s\S]*?)\n```/.exec(r?.output?.text ?? '')?.[1];
      const result = verdict ? (JSON.parse(Buffer.from((JSON.parse(verdict) as { dsseEnvelope: { payload: string } }).dsseEnvelope.payload, 'base64').toString()) as { predicate: { verificationResult: string } }).predicate.verificationResult : 'unsigned';
      return { conclusion: r?.conclusion ?? null, attestation: summary.includes('✅ **Verified**') ? 'verified' : 'not verified', verdict: result, text: r?.output?.text ?? '' };
    };
    const before = gate();
    log(`  gate on ${sha.slice(0, 12)}: ${before.conclusion} (attestation ${before.attestation}, signed verdict ${before.verdict})`);
    log('bob (write access, not the author) approves the head commit');
    await submitReview(world, pull, { user: 'bob' });
    const after = gate();
    log(`  gate on ${sha.slice(0, 12)}: ${after.conclusion} (attestation ${after.attestation}, signed verdict ${after.verdict})`);

    log('a release pipeline verifies the chain: agent-run attestation -> App verdict -> commit');
    const keys = (await (await fetch(`${app.url}/airlock/v1/keys`)).json()) as { keys: { public_key_pem: string }[] };
    const verdictBundle = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(after.text)?.[1] ?? 'null') as unknown;
    const chain = agentBundle
      ? verifyChain([JSON.parse(agentBundle), verdictBundle], {
          trust: trustFromRoots([world.sigstore.trustedRoot]),
          identity: { serverUrl: 'https://github.com', issuer: world.oidc.issuer, repository: 'acme/widgets', workflows: { refs: ['acme/widgets/.github/workflows/agent.yml@refs/heads/main'] } },
          appKeyPem: keys.keys[0]!.public_key_pem,
          commit: sha,
        })
      : undefined;
    for (const l of chain?.links ?? []) log(`  ${l.ok ? 'ok  ' : 'FAIL'} ${l.link}: ${l.message}`);

    log('an agent pushes straight to main; the App answers');
    const push = await world.push({ repo: 'acme/widgets', branch: 'main', files: { 'src/index.js': 'export const answer = 44;\n' }, pusher: 'agent-smith[bot]', message: 'agent: tweak answer' });
    const final = world.snapshot();
    for (const v of final.violations as { method: string; path: string; where: string; message: string }[]) log(`OpenAPI violation: ${v.method} ${v.path} ${v.where}: ${v.message}`);
    const checkRuns = (final.check_runs as { name: string; conclusion: string | null; head_sha: string }[]).filter((r) => r.head_sha === push.sha);
    const tokens = afterAction.tokens as { narrowed_minted: number; narrowed_live: number };
    const strip = ({ conclusion, attestation, verdict }: ReturnType<typeof gate>) => ({ conclusion, attestation, verdict });
    return {
      tokens_minted: tokens.narrowed_minted,
      tokens_live_after: tokens.narrowed_live,
      agent_read_allowed: run.main.log.includes('AGENT_READ_STATUS=200'),
      agent_write_denied: run.main.log.includes('AGENT_WRITE_STATUS=403'),
      attestation_signed: Boolean(agentBundle) && run.outputs['attestation-path'] !== undefined,
      gate_before_approval: strip(before),
      gate_after_approval: strip(after),
      chain_verified: chain?.ok === true,
      // The App stores each delivery and answers 202 at once; the world settles once its queue is idle, so the check run is there.
      agent_push_answered: push.delivery.status === 202 && checkRuns.length > 0,
      check_runs: checkRuns.map((r) => ({ name: r.name, conclusion: r.conclusion })),
      incidents: (final.issues as unknown[]).length,
      openapi_violations: (final.violations as unknown[]).length,
    };
  } finally {
    await close();
  }
}
