import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../../http/json-http.js';
import { bearerToken } from '../bearer-token.js';
import { startStandInServer, type StandInServer } from '../stand-in-server.js';
import { AZURE_SUBSCRIPTION_ID, type AzureWorldState } from './azure-state.js';

/*
 * An Azure Resource Manager-shaped endpoint checking bearer tokens: list, get and create-or-update
 * resource groups of the world's subscription. A token must be one the world's Entra stand-in
 * issued for this endpoint's resource, unexpired; reads need the app's Reader role, writes
 * Contributor. Errors are ARM's JSON error objects.
 * https://learn.microsoft.com/en-us/rest/api/resources/resource-groups
 */

const BODY_LIMIT = 64 * 1024;
const ROUTE = /^\/subscriptions\/([^/]+)\/resourcegroups(?:\/([^/]+))?$/i;

class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const groupJson = (name: string, location: string) => ({ id: `/subscriptions/${AZURE_SUBSCRIPTION_ID}/resourceGroups/${name}`, name, type: 'Microsoft.Resources/resourceGroups', location, properties: { provisioningState: 'Succeeded' } });

/** Starts the endpoint and records its own origin as the resource its tokens must be for. */
export async function startArmStandIn(state: AzureWorldState, options: { tls?: { keyPem: string; certPem: string }; host?: string } = {}): Promise<StandInServer> {
  const server = await startStandInServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://management.local');
    const method = req.method ?? 'GET';
    const bearer = bearerToken(req);
    let clientId: string | undefined;
    try {
      const token = bearer ? state.tokens.get(bearer) : undefined;
      if (!bearer) throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
      if (!token) throw new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
      if (token.expiresAt <= state.clock()) throw new ArmError(401, 'ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.');
      if (token.audience !== state.managementResource) throw new ArmError(401, 'InvalidAuthenticationToken', `The access token has been obtained for wrong audience or resource '${token.audience}'. It should exactly match with one of the allowed audiences '${state.managementResource}'.`);
      clientId = token.clientId;
      const route = ROUTE.exec(url.pathname);
      if (!route) throw new ArmError(404, 'InvalidResourceType', `The resource type could not be found for ${url.pathname}.`);
      if (!url.searchParams.get('api-version')) throw new ArmError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
      if (route[1] !== AZURE_SUBSCRIPTION_ID) throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${route[1]!}' could not be found.`);
      const roles = state.applications.get(clientId)?.roles ?? [];
      const denied = (action: string) => new ArmError(403, 'AuthorizationFailed', `The client '${clientId!}' with object id '${clientId!}' does not have authorization to perform action '${action}' over scope '/subscriptions/${AZURE_SUBSCRIPTION_ID}' or the scope is invalid.`);
      const record = () => state.calls.push({ service: 'management', method, path: url.pathname, status: 200, ...(bearer ? { bearer } : {}), clientId: clientId! });
      if (method === 'GET') {
        if (!roles.includes('Reader') && !roles.includes('Contributor')) throw denied('Microsoft.Resources/subscriptions/resourceGroups/read');
        if (route[2] === undefined) {
          record();
          return sendJson(res, 200, { value: [...state.resourceGroups.values()].map((g) => groupJson(g.name, g.location)) });
        }
        const group = state.resourceGroups.get(route[2].toLowerCase());
        if (!group) throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${route[2]}' could not be found.`);
        record();
        return sendJson(res, 200, groupJson(group.name, group.location));
      }
      if (method === 'PUT' && route[2] !== undefined) {
        if (!roles.includes('Contributor')) throw denied('Microsoft.Resources/subscriptions/resourceGroups/write');
        let location: unknown;
        try {
          location = (JSON.parse((await readBody(req, BODY_LIMIT)).toString('utf8')) as { location?: unknown }).location;
        } catch (error) {
          if (error instanceof BodyTooLargeError) throw new ArmError(413, 'RequestEntityTooLarge', 'The request body is too large.');
          throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
        }
        if (typeof location !== 'string') throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
        state.resourceGroups.set(route[2].toLowerCase(), { name: route[2], location });
        record();
        return sendJson(res, 201, groupJson(route[2], location));
      }
      throw new ArmError(405, 'MethodNotAllowed', `${method} is not supported on ${url.pathname}.`);
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      state.calls.push({ service: 'management', method, path: url.pathname, status: error.status, error: error.code, ...(bearer ? { bearer } : {}), ...(clientId ? { clientId } : {}) });
      sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.status === 401 ? { 'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${state.tenantId}", error="invalid_token"` } : {});
    }
  }, options);
  state.managementResource = server.url;
  return server;
}
