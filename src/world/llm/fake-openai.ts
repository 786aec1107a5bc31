import type {
  FakeProviderAnswer,
  FakeProviderRequest,
  ScriptedConversation,
} from './scripted-conversation.js';
import { serverSentEvents, type ServerSentEvent } from './server-sent-events.js';

/**
 * The OpenAI Responses API as Codex CLI uses it (`POST /v1/responses`, `stream: true`), scripted:
 * the first turn gets a call of Codex's `apply_patch` tool that adds the file (or, where a model
 * has no apply_patch, `exec_command`/`shell` writing it), the request carrying that call's output
 * gets the final message. Event shapes: https://platform.openai.com/docs/api-reference/responses-streaming
 * (response.created, response.output_item.added/done, response.output_text.delta, response.completed);
 * Codex reads the items from `response.output_item.done` and ends the turn at `response.completed`.
 */

/** Our call ids carry this prefix, so the follow-up request is recognised by its tool output. */
const CALL_PREFIX = 'call_airlock_';

interface Tool {
  type?: unknown;
  name?: unknown;
}
interface InputItem {
  type?: unknown;
  call_id?: unknown;
}
interface ResponsesRequest {
  model?: unknown;
  stream?: unknown;
  tools?: Tool[];
  input?: unknown;
}

type OutputItem = Record<string, unknown> & { type: string; id: string };

const error = (status: number, type: string, message: string): FakeProviderAnswer => ({
  turn: status === 401 || status === 400 ? 'refused' : 'unknown',
  status,
  contentType: 'application/json',
  body: JSON.stringify({ error: { message, type, param: null, code: null } }),
});

/** Codex's apply_patch grammar: an Add File hunk is one `+` line per line of the file. */
export function addFilePatch(path: string, content: string): string {
  const lines = content.endsWith('\n') ? content.slice(0, -1).split('\n') : content.split('\n');
  return `*** Begin Patch\n*** Add File: ${path}\n${lines.map((l) => `+${l}\n`).join('')}*** End Patch\n`;
}

/** A POSIX shell command writing `content` byte for byte to `path`, with nothing interpolated but base64. */
const writeCommand = (path: string, content: string) =>
  `printf '%s' '${Buffer.from(content).toString('base64')}' | base64 -d > '${path.replaceAll("'", "'\\''")}'`;

function fileWritingCall(
  tools: readonly Tool[],
  conversation: ScriptedConversation,
  callId: string,
): OutputItem | undefined {
  const named = (name: string) => tools.find((t) => t.name === name);
  const patch = addFilePatch(conversation.filePath, conversation.fileContent);
  const applyPatch = named('apply_patch');
  // Codex offers apply_patch as a freeform (custom, lark grammar) tool for most models, as a JSON function for others.
  if (applyPatch?.type === 'custom')
    return {
      type: 'custom_tool_call',
      id: `ctc_${callId}`,
      call_id: callId,
      name: 'apply_patch',
      input: patch,
      status: 'completed',
    };
  if (applyPatch?.type === 'function')
    return {
      type: 'function_call',
      id: `fc_${callId}`,
      call_id: callId,
      name: 'apply_patch',
      arguments: JSON.stringify({ input: patch }),
      status: 'completed',
    };
  const command = writeCommand(conversation.filePath, conversation.fileContent);
  if (named('exec_command'))
    return {
      type: 'function_call',
      id: `fc_${callId}`,
      call_id: callId,
      name: 'exec_command',
      arguments: JSON.stringify({ cmd: command }),
      status: 'completed',
    };
  if (named('shell'))
    return {
      type: 'function_call',
      id: `fc_${callId}`,
      call_id: callId,
      name: 'shell',
      arguments: JSON.stringify({ command: ['sh', '-c', command] }),
      status: 'completed',
    };
  return undefined;
}

function responseObject(
  request: ResponsesRequest,
  id: string,
  status: 'in_progress' | 'completed',
  output: readonly OutputItem[],
) {
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model: typeof request.model === 'string' ? request.model : 'gpt-fake',
    output,
    usage:
      status === 'completed'
        ? {
            input_tokens: 10,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: 10,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: 20,
          }
        : null,
  };
}

function stream(request: ResponsesRequest, id: string, output: readonly OutputItem[]): string {
  const events: ServerSentEvent[] = [
    {
      event: 'response.created',
      data: { type: 'response.created', response: responseObject(request, id, 'in_progress', []) },
    },
  ];
  output.forEach((item, outputIndex) => {
    if (item.type === 'message') {
      const text = (item.content as { text: string }[])[0]!.text;
      events.push({
        event: 'response.output_item.added',
        data: {
          type: 'response.output_item.added',
          output_index: outputIndex,
          item: { ...item, status: 'in_progress', content: [] },
        },
      });
      events.push({
        event: 'response.output_text.delta',
        data: {
          type: 'response.output_text.delta',
          item_id: item.id,
          output_index: outputIndex,
          content_index: 0,
          delta: text,
        },
      });
    } else {
      events.push({
        event: 'response.output_item.added',
        data: {
          type: 'response.output_item.added',
          output_index: outputIndex,
          item: { ...item, status: 'in_progress' },
        },
      });
    }
    events.push({
      event: 'response.output_item.done',
      data: { type: 'response.output_item.done', output_index: outputIndex, item },
    });
  });
  events.push({
    event: 'response.completed',
    data: {
      type: 'response.completed',
      response: responseObject(request, id, 'completed', output),
    },
  });
  return serverSentEvents(
    events.map((e, n) => ({ event: e.event, data: { ...(e.data as object), sequence_number: n } })),
  );
}

function responses(
  request: ResponsesRequest,
  conversation: ScriptedConversation,
): FakeProviderAnswer {
  const input = Array.isArray(request.input) ? (request.input as InputItem[]) : [];
  const ourOutput = input.some(
    (i) =>
      (i.type === 'custom_tool_call_output' || i.type === 'function_call_output') &&
      typeof i.call_id === 'string' &&
      i.call_id.startsWith(CALL_PREFIX),
  );
  const stamp = Date.now().toString(36);
  const text = (t: string): OutputItem => ({
    type: 'message',
    id: `msg_airlock_${stamp}`,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text: t, annotations: [] }],
  });
  let turn: FakeProviderAnswer['turn'];
  let output: OutputItem[];
  if (ourOutput) {
    turn = 'final-text';
    output = [text(conversation.finalText)];
  } else {
    const call = fileWritingCall(
      Array.isArray(request.tools) ? request.tools : [],
      conversation,
      `${CALL_PREFIX}${stamp}`,
    );
    turn = call ? 'write-file' : 'no-file-tool';
    output = call
      ? [call]
      : [text('The fake provider found no file-writing tool in this request.')];
  }
  const id = `resp_airlock_${stamp}`;
  return request.stream === true
    ? { turn, status: 200, contentType: 'text/event-stream', body: stream(request, id, output) }
    : {
        turn,
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(responseObject(request, id, 'completed', output)),
      };
}

/** Answers one request to the fake OpenAI origin (paths carry `/v1`, as OpenAI's do). */
export function answerOpenAi(
  request: FakeProviderRequest,
  conversation: ScriptedConversation,
): FakeProviderAnswer {
  if (request.method === 'GET' && request.path === '/v1/models') {
    return {
      turn: 'models',
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        object: 'list',
        data: [{ id: 'gpt-fake', object: 'model', created: 0, owned_by: 'airlock' }],
      }),
    };
  }
  if (request.method !== 'POST' || request.path !== '/v1/responses')
    return error(
      404,
      'invalid_request_error',
      `fake provider: no route for ${request.method} ${request.path}`,
    );
  let parsed: ResponsesRequest;
  try {
    parsed = JSON.parse(request.body) as ResponsesRequest;
  } catch {
    return error(400, 'invalid_request_error', 'fake provider: the body is not JSON');
  }
  return responses(parsed, conversation);
}
