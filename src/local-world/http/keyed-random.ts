/**
 * Random draws keyed by identity rather than by order: the draw for request 1234 of seed 7 is
 * the same whichever request reached the server first. Concurrent requests arrive in an order
 * the machine decides, so a sequence of draws would not repeat; a keyed draw does.
 */

/** A 32-bit seed from a seed and a key (FNV-1a over both, then a finalising mix). */
export function keyedSeed(seed: number, key: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix(hash);
}

/** A uniform draw in [0, 1) for `key` under `seed`, `stream` telling apart draws of the same key. */
export function keyedUniform(seed: number, key: string, stream = 0): number {
  return mix(keyedSeed(seed, key) ^ Math.imul(stream + 1, 0x9e3779b9)) / 2 ** 32;
}

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
