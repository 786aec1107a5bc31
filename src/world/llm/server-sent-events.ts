/** One server-sent event: its `event:` name and the JSON put in `data:`. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: unknown;
}

/**
 * A complete `text/event-stream` body. Both providers name every event and repeat the name as
 * `type` inside the data, which their SDKs dispatch on
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 */
export const serverSentEvents = (events: readonly ServerSentEvent[]): string =>
  events.map(({ event, data }) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
