/** Swappable time, so decisions are testable and the local world can compress it. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };
