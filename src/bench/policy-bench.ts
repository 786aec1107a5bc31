import type { CliCommand } from '../cli/cli-io.js';

// Placeholder until the policy engine lands; replaced by its owner.
export const policyBench: CliCommand = async (_argv, io) => {
  io.stderr('airlock bench policy: not available yet\n');
  return 2;
};
