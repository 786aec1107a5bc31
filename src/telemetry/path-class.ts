import type { PathClass } from './run-event.js';

/** Smart-HTTP git endpoints (https://git-scm.com/docs/http-protocol), as git clients call them. */
const GIT = /(\/info\/refs$|\/git-upload-pack$|\/git-receive-pack$|\.git(\/|$))/;
/** GitHub's release, archive and artifact downloads, and the common `/download/` shape elsewhere. */
const DOWNLOAD = /(\/download(s)?(\/|$)|\/(tarball|zipball|archive)\/|\/artifacts\/\d+\/zip$)/;
/** Upload endpoints (GitHub's `uploads.` host, `/upload` paths such as Sigstore's and package registries'). */
const UPLOAD = /(\/upload(s)?(\/|$))/;
const API = /^\/(api|v\d+(beta\d*)?|repos|orgs|users|user|graphql|installation|app|search|rate_limit)(\/|$)/;

/**
 * What a request's path looked like, never the path: the App sees `api` or `git` or `upload`, which
 * is what containment needs ("many artifact downloads"), and no path, query or identifier an agent
 * could use to carry data out (run-event.ts). A CONNECT tunnel has no path the proxy saw: `other`.
 */
export function pathClass(input: { readonly kind: 'http' | 'https' | 'connect' | 'upgrade'; readonly host: string; readonly path: string }): PathClass {
  if (input.kind === 'connect' || input.kind === 'upgrade') return 'other';
  const path = input.path.toLowerCase();
  if (path === '' || path === '/') return 'root';
  if (GIT.test(path)) return 'git';
  if (input.host.startsWith('uploads.') || UPLOAD.test(path)) return 'upload';
  if (DOWNLOAD.test(path) || input.host.startsWith('objects.') || input.host.startsWith('codeload.')) return 'download';
  if (input.host.startsWith('api.') || API.test(path)) return 'api';
  return 'other';
}
