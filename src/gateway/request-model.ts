/** A model name as providers spell them (`claude-sonnet-4-5`, `gpt-5.5`, `ft:gpt-4o:org::id`); anything else is not reported. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,99}$/;

/**
 * The `model` a provider request names at the top of its JSON body (Anthropic Messages, OpenAI
 * Chat Completions and Responses all do), read from the body the gateway already holds whole
 * before forwarding; undefined when the body is not JSON or names none in model-name shape (an
 * agent-chosen free text never reaches the log or the run's telemetry).
 * https://docs.anthropic.com/en/api/messages https://platform.openai.com/docs/api-reference/chat/create
 */
export function requestModel(body: Buffer): string | undefined {
  if (body.length === 0 || body[0] !== 0x7b) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const model = (parsed as { model?: unknown }).model;
  return typeof model === 'string' && MODEL_NAME.test(model) ? model : undefined;
}
