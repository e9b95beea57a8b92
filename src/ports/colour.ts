/** The two target groups / compute services. Which one is live flips with every deployment. */
export type Colour = 'blue' | 'green';

export const otherColour = (colour: Colour): Colour => (colour === 'blue' ? 'green' : 'blue');

/** Listener forward weights in percent; they always add up to 100. */
export interface ListenerWeights {
  readonly blue: number;
  readonly green: number;
}

/** Weights that send `percent` of traffic to `colour` and the rest to the other one. */
export function weightsFor(colour: Colour, percent: number): ListenerWeights {
  return colour === 'green'
    ? { blue: 100 - percent, green: percent }
    : { blue: percent, green: 100 - percent };
}
