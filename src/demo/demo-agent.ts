/**
 * The demo's agent: reads a file with its token (allowed), then tries to move `main` (refused,
 * the token is read-only). It prints what happened; it never prints the token.
 */
export const demoAgentScript = `
const api = process.env.GITHUB_API_URL;
const headers = { authorization: 'token ' + process.env.GH_TOKEN, accept: 'application/vnd.github+json' };
const read = await fetch(api + '/repos/acme/widgets/contents/README.md', { headers });
console.log('AGENT_READ_STATUS=' + read.status);
const ref = await fetch(api + '/repos/acme/widgets/git/ref/heads/main', { headers }).then((r) => r.json());
const write = await fetch(api + '/repos/acme/widgets/git/refs/heads/main', { method: 'PATCH', headers, body: JSON.stringify({ sha: ref.object.sha, force: true }) });
console.log('AGENT_WRITE_STATUS=' + write.status);
`;
