import { isAbsolute, join } from 'node:path';
import type {
  FakeProviderAnswer,
  FakeProviderRequest,
  ScriptedConversation,
} from './scripted-conversation.js';
import { serverSentEvents, type ServerSentEvent } from './server-sent-events.js';

/**
 * The Anthropic Messages API as Claude Code uses it, scripted: the turn that offers the `Write`
 * tool gets a `tool_use` of it, the request carrying its `tool_result` gets the final text, and
 * anything else (the session-title request with a JSON schema, sub-agents) a short text.
 * Shapes: https://docs.anthropic.com/en/api/messages and
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming (event order message_start,
 * content_block_start, content_block_delta, content_block_stop, message_delta, message_stop).
 */

/** Claude Code's file-writing tool: `{ file_path (absolute), content }` (sdk-tools.d.ts, FileWriteInput). */
export const CLAUDE_CODE_WRITE_TOOL = 'Write';
/** Our tool_use ids carry this prefix, so the follow-up request is recognised by its tool_result. */
const TOOL_USE_PREFIX = 'toolu_airlock_';

interface ContentBlock {
  type?: unknown;
  tool_use_id?: unknown;
  text?: unknown;
}
interface MessagesRequest {
  model?: unknown;
  stream?: unknown;
  system?: unknown;
  tools?: { name?: unknown }[];
  messages?: { role?: unknown; content?: unknown }[];
  output_config?: { format?: { type?: unknown; schema?: unknown } };
}

const error = (status: number, type: string, message: string): FakeProviderAnswer => ({
  turn: status === 401 || status === 400 ? 'refused' : 'unknown',
  status,
  contentType: 'application/json',
  body: JSON.stringify({ type: 'error', error: { type, message } }),
});

const blocks = (content: unknown): ContentBlock[] =>
  Array.isArray(content) ? (content as ContentBlock[]) : [];

const systemText = (system: unknown): string =>
  typeof system === 'string'
    ? system
    : blocks(system)
        .map((b) => (typeof b.text === 'string' ? b.text : ''))
        .join('\n');

/**
 * Claude Code states its directory in the system prompt ("Primary working directory: <dir>" in
 * 2.1.112 and 2.1.197); the shorter "Working directory: <dir>" is accepted too.
 */
export function workingDirectoryOf(system: unknown): string | undefined {
  return /(?:Primary working directory|Working directory): (\/[^\n]*)/
    .exec(systemText(system))?.[1]
    ?.trim();
}

/** A value satisfying a simple JSON schema, for structured-output side requests (session titles). */
function sampleFor(schema: unknown): unknown {
  const s = (schema ?? {}) as {
    type?: unknown;
    enum?: unknown[];
    properties?: Record<string, unknown>;
    required?: unknown[];
  };
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  switch (s.type) {
    case 'object':
      return Object.fromEntries(
        (s.required ?? [])
          .filter((k): k is string => typeof k === 'string')
          .map((k) => [k, sampleFor(s.properties?.[k])]),
      );
    case 'array':
      return [];
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    default:
      return 'Airlock agent output';
  }
}

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, string> };

function message(
  request: MessagesRequest,
  content: readonly Block[],
  stopReason: 'end_turn' | 'tool_use',
) {
  return {
    id: `msg_airlock_${Date.now().toString(36)}`,
    type: 'message',
    role: 'assistant',
    model: typeof request.model === 'string' ? request.model : 'claude-fake',
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: {
      input_tokens: 10,
      output_tokens: 10,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}

function stream(
  request: MessagesRequest,
  content: readonly Block[],
  stopReason: 'end_turn' | 'tool_use',
): string {
  const whole = message(request, content, stopReason);
  const events: ServerSentEvent[] = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          ...whole,
          content: [],
          stop_reason: null,
          usage: { ...whole.usage, output_tokens: 1 },
        },
      },
    },
  ];
  content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({
        event: 'content_block_start',
        data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
      });
      events.push({
        event: 'content_block_delta',
        data: {
          type: 'content_block_delta',
          index,
          delta: { type: 'text_delta', text: block.text },
        },
      });
    } else {
      events.push({
        event: 'content_block_start',
        data: { type: 'content_block_start', index, content_block: { ...block, input: {} } },
      });
      events.push({
        event: 'content_block_delta',
        data: {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
        },
      });
    }
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: whole.usage.output_tokens },
    },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return serverSentEvents(events);
}

