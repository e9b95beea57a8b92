import { InvalidRequestError } from '../errors.ts';
import type { Attestation } from '../schema/request.ts';

/** How `--attest` is written, for help texts and errors. */
export const attestFlagUsage = '<item>=<role>:<who>';

/**
 * `--attest tests-passing=qa:ci@example.com`, repeatable: one checklist item attested by whom,
 * as which role. Only the first `=` and the first `:` after it split, so an IAM ARN may be the who.
 * Commander calls this for every occurrence, with the list so far.
 */
export function collectAttestation(text: string, previous: Attestation[] = []): Attestation[] {
  const equals = text.indexOf('=');
  const colon = text.indexOf(':', equals + 1);
  const item = text.slice(0, Math.max(equals, 0));
  const role = colon > equals ? text.slice(equals + 1, colon) : '';
  const by = colon > equals ? text.slice(colon + 1) : '';
  if (equals <= 0 || role === '' || by === '') {
    throw new InvalidRequestError(
      `--attest: expected ${attestFlagUsage}, such as tests-passing=qa:ci@example.com (got "${text}")`,
    );
  }
  return [...previous, { item, role, by }];
}
