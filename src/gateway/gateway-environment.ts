import { LLM_PROVIDERS, PROVIDER_DEFINITIONS, type LlmProvider } from './llm-providers.js';

/**
 * The variables an agent's SDKs read (`ANTHROPIC_BASE_URL`, `ANTHROPIC_API_KEY`,
 * `OPENAI_BASE_URL`, `OPENAI_API_KEY`), pointing at the gateway and holding placeholders.
 * `origin` is where the sandbox reaches the gateway (a bridge or a routed proxy name), which
 * differs from the host-side loopback address; the provider prefixes are appended here.
 */
export function gatewayEnvironment(
  origin: string,
  placeholderKeys: Readonly<Partial<Record<LlmProvider, string>>>,
): Record<string, string> {
  const base = origin.replace(/\/+$/, '');
  const env: Record<string, string> = {};
  for (const provider of LLM_PROVIDERS) {
    const key = placeholderKeys[provider];
    if (key === undefined) continue;
    const def = PROVIDER_DEFINITIONS[provider];
    env[def.baseUrlVariable] = `${base}/${provider}${def.baseUrlSuffix}`;
    env[def.keyVariable] = key;
  }
  return env;
}
