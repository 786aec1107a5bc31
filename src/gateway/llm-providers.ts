/** The providers the gateway fronts. */
export type LlmProvider = 'anthropic' | 'openai';

export const LLM_PROVIDERS: readonly LlmProvider[] = ['anthropic', 'openai'];

/** One method and exact path (no query) a provider route forwards. */
export interface ProviderRoute {
  readonly method: string;
  readonly path: string;
}

/** How a provider's SDKs send the key: a bare header value, or `Authorization: Bearer`. */
export type KeyConvention = 'x-api-key' | 'authorization-bearer';

export interface ProviderDefinition {
  readonly defaultUpstream: string;
  readonly keyConvention: KeyConvention;
  /**
   * Exact paths only: matching a fixed list leaves no room for `..`, `%2e` or `//` tricks, and
   * keeps account, file and fine-tuning endpoints (other exfiltration surfaces) out of reach.
   */
  readonly routes: readonly ProviderRoute[];
  /** What the SDK expects after the gateway's origin: OpenAI's base URL carries `/v1`, Anthropic's does not. */
  readonly baseUrlSuffix: string;
  readonly baseUrlVariable: string;
  readonly keyVariable: string;
}

export const PROVIDER_DEFINITIONS: Readonly<Record<LlmProvider, ProviderDefinition>> = {
  anthropic: {
    defaultUpstream: 'https://api.anthropic.com',
    keyConvention: 'x-api-key',
    routes: [
      { method: 'POST', path: '/v1/messages' },
      { method: 'POST', path: '/v1/messages/count_tokens' },
      { method: 'GET', path: '/v1/models' },
    ],
    baseUrlSuffix: '',
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    keyVariable: 'ANTHROPIC_API_KEY',
  },
  openai: {
    defaultUpstream: 'https://api.openai.com',
    keyConvention: 'authorization-bearer',
    routes: [
      { method: 'POST', path: '/v1/chat/completions' },
      { method: 'POST', path: '/v1/responses' },
      { method: 'GET', path: '/v1/models' },
    ],
    baseUrlSuffix: '/v1',
    baseUrlVariable: 'OPENAI_BASE_URL',
    keyVariable: 'OPENAI_API_KEY',
  },
};
