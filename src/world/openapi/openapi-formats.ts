import type { Format } from 'ajv';

/**
 * The `format`s GitHub's OpenAPI description uses, for Ajv (ajv-formats is not a dependency).
 * Only the formats whose violation would mean a malformed GitHub payload are checked; the rest are
 * declared so Ajv knows them and does not warn, but accept any value of the right type:
 * `int32`/`int64`/`double` are OpenAPI storage hints, `binary` is for non-JSON bodies,
 * `uri-template` (RFC 6570) values such as `https://api.github.com/repos/o/r/issues{/number}`
 * are not URIs, and `repo.nwo`/`timestamp` are GitHub's own undocumented names.
 */
export const openApiFormats: Record<string, Format> = {
  // RFC 3339 §5.6 date-time, which is what GitHub sends (`2011-04-14T16:00:49Z`).
  'date-time': (value: string) =>
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value)),
  // RFC 3339 §5.6 full-date.
  date: (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)),
  // An absolute URI (RFC 3986 §4.3): a scheme, a colon, and no whitespace.
  uri: /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/,
  email: /^[^\s@]+@[^\s@]+$/,
  'uri-template': true,
  int32: true,
  int64: true,
  double: true,
  binary: true,
  'repo.nwo': true,
  timestamp: true,
};
