import type { CliCommand } from './cli-io.js';

// Placeholder until the policy engine lands; replaced by its owner.
export const policyCommand: CliCommand = async (_argv, io) => {
  io.stderr('airlock policy: not available yet\n');
  return 2;
};
