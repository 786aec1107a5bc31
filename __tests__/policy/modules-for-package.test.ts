import { basename } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { modulesForPackage } from '../../src/policy/modules-for-package.js';
import { loadPolicyModules } from '../../src/policy/policy-modules.js';
import { EmbeddedPolicyBackend } from '../../src/policy/evaluate-policy.js';

const mod = (file: string, source: string) => ({ file, source });
const files = (ms: { file: string }[]) => ms.map((m) => m.file).sort();

describe('modulesForPackage', () => {
  it('keeps the package, its sub-packages and parents, and what they refer to, transitively', () => {
    const modules = [
      mod('egress.rego', 'package airlock.egress\nimport rego.v1\nimport data.lib.hosts\nallow if hosts.ok'),
      mod('egress-extra.rego', 'package airlock.egress.extra\nx := 1'),
      mod('root.rego', 'package airlock\ndefault_on := true'),
      mod('hosts.rego', 'package lib.hosts\nok if data.lib.names.first == "a"'),
      mod('names.rego', 'package lib.names\nfirst := "a"'),
      mod('pr.rego', 'package airlock.pr\nallow if true'),
      mod('unrelated.rego', 'package lib.other\ny := 2'),
    ];
    expect(files(modulesForPackage('airlock.egress', modules))).toEqual(['egress-extra.rego', 'egress.rego', 'hosts.rego', 'names.rego', 'root.rego']);
  });

  it('does not follow "data" in strings, comments, input.data or metadata, and keeps everything on a dynamic reference', () => {
    const quiet = [
      mod('egress.rego', 'package airlock.egress\n# see data.airlock.pr for the gate\nmsg := "copies data.airlock.pr to a place"\nx := input.data.airlock\ny := input.metadata'),
      mod('pr.rego', 'package airlock.pr\nallow if true'),
    ];
    expect(files(modulesForPackage('airlock.egress', quiet))).toEqual(['egress.rego']);
    const dynamic = [mod('egress.rego', 'package airlock.egress\nx := data[input.pkg]'), mod('pr.rego', 'package airlock.pr\nallow if true')];
    expect(files(modulesForPackage('airlock.egress', dynamic))).toEqual(['egress.rego', 'pr.rego']);
    const unreadable = [mod('egress.rego', 'package airlock.egress\nx := 1'), mod('odd.rego', '# no package line')];
    expect(files(modulesForPackage('airlock.egress', unreadable))).toHaveLength(2);
  });

  it('on the shipped policies keeps egress.rego alone, and decides as the whole directory does', async () => {
    const all = await loadPolicyModules('policies');
    const kept = modulesForPackage('airlock.egress', all);
    expect(kept.map((m) => basename(m.file))).toEqual(['egress.rego']);
    const input = { request: { method: 'GET', scheme: 'https', host: 'evil.example', port: 443, path: '/' }, credential: null, github: null, aws: null, cloud: null, run: { repository: 'acme/widgets', repository_owner: 'acme', event_name: 'push', ref: 'refs/heads/main', sha: '0'.repeat(40) } };
    const decide = (modules: typeof all) => new EmbeddedPolicyBackend({ modules }).decide({ entrypoint: 'airlock.egress', input, also: ['resolve'] });
    const [whole, pruned] = [decide(all), decide(kept)];
    expect(whole.deny.length).toBeGreaterThan(0);
    expect(pruned.allow).toBe(whole.allow);
    expect(pruned.deny).toEqual(whole.deny);
  });
});
