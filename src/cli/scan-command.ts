import type { CliCommand } from './cli-io.js';

// Placeholder until the scan engine lands; replaced by its owner.
export const scanCommand: CliCommand = async (_argv, io) => {
  io.stderr('airlock scan: not available yet\n');
  return 2;
};
