import type { CliCommand } from '../cli/cli-io.js';

// Placeholder until the scan engine lands; replaced by its owner.
export const scanBench: CliCommand = async (_argv, io) => {
  io.stderr('airlock bench scan: not available yet\n');
  return 2;
};
