import type { JWK } from 'jose';
import type { StandInServer } from '../stand-in-server.js';
import { startArmStandIn } from './arm-stand-in.js';
import { AZURE_FEDERATION_AUDIENCE, AZURE_SUBSCRIPTION_ID, createAzureState, type AzureWorldState } from './azure-state.js';
import { startEntraTokenStandIn } from './entra-token-stand-in.js';

export interface AzureWorld {
  readonly state: AzureWorldState;
  /** Entra's token endpoint (the authority host): POST /{tenant}/oauth2/v2.0/token. */
  readonly login: StandInServer;
  /** The Resource Manager-shaped endpoint; its origin is the resource its tokens are for. */
  readonly management: StandInServer;
  readonly tenantId: string;
  readonly subscriptionId: string;
  /**
   * `agent`: a federated credential for acme/widgets' main branch (exact subject), Reader.
   * `anyBranch`: a flexible credential for any ref of acme/widgets (`repo:acme/widgets:*`), Reader.
   * `noCredential`: an app with no federated credential.
   */
  readonly apps: { readonly agent: string; readonly anyBranch: string; readonly noCredential: string };
  close(): Promise<void>;
}

/**
 * Starts the Azure part of the world: a tenant whose app registrations trust the world's issuer
 * through federated identity credentials, a subscription with one resource group, and the token
 * and Resource Manager stand-ins on `host`.
 * https://github.com/Azure/login#login-with-openid-connect-oidc-recommended
 */
export async function startAzureWorld(options: { issuer: string; jwks: () => { keys: JWK[] }; tls: { keyPem: string; certPem: string }; host?: string; clock?: () => number }): Promise<AzureWorld> {
  const state = createAzureState(options.clock);
  const federated = (extra: { subject?: string; subjectPattern?: string }) => ({ issuer: options.issuer, jwks: options.jwks, audiences: [AZURE_FEDERATION_AUDIENCE], ...extra });
  const apps = { agent: '0b6e8a3c-5f21-4d7e-9c48-1a2b3c4d5e6f', anyBranch: '9d2f4b6a-8c1e-4a3b-b5d7-6e8f0a1b2c3d', noCredential: '3c5e7a9b-1d2f-4e6a-8b0c-2d4f6a8c0e1b' };
  state.applications.set(apps.agent, { clientId: apps.agent, name: 'airlock-agent', credentials: [federated({ subject: 'repo:acme/widgets:ref:refs/heads/main' })], roles: ['Reader'] });
  state.applications.set(apps.anyBranch, { clientId: apps.anyBranch, name: 'airlock-any-branch', credentials: [federated({ subjectPattern: 'repo:acme/widgets:*' })], roles: ['Reader'] });
  state.applications.set(apps.noCredential, { clientId: apps.noCredential, name: 'no-federation', credentials: [], roles: ['Contributor'] });
  state.resourceGroups.set('widgets-rg', { name: 'widgets-rg', location: 'westeurope' });
  const listen = { tls: options.tls, ...(options.host ? { host: options.host } : {}) };
  const [login, management] = await Promise.all([startEntraTokenStandIn(state, listen), startArmStandIn(state, listen)]);
  return {
    state,
    login,
    management,
    tenantId: state.tenantId,
    subscriptionId: AZURE_SUBSCRIPTION_ID,
    apps,
    close: async () => {
      await Promise.all([login.close(), management.close()]);
    },
  };
}
