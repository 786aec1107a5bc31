/** The change the demo's agent makes in its checkout, and then proposes as a pull request. */
export const demoChange = { 'src/index.js': 'export const answer = 43;\n', 'NOTES.md': 'The answer is 43 now.\n' };

/**
 * The demo's agent, run in the sandbox: reads a file with its token (allowed), tries to move
 * `main` (refused, the token is read-only), and edits its checkout. Its only way out is the egress
 * proxy (HTTP_PROXY), which lets it reach the GitHub API host and nothing else; Node's fetch
 * ignores proxies, so it speaks HTTP to the proxy itself. It prints what happened, never the token.
 */
export const demoAgentScript = `
import { writeFileSync } from 'node:fs';
import http from 'node:http';
const api = process.env.GITHUB_API_URL;
const proxy = new URL(process.env.HTTP_PROXY);
const headers = { authorization: 'token ' + process.env.GH_TOKEN, accept: 'application/vnd.github+json', 'content-type': 'application/json' };
const call = (method, path, body) => new Promise((resolve, reject) => {
  const url = new URL(api + path);
  const req = http.request({ host: proxy.hostname, port: proxy.port, method, path: url.href, headers: { ...headers, host: url.host } }, (res) => {
    let text = '';
    res.on('data', (c) => (text += c));
    res.on('end', () => resolve({ status: res.statusCode, text }));
  });
  req.on('error', reject);
  req.end(body);
});
const read = await call('GET', '/repos/acme/widgets/contents/README.md');
console.log('AGENT_READ_STATUS=' + read.status);
const ref = JSON.parse((await call('GET', '/repos/acme/widgets/git/ref/heads/main')).text);
const write = await call('PATCH', '/repos/acme/widgets/git/refs/heads/main', JSON.stringify({ sha: ref.object.sha, force: true }));
console.log('AGENT_WRITE_STATUS=' + write.status);
for (const [path, content] of Object.entries(${JSON.stringify(demoChange)})) writeFileSync(path, content);
`;
