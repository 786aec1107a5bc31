import { decodeJwt, importSPKI, jwtVerify, type CryptoKey } from 'jose';
import { githubError, type AuthenticatedCaller, type RouteResult } from './route-types.js';
import { hashToken, type WorldApp, type WorldRepo, type WorldState, type WorldToken } from './world-state.js';

/** The credential a request presents, as its `Authorization` header carries it. */
export interface PresentedCredential {
  scheme: 'none' | 'token' | 'bearer' | 'basic';
  /** The token (for Basic: the password); undefined when the request presents none. */
  credential?: string;
}

/**
 * Reads `Authorization: token|bearer <token>` (the REST API's forms) and `Authorization: Basic`
 * (git over HTTPS: any username, the token as password, e.g. `x-access-token:<token>` for an
 * installation token). https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation
 * A header of another shape counts as a credential under scheme `none`, so that what it carries
 * is still judged (and refused) rather than ignored.
 */
export function parseAuthorization(header: string | undefined): PresentedCredential {
  const value = (header ?? '').trim();
  if (!value) return { scheme: 'none' };
  const bearer = /^(token|bearer)\s+(\S+)$/i.exec(value);
  if (bearer) return { scheme: bearer[1]!.toLowerCase() as 'token' | 'bearer', credential: bearer[2]! };
  const basic = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(value);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return { scheme: 'basic', credential: colon < 0 ? '' : decoded.slice(colon + 1) };
  }
  return { scheme: 'none', credential: value.replace(/^\S+\s*/, '') };
}

const appKeys = new WeakMap<WorldApp, Promise<CryptoKey>>();

function publicKeyOf(app: WorldApp): Promise<CryptoKey> {
  let key = appKeys.get(app);
  if (!key) appKeys.set(app, (key = importSPKI(app.publicKeyPem, 'RS256')));
  return key;
}

/** The App a JWT names in `iss` (its id or client ID): the seeded App or one registered from a manifest. */
function appNamedBy(state: WorldState, jwt: string): WorldApp | undefined {
  let iss: string;
  try {
    iss = String(decodeJwt(jwt).iss);
  } catch {
    return undefined;
  }
  return [state.app, ...state.registeredApps.values()].find((app) => iss === String(app.id) || iss === app.clientId);
}

/** Who presents `credential`, as GitHub would see it; a RouteResult when GitHub would refuse it. */
export async function authenticateCaller(state: WorldState, credential: string): Promise<AuthenticatedCaller | RouteResult> {
  if (credential.split('.').length === 3) {
    // App JWT: RS256 by the App's key, `iss` the App id, at most 10 minutes long.
    // https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
    const app = appNamedBy(state, credential);
    if (!app) return githubError(401, "'Issuer' claim ('iss') must be an Integer or the App's client ID");
    try {
      const { payload } = await jwtVerify(credential, await publicKeyOf(app), { algorithms: ['RS256'], currentDate: new Date(state.clock()), clockTolerance: 60 });
      if ((payload.exp ?? 0) - (payload.iat ?? 0) > 660) return githubError(401, "'Expiration time' claim ('exp') is too far in the future");
      return { kind: 'app', app };
    } catch {
      return githubError(401, 'A JSON web token could not be decoded');
    }
  }
  const token = state.tokens.get(hashToken(credential));
  if (!token || token.revokedAt !== undefined || token.expiresAt <= state.clock()) return githubError(401, 'Bad credentials');
  return { kind: 'installation', token };
}

/**
 * The repository `owner/name` if `token` may see it: the installation's account owns it and the
 * token is not narrowed to other repositories. GitHub answers 404, not 403, for the rest.
 */
export function reachableRepo(state: WorldState, token: WorldToken, owner: string, name: string): WorldRepo | undefined {
  const repo = state.repos.get(`${owner}/${name}`.toLowerCase());
  const installation = state.installations.get(token.installationId);
  const reachable = repo && installation && repo.owner.id === installation.account.id && (!token.repositoryIds || token.repositoryIds.includes(repo.id));
  return reachable ? repo : undefined;
}
