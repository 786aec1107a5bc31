import { describe, expect, it } from '@jest/globals';
import {
  pointerFromTokens,
  tokensFromPointer,
  valueAtTokens,
} from '../../../src/world/openapi/json-pointer.js';

describe('json-pointer', () => {
  it('escapes ~ and / (RFC 6901) and percent-encodes for a URI fragment, and reads it back', () => {
    const tokens = ['paths', '/repos/{owner}/{repo}', 'post', 'content', 'application/json', 'a~b'];
    const pointer = pointerFromTokens(tokens);
    expect(pointer).toBe(
      '#/paths/~1repos~1%7Bowner%7D~1%7Brepo%7D/post/content/application~1json/a~0b',
    );
    expect(tokensFromPointer(pointer)).toEqual(tokens);
  });

  it('reads local pointers only', () => {
    expect(tokensFromPointer('#')).toEqual([]);
    expect(tokensFromPointer('#/components/schemas/check-run')).toEqual([
      'components',
      'schemas',
      'check-run',
    ]);
    expect(tokensFromPointer('https://example.com/schema.json#/a')).toBeUndefined();
  });

  it('finds own values only', () => {
    const document = { a: { b: [10, 20] } };
    expect(valueAtTokens(document, ['a', 'b', '1'])).toBe(20);
    expect(valueAtTokens(document, ['a', 'c'])).toBeUndefined();
    expect(valueAtTokens(document, ['a', 'toString'])).toBeUndefined();
  });
});
