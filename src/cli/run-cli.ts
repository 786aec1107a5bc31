export async function runCli(argv: string[]): Promise<number> {
  console.error(`airlock: unknown command ${JSON.stringify(argv[0] ?? '')}`);
  return 2;
}
