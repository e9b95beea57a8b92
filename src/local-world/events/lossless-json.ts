/**
 * A JSON number as it was written. EventBridge matches exact numeric values "at the string
 * representation level. For example, 300, 300.0, and 3.0e2 are not considered equal", which
 * JSON.parse cannot tell apart; a number parsed here keeps its spelling.
 */
export class JsonNumber {
  constructor(readonly raw: string) {}

  get value(): number {
    return Number(this.raw);
  }
}

/** The spelling of a number for exact matching: as written, or as JavaScript prints it. */
export function numberSpelling(value: unknown): string | undefined {
  if (value instanceof JsonNumber) return value.raw;
  return typeof value === 'number' ? String(value) : undefined;
}

/** The value of a number, whatever its spelling; undefined for anything else. */
export function numberValue(value: unknown): number | undefined {
  if (value instanceof JsonNumber) return value.value;
  return typeof value === 'number' ? value : undefined;
}

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** A string token; JSON.parse then checks its escapes and refuses raw control characters. */
const stringPattern = /"(?:[^"\\]|\\.)*"/y;

/** Parses JSON text as JSON.parse does, but every number is a {@link JsonNumber}. */
export function parseLosslessJson(text: string): unknown {
  let at = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`invalid JSON at position ${at}: ${what}`);
  };
  const skip = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const take = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match === null) return undefined;
    at += match[0].length;
    return match[0];
  };
  const value = (): unknown => {
    skip();
    const char = text[at];
    if (char === '{') {
      at++;
      const object: Record<string, unknown> = {};
      skip();
      if (text[at] === '}') {
        at++;
        return object;
      }
      for (;;) {
        skip();
        const key = take(stringPattern) ?? fail('expected a key');
        skip();
        if (text[at++] !== ':') fail('expected ":"');
        Object.defineProperty(object, JSON.parse(key) as string, {
          value: value(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        skip();
        const next = text[at++];
        if (next === '}') return object;
        if (next !== ',') fail('expected "," or "}"');
      }
    }
    if (char === '[') {
      at++;
      const array: unknown[] = [];
      skip();
      if (text[at] === ']') {
        at++;
        return array;
      }
      for (;;) {
        array.push(value());
        skip();
        const next = text[at++];
        if (next === ']') return array;
        if (next !== ',') fail('expected "," or "]"');
      }
    }
    if (char === '"') return JSON.parse(take(stringPattern) ?? fail('bad string'));
    for (const [word, literal] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return literal;
      }
    }
    const number = take(numberPattern);
    if (number !== undefined) return new JsonNumber(number);
    return fail(`unexpected ${char === undefined ? 'end' : JSON.stringify(char)}`);
  };
  const result = value();
  skip();
  if (at !== text.length) fail('unexpected trailing text');
  return result;
}
