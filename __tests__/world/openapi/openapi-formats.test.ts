import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { openApiFormats } from '../../../src/world/openapi/openapi-formats.js';

const ajv = new Ajv({ formats: openApiFormats, allowUnionTypes: true });
const valid = (format: string, value: unknown): boolean =>
  ajv.validate({ type: ['string', 'integer'], format }, value);

describe('openApiFormats', () => {
  it('checks date-time as RFC 3339', () => {
    expect(valid('date-time', '2011-04-14T16:00:49Z')).toBe(true);
    expect(valid('date-time', '2011-04-14T16:00:49.123+02:00')).toBe(true);
    expect(valid('date-time', '2011-04-14')).toBe(false);
    expect(valid('date-time', '2011-13-45T99:00:00Z')).toBe(false);
  });

  it('checks date, uri and email', () => {
    expect(valid('date', '2024-02-29')).toBe(true);
    expect(valid('date', '29/02/2024')).toBe(false);
    expect(valid('uri', 'https://api.github.com/repos/acme/widgets')).toBe(true);
    expect(valid('uri', '/repos/acme/widgets')).toBe(false);
    expect(valid('uri', 'https://exa mple.com')).toBe(false);
    expect(valid('email', 'octocat@github.com')).toBe(true);
    expect(valid('email', 'octocat')).toBe(false);
  });

  it('accepts any value for the formats GitHub uses as hints', () => {
    expect(valid('uri-template', 'https://api.github.com/repos/acme/widgets/issues{/number}')).toBe(
      true,
    );
    expect(valid('int64', 9007199254740991)).toBe(true);
  });
});
