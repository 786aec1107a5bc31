import type { ContainerEngineChoice } from '../sandbox/container-options.js';
import { engineCommand, findContainerEngine } from '../sandbox/container-engine.js';
import { runSandboxed } from '../sandbox/run-sandboxed.js';
import { benchImage } from './bench-image.js';

export interface ContainerStartInput {
  readonly runs: number;
  readonly workspace: string;
  readonly egressSocket: string;
  readonly engine: ContainerEngineChoice;
  /** An image to run; default the bench's own (bench-image.ts). */
  readonly image?: string;
  /** The plain exec's median, to express overheads against. */
  readonly plainMedianMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Number(x.toFixed(1));

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/**
 * `sandbox: container` start-up: `true` run through runSandboxed (the probe cached, as after the
 * Action's preflight), without and with the egress relay, beside what the engine costs on its
 * own: its client starting (`version`), a bare `run --rm … true`, and the `rm` Airlock issues
 * after every run. The difference between Airlock's run and the bare one is Airlock's share.
 */
export async function measureContainerStart(input: ContainerStartInput) {
  const engine = await findContainerEngine({ choice: input.engine, env: process.env, uid: process.getuid?.() ?? 0 });
  const image = input.image ?? (await benchImage(engine));
  const run = (egress: boolean) =>
    runSandboxed({ command: 'true', workspace: input.workspace, env: {}, backend: 'container', container: { image, engine: engine.name }, ...(egress ? { egress: { socketPath: input.egressSocket } } : {}), onOutput: () => undefined });
  const firstRunMs = await timed(() => run(false));
  const samples = { airlock: [] as number[], relay: [] as number[], client: [] as number[], bare: [] as number[], remove: [] as number[], inspect: [] as number[] };
  for (let i = 0; i < input.runs; i++) {
    samples.airlock.push(await timed(() => run(false)));
    samples.relay.push(await timed(() => run(true)));
    samples.client.push(await timed(() => engineCommand(engine, ['version'])));
    samples.inspect.push(await timed(() => engineCommand(engine, ['image', 'inspect', image])));
    samples.bare.push(await timed(() => engineCommand(engine, ['run', '--rm', '--network', 'none', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', '--log-driver', 'none', '--entrypoint', '/bin/true', image])));
    samples.remove.push(await timed(() => engineCommand(engine, engine.name === 'podman' ? ['rm', '--force', '--time', '0', '--ignore', 'airlock-bench-absent'] : ['rm', '--force', 'airlock-bench-absent'])));
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<keyof typeof samples, number>;
  const airlockShareMs = m.airlock - m.bare;
  return {
    engine: `${engine.name} ${engine.version}`,
    image,
    runs: input.runs,
    firstRunMs: round(firstRunMs),
    medianMs: round(m.airlock),
    withRelayMedianMs: round(m.relay),
    overheadMs: round(m.airlock - input.plainMedianMs),
    overheadWithRelayMs: round(m.relay - input.plainMedianMs),
    breakdown: {
      engineClientMs: round(m.client),
      engineBareRunMs: round(m.bare),
      imageInspectMs: round(m.inspect),
      explicitRemoveMs: round(m.remove),
      airlockShareMs: round(airlockShareMs),
    },
    dominates: m.bare >= airlockShareMs ? `the engine's own run (${round(m.bare)} ms of ${round(m.airlock)}: client start, create, runc, conmon, teardown)` : `Airlock's additions (${round(airlockShareMs)} ms: image inspect, explicit rm, workspace hand-over, watchdog)`,
  };
}
