import type { IncomingHttpHeaders } from 'node:http';

/**
 * What a fake LLM provider makes a real agent CLI do: write one file with the agent's own
 * file-writing tool, then end its turn with a short text. Real agents check the tool call against
 * the schema they sent, so each provider builds the call from the request (see fake-anthropic.ts,
 * fake-openai.ts).
 */
export interface ScriptedConversation {
  /** Relative to the agent's working directory (read from the request), e.g. `AIRLOCK_AGENT_OUTPUT.md`. */
  readonly filePath: string;
  /** Written verbatim; end it with a newline (Codex's apply_patch always ends files with one). */
  readonly fileContent: string;
  /** The agent's last message, after its tool result comes back. */
  readonly finalText: string;
}

/** One request as the provider saw it, for tests to assert on (the key included: it is a test key). */
export interface RecordedLlmRequest {
  readonly method: string;
  /** Path without the query, e.g. `/v1/messages`. */
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The key presented in `x-api-key` or `Authorization: Bearer`, if any. */
  readonly presentedKey: string | undefined;
  /** How the provider answered, see `ScriptedTurn`. */
  readonly answer: ScriptedTurn;
}

/**
 * `write-file`: the tool call that writes the file; `final-text`: the answer after the tool
 * result; `side-text`: a request outside the scripted turn (titles, summaries, sub-agents);
 * `no-file-tool`: the agent offered no tool the provider knows how to write a file with;
 * `count-tokens`, `models`, `probe`: the small endpoints CLIs call at start;
 * `refused`: a wrong key or a malformed request; `unknown`: a path the provider does not serve.
 */
export type ScriptedTurn =
  | 'write-file'
  | 'final-text'
  | 'side-text'
  | 'no-file-tool'
  | 'count-tokens'
  | 'models'
  | 'probe'
  | 'refused'
  | 'unknown';

/** A parsed request handed to a provider's answer function. */
export interface FakeProviderRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the server sends back: `body` is a JSON document or a whole SSE stream. */
export interface FakeProviderAnswer {
  readonly turn: ScriptedTurn;
  readonly status: number;
  readonly contentType: 'application/json' | 'text/event-stream';
  readonly body: string;
}
