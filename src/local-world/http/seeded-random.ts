/** A seeded uniform [0, 1) source, so fault injection and routing repeat run after run. */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Returns a function giving the next uniform number in [0, 1) of the sequence for `seed`. */
export function seededRandom(seed: number): () => number {
  const generator = xoroshiro128plus(seed);
  return () => uniformFloat64(generator);
}
