import { describe, expect, it } from '@jest/globals';
import { coerceParameterValue } from '../../../src/world/openapi/coerce-parameter-value.js';

const schemas: Record<string, unknown> = {
  '#/components/schemas/ids': { type: 'array', items: { type: 'integer' } },
};
const resolve = (schema: unknown): unknown => {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  return ref === undefined ? schema : schemas[ref];
};

describe('coerceParameterValue', () => {
  it('reads numbers and booleans, and leaves text that is not one for validation to report', () => {
    expect(coerceParameterValue(['50'], { type: 'integer' }, resolve)).toBe(50);
    expect(coerceParameterValue(['-1.5'], { type: 'number' }, resolve)).toBe(-1.5);
    expect(coerceParameterValue(['fifty'], { type: 'integer' }, resolve)).toBe('fifty');
    expect(coerceParameterValue(['true'], { type: 'boolean' }, resolve)).toBe(true);
    expect(coerceParameterValue(['yes'], { type: 'boolean' }, resolve)).toBe('yes');
    expect(coerceParameterValue(['007'], { type: 'string' }, resolve)).toBe('007');
  });

  it('takes the last of repeated scalar values', () => {
    expect(coerceParameterValue(['1', '2'], { type: 'integer' }, resolve)).toBe(2);
  });

  it('reads arrays comma separated or repeated, through $refs', () => {
    expect(
      coerceParameterValue(['1,2', '3'], { $ref: '#/components/schemas/ids' }, resolve),
    ).toEqual([1, 2, 3]);
    expect(
      coerceParameterValue(['a,b'], { type: 'array', items: { type: 'string' } }, resolve),
    ).toEqual(['a', 'b']);
  });
});
