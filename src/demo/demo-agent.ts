/** The change the demo's agent makes in its checkout, and then proposes as a pull request. */
export const demoChange = { 'src/index.js': 'export const answer = 43;\n', 'NOTES.md': 'The answer is 43 now.\n' };

/**
 * The demo's agent, run in the sandbox: reads a file with its token (allowed), tries to move
 * `main` (refused, the token is read-only), and edits its checkout. It holds a placeholder, not the
 * token: curl sends it through the egress proxy (HTTPS_PROXY) to GitHub, where the proxy, which
 * terminates that TLS with the run's CA (trusted through CURL_CA_BUNDLE), puts the real token in.
 * It prints the status codes, never a token.
 */
export const demoAgentScript = `
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const api = process.env.GITHUB_API_URL;
const call = (method, path, body) => {
  const args = ['-sS', '--max-time', '20', '-X', method, '-H', 'authorization: token ' + process.env.GH_TOKEN, '-H', 'accept: application/vnd.github+json', '-o', '/tmp/answer', '-w', '%{http_code}'];
  if (body) args.push('-H', 'content-type: application/json', '--data-binary', body);
  const status = Number(execFileSync('curl', [...args, api + path]).toString());
  return { status, text: status ? execFileSync('cat', ['/tmp/answer']).toString() : '' };
};
const read = call('GET', '/repos/acme/widgets/contents/README.md');
console.log('AGENT_READ_STATUS=' + read.status);
const ref = JSON.parse(call('GET', '/repos/acme/widgets/git/ref/heads/main').text);
const write = call('PATCH', '/repos/acme/widgets/git/refs/heads/main', JSON.stringify({ sha: ref.object.sha, force: true }));
console.log('AGENT_WRITE_STATUS=' + write.status);
for (const [path, content] of Object.entries(${JSON.stringify(demoChange)})) writeFileSync(path, content);
`;
