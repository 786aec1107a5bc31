// The HTML of registration mode: the page with the button that posts the manifest to GitHub (as
// Probot's setup view does), and the pages after GitHub sends the person back. Every value put
// into the HTML is escaped; the pages load nothing from anywhere.

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2rem}button{font-size:1rem;padding:.5rem 1rem}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

/** The page at /probot: one button that POSTs the manifest to GitHub's `settings/apps/new`. */
export function registrationPage(options: { name: string; description: string; formAction: string; manifestJson: string; envFile: string }): string {
  return page(
    `Register ${options.name}`,
    `<p>${escapeHtml(options.description)}</p>
<p>Registering creates a GitHub App from Airlock's manifest (<code>app.yml</code>): its permissions, events and webhook URL. GitHub asks you to name it, then sends you back here, and this server writes the App's credentials to <code>${escapeHtml(options.envFile)}</code>.</p>
<form action="${escapeHtml(options.formAction)}" method="post">
<input type="hidden" name="manifest" value="${escapeHtml(options.manifestJson)}">
<button type="submit">Register the GitHub App</button>
</form>
<p>To register it by hand instead, see <code>docs/register-the-app.md</code>.</p>`,
  );
}

/** After the conversion: what was written where, and the two steps left. */
export function registeredPage(options: { name: string; appId: number; htmlUrl: string; envFile: string; keys: string[] }): string {
  return page(
    `Registered ${options.name}`,
    `<p>GitHub App <a href="${escapeHtml(options.htmlUrl)}">${escapeHtml(options.name)}</a> (App ID ${options.appId}) is registered. ${escapeHtml(options.keys.join(', '))} are in <code>${escapeHtml(options.envFile)}</code> (mode 0600).</p>
<ol>
<li>Restart <code>airlock app</code>: it reads <code>.env</code> and starts as the App.</li>
<li><a href="${escapeHtml(options.htmlUrl)}/installations/new">Install the App</a> on your organization.</li>
</ol>`,
  );
}

export function messagePage(title: string, text: string): string {
  return page(title, `<p>${escapeHtml(text)}</p>\n<p><a href="/probot">Back to registration</a></p>`);
}
