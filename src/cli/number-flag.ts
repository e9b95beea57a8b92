import { InvalidRequestError } from '../errors.ts';

/** A numeric flag's value, or a usage error (exit 2) naming the flag, the range and what was given. */
export function numberFlag(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidRequestError(`${flag}: expected a number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}
