import { describe, expect, it } from '@jest/globals';
import { normalizeOpenApiSchema } from '../../../src/world/openapi/normalize-openapi-schema.js';

const normalize = (schema: unknown): { schema: unknown; refs: string[] } => {
  const refs: string[] = [];
  return { schema: normalizeOpenApiSchema(schema, (ref) => refs.push(ref)), refs };
};

describe('normalizeOpenApiSchema', () => {
  it('adds null to the type and to an enum of a nullable schema', () => {
    expect(normalize({ type: 'string', nullable: true, enum: ['a', 'b'] }).schema).toEqual({
      type: ['string', 'null'],
      enum: ['a', 'b', null],
    });
    expect(normalize({ type: 'integer', nullable: false }).schema).toEqual({ type: 'integer' });
  });

  it('wraps a nullable schema without a type in anyOf with null', () => {
    const milestone = {
      nullable: true,
      description: 'A milestone',
      allOf: [{ $ref: '#/components/schemas/milestone' }],
    };
    expect(normalize(milestone)).toEqual({
      schema: {
        anyOf: [
          { description: 'A milestone', allOf: [{ $ref: '#/components/schemas/milestone' }] },
          { type: 'null' },
        ],
      },
      refs: ['#/components/schemas/milestone'],
    });
    expect(normalize({ nullable: true, description: 'anything' }).schema).toEqual({
      description: 'anything',
    });
  });

  it('normalizes nested schemas and turns oneOf into anyOf', () => {
    const schema = {
      type: 'object',
      properties: {
        value: {
          oneOf: [
            { type: 'string', nullable: true },
            { type: 'integer', nullable: true },
          ],
        },
      },
      additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/a' } },
    };
    expect(normalize(schema)).toEqual({
      schema: {
        type: 'object',
        properties: {
          value: { anyOf: [{ type: ['string', 'null'] }, { type: ['integer', 'null'] }] },
        },
        additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/a' } },
      },
      refs: ['#/components/schemas/a'],
    });
  });

  it('does not modify the schema it is given', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', nullable: true } } };
    const before = structuredClone(schema);
    normalize(schema);
    expect(schema).toEqual(before);
  });

  it('leaves a property named like a keyword alone', () => {
    expect(
      normalize({ type: 'object', properties: { nullable: { type: 'boolean' } } }).schema,
    ).toEqual({ type: 'object', properties: { nullable: { type: 'boolean' } } });
  });
});
