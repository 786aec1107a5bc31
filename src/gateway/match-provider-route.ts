import { PROVIDER_DEFINITIONS, type LlmProvider } from './llm-providers.js';

export type RouteMatch =
  | {
      readonly ok: true;
      readonly provider: LlmProvider;
      /** One of the provider's listed paths, exactly. */
      readonly path: string;
      /** `?…` as sent, or ''. */
      readonly query: string;
    }
  | {
      readonly ok: false;
      readonly provider: LlmProvider | undefined;
      /** The listed path when only the method was wrong; '' otherwise, since an unmatched path is agent text that may carry a secret and is never logged. */
      readonly path: string;
      readonly reason: 'unknown-route' | 'method-not-allowed';
    };

/**
 * Maps an origin-form request target (`/anthropic/v1/messages?beta=true`) to a provider route:
 * the first segment names the provider, the rest must equal one of its listed paths.
 */
export function matchProviderRoute(
  method: string,
  target: string,
  configured: ReadonlySet<LlmProvider>,
): RouteMatch {
  const q = target.indexOf('?');
  const pathPart = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q);
  const slash = pathPart.indexOf('/', 1);
  const prefix = slash < 0 ? pathPart.slice(1) : pathPart.slice(1, slash);
  const provider = [...configured].find((p) => p === prefix);
  if (!pathPart.startsWith('/') || provider === undefined || slash < 0)
    return { ok: false, provider, path: '', reason: 'unknown-route' };
  const rest = pathPart.slice(slash);
  const routes = PROVIDER_DEFINITIONS[provider].routes.filter((r) => r.path === rest);
  if (routes.length === 0) return { ok: false, provider, path: '', reason: 'unknown-route' };
  if (!routes.some((r) => r.method === method))
    return { ok: false, provider, path: rest, reason: 'method-not-allowed' };
  return { ok: true, provider, path: rest, query };
}
