import type { Bindings, ChildLoggerOptions, Logger } from 'pino';

// What pino writes on a line besides a call's own fields: level, time, its base bindings, and the
// message (written after the fields, so a field named msg would repeat it).
const ALWAYS_WRITTEN = ['level', 'time', 'pid', 'hostname', 'msg'];

/**
 * A logger whose children replace their parent's bindings instead of adding to them, and whose
 * lines never repeat a key. Pino appends each child's bindings to the parent's as text, and a
 * call's own fields after both, so Probot's `log.child({ name: "probot" })` then
 * `.child({ name: "event", id })` (probot/lib/probot.js, octokit-webhooks-transform.js) wrote
 * `"name":"probot","name":"event"`, and its request logging (octokit-plugin-probot-request-logging.js,
 * a request body as the fields) wrote a check run's `"name":"Airlock"` after `"name":"octokit"`:
 * JSON that strict parsers reject (RFC 8259 §4). Here every child is made from `root` with the
 * bindings merged (the innermost value wins), and a call's field that would repeat a key already
 * on the line moves into `fields` ({"name":"octokit",...,"fields":{"name":"Airlock"}}).
 * `root` must carry no bindings of its own beyond pino's base (pid, hostname).
 * https://github.com/pinojs/pino/blob/main/docs/child-loggers.md#duplicate-keys-caveat
 */
export function oneNamePerLine(root: Logger, bindings: Bindings = {}, options: ChildLoggerOptions = {}): Logger {
  const taken = new Set([...ALWAYS_WRITTEN, ...Object.keys(bindings)]);
  const own = options.formatters?.log;
  const log = (input: object): object => {
    const object = (own ? own(input) : input) as Record<string, unknown>;
    const clashing = Object.keys(object).filter((key) => taken.has(key));
    if (!clashing.length) return object;
    const kept = { ...object };
    const fields: Record<string, unknown> = {};
    for (const key of clashing) {
      fields[key] = kept[key];
      delete kept[key];
    }
    return { ...kept, fields };
  };
  const logger = root.child(bindings, { ...options, formatters: { ...options.formatters, log } });
  logger.child = ((childBindings: Bindings, childOptions?: ChildLoggerOptions) =>
    oneNamePerLine(root, { ...bindings, ...childBindings }, { ...options, ...childOptions })) as unknown as Logger['child'];
  return logger;
}
