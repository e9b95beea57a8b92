import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, paginate } from '../../../src/local-world/sfn-api/pagination.ts';

const letters = ['a', 'b', 'c', 'd', 'e'];

/** Every page of `items`, following nextToken to the end. */
function allPages(items: readonly string[], pageSize: number): string[][] {
  const pages: string[][] = [];
  let nextToken: string | undefined;
  do {
    const page = paginate(items, { pageSize, nextToken, scope: 'test' });
    pages.push([...page.items]);
    nextToken = page.nextToken;
  } while (nextToken);
  return pages;
}

describe('Module: sfn-api pagination', () => {
  it.each([
    [2, [['a', 'b'], ['c', 'd'], ['e']]],
    [5, [['a', 'b', 'c', 'd', 'e']]],
    [100, [['a', 'b', 'c', 'd', 'e']]],
  ])('splits five items into pages of %i', (pageSize, expected) => {
    expect(allPages(letters, pageSize)).toEqual(expected);
  });

  it('gives no nextToken for an empty listing', () => {
    expect(paginate([], { pageSize: 10, scope: 'test' })).toEqual({ items: [] });
  });

  it('round-trips a token of the same scope', () => {
    expect(decodeToken(encodeToken({ offset: 7, scope: 'ListExecutions|arn' }), 'ListExecutions|arn')).toBe(
      7,
    );
  });

  it.each([
    ['a token of another listing', encodeToken({ offset: 1, scope: 'other' })],
    ['base64 of something else', Buffer.from('hello').toString('base64')],
    ['a negative offset', encodeToken({ offset: -1, scope: 'test' })],
    ['not base64 JSON at all', '%%%'],
  ])('fails %s with InvalidToken', (_what, token) => {
    expect(() => paginate(letters, { pageSize: 2, nextToken: token, scope: 'test' })).toThrow(
      expect.objectContaining({ code: 'InvalidToken' }),
    );
  });
});
