import { describe, expect, it } from '@jest/globals';
import { createNormalizedSchemaStore } from '../../../src/world/openapi/normalized-schema-store.js';

const source = {
  paths: { '/a': { get: { schema: { $ref: '#/components/schemas/node' } } } },
  components: {
    schemas: {
      node: {
        type: 'object',
        nullable: true,
        properties: {
          next: { $ref: '#/components/schemas/node' },
          leaf: { $ref: '#/components/schemas/leaf' },
        },
      },
      leaf: { type: 'string', nullable: true },
      unused: { type: 'integer' },
    },
  },
};

describe('createNormalizedSchemaStore', () => {
  it('copies what a pointer needs, follows $refs (also cyclic ones), and nothing else', () => {
    const store = createNormalizedSchemaStore(source);
    expect(store.root).toEqual({});
    store.materialize('#/paths/~1a/get/schema');
    expect(store.root).toEqual({
      paths: { '/a': { get: { schema: { $ref: '#/components/schemas/node' } } } },
      components: {
        schemas: {
          node: {
            type: ['object', 'null'],
            properties: {
              next: { $ref: '#/components/schemas/node' },
              leaf: { $ref: '#/components/schemas/leaf' },
            },
          },
          leaf: { type: ['string', 'null'] },
        },
      },
    });
    expect(source.components.schemas.leaf).toEqual({ type: 'string', nullable: true });
  });

  it('does not copy a schema twice, nor parts of one already copied', () => {
    const store = createNormalizedSchemaStore(source);
    store.materialize('#/components/schemas/node');
    const node = (store.root.components as { schemas: Record<string, unknown> }).schemas.node;
    store.materialize('#/components/schemas/node/properties/next');
    store.materialize('#/components/schemas/node');
    expect((store.root.components as { schemas: Record<string, unknown> }).schemas.node).toBe(node);
  });

  it('ignores pointers to nothing', () => {
    const store = createNormalizedSchemaStore(source);
    store.materialize('#/components/schemas/missing');
    store.materialize('elsewhere.json#/a');
    expect(store.root).toEqual({});
  });
});
