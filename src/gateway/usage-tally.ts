/** Usage fields as Anthropic (`input_tokens`, `output_tokens`) and OpenAI Chat (`prompt_tokens`, `completion_tokens`) name them. */
const USAGE_FIELD = /"(input_tokens|output_tokens|prompt_tokens|completion_tokens)"\s*:\s*(\d{1,12})/g;
/** Enough to hold one field split across two chunks (the longest name, its colon, spaces and digits). */
const OVERLAP = 64;

/**
 * Token counts read from a provider's answer as it streams through the gateway, chunk by chunk,
 * holding only the last few bytes between chunks (never the answer). Works on a JSON answer
 * (`usage` at the top) and on server-sent events alike: Anthropic's `message_start` and
 * `message_delta` carry cumulative counts, OpenAI's last chunk carries its `usage`, so the largest
 * value seen for each side is the call's. A count split across chunks is first seen cut short,
 * then whole: the largest value is still the whole one.
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming https://platform.openai.com/docs/api-reference/chat/object
 */
export class UsageTally {
  inputTokens = 0;
  outputTokens = 0;
  #tail = '';

  push(chunk: Buffer): void {
    const text = this.#tail + chunk.toString('latin1');
    for (const match of text.matchAll(USAGE_FIELD)) {
      const count = Number(match[2]);
      if (match[1] === 'input_tokens' || match[1] === 'prompt_tokens') this.inputTokens = Math.max(this.inputTokens, count);
      else this.outputTokens = Math.max(this.outputTokens, count);
    }
    this.#tail = text.slice(-OVERLAP);
  }
}