function messages(
  request: MessagesRequest,
  conversation: ScriptedConversation,
  workingDirectory: string | undefined,
): FakeProviderAnswer {
  const history = Array.isArray(request.messages) ? request.messages : [];
  const offersWrite = (request.tools ?? []).some((t) => t.name === CLAUDE_CODE_WRITE_TOOL);
  const ourResult = history.some(
    (m) =>
      m.role === 'user' &&
      blocks(m.content).some(
        (b) =>
          b.type === 'tool_result' &&
          typeof b.tool_use_id === 'string' &&
          b.tool_use_id.startsWith(TOOL_USE_PREFIX),
      ),
  );
  const format = request.output_config?.format;
  let turn: FakeProviderAnswer['turn'];
  let content: Block[];
  if (ourResult) {
    turn = 'final-text';
    content = [{ type: 'text', text: conversation.finalText }];
  } else if (offersWrite) {
    const directory = workingDirectory ?? workingDirectoryOf(request.system);
    if (!isAbsolute(conversation.filePath) && !directory)
      return error(
        400,
        'invalid_request_error',
        'fake provider: no working directory in the system prompt and none configured; pass workingDirectory',
      );
    turn = 'write-file';
    content = [
      { type: 'text', text: `Writing ${conversation.filePath}.` },
      {
        type: 'tool_use',
        id: `${TOOL_USE_PREFIX}${Date.now().toString(36)}`,
        name: CLAUDE_CODE_WRITE_TOOL,
        input: {
          file_path: isAbsolute(conversation.filePath)
            ? conversation.filePath
            : join(directory!, conversation.filePath),
          content: conversation.fileContent,
        },
      },
    ];
  } else {
    turn = 'side-text';
    content = [
      {
        type: 'text',
        text: format?.type === 'json_schema' ? JSON.stringify(sampleFor(format.schema)) : 'OK',
      },
    ];
  }
  const stopReason = turn === 'write-file' ? 'tool_use' : 'end_turn';
  return request.stream === true
    ? {
        turn,
        status: 200,
        contentType: 'text/event-stream',
        body: stream(request, content, stopReason),
      }
    : {
        turn,
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(message(request, content, stopReason)),
      };
}

/** Answers one request; `workingDirectory` overrides the one read from the system prompt. */
export function answerAnthropic(
  request: FakeProviderRequest,
  conversation: ScriptedConversation,
  options: { workingDirectory?: string } = {},
): FakeProviderAnswer {
  const json = (turn: FakeProviderAnswer['turn'], value: unknown): FakeProviderAnswer => ({
    turn,
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify(value),
  });
  // Claude Code 2.1.x sends `HEAD /` to the base URL at start (a reachability check).
  if ((request.method === 'HEAD' || request.method === 'GET') && request.path === '/')
    return json('probe', {});
  if (request.method === 'GET' && request.path === '/v1/models') {
    return json('models', {
      data: [
        {
          type: 'model',
          id: 'claude-fake',
          display_name: 'Fake',
          created_at: '2025-01-01T00:00:00Z',
        },
      ],
      has_more: false,
      first_id: 'claude-fake',
      last_id: 'claude-fake',
    });
  }
  if (
    request.method !== 'POST' ||
    (request.path !== '/v1/messages' && request.path !== '/v1/messages/count_tokens')
  )
    return error(
      404,
      'not_found_error',
      `fake provider: no route for ${request.method} ${request.path}`,
    );
  let parsed: MessagesRequest;
  try {
    parsed = JSON.parse(request.body) as MessagesRequest;
  } catch {
    return error(400, 'invalid_request_error', 'fake provider: the body is not JSON');
  }
  if (request.path === '/v1/messages/count_tokens')
    return json('count-tokens', { input_tokens: Math.ceil(request.body.length / 4) });
  return messages(parsed, conversation, options.workingDirectory);
}
