/**
 * Step Functions' Reference Paths (`$.a.b`, `$['a'].b[0]`): the JSONPath subset the Amazon
 * States Language allows in `SecondsPath`, `TimestampPath`, `TimeoutSecondsPath` and the like.
 * Returns undefined when the path does not resolve.
 *
 * @example resolveReferencePath('$.backup.waitSeconds', { backup: { waitSeconds: 30 } }) // 30
 */
export function resolveReferencePath(path: string, document: unknown): unknown {
  if (!path.startsWith('$')) return undefined;
  let value: unknown = document;
  for (const key of referencePathKeys(path.slice(1))) {
    if (value === null || typeof value !== 'object') return undefined;
    if (!Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const segment = /^(?:\.([A-Za-z0-9_$-]+)|\['([^']*)'\]|\[(\d+)\])/;

function referencePathKeys(rest: string): string[] {
  const keys: string[] = [];
  let remaining = rest;
  while (remaining.length > 0) {
    const match = segment.exec(remaining);
    if (!match) return [`\u0000unparsable:${remaining}`];
    keys.push((match[1] ?? match[2] ?? match[3]) as string);
    remaining = remaining.slice(match[0].length);
  }
  return keys;
}
