import { describe, expect, it } from 'vitest';
import { type JsonNumber, parseLosslessJson } from '../../../src/local-world/events/lossless-json.ts';

describe('Function: parseLosslessJson', () => {
  it('parses like JSON.parse, keeping how each number was written', () => {
    const parsed = parseLosslessJson(
      '{"a": [1, 300.0, -3.0e2], "b": {"c": "x\\"y"}, "d": null, "e": true}',
    ) as {
      a: JsonNumber[];
      b: { c: string };
      d: null;
      e: boolean;
    };
    expect(parsed.a.map((n) => n.raw)).toEqual(['1', '300.0', '-3.0e2']);
    expect(parsed.a.map((n) => n.value)).toEqual([1, 300, -300]);
    expect(parsed.b.c).toBe('x"y');
    expect([parsed.d, parsed.e]).toEqual([null, true]);
  });

  it('keeps a "__proto__" key as data, never as a prototype', () => {
    const parsed = parseLosslessJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['{', '[1,]', '{"a" 1}', '01', '"\u0001"', '{} x', 'nul'])(
    'refuses %j as JSON.parse would',
    (text) => {
      expect(() => parseLosslessJson(text)).toThrow(SyntaxError);
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
    },
  );
});
