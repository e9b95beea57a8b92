import type { ExecutionRecord } from '../../../src/runtime/local-step-functions.ts';

/** The state an execution is in now (the last it entered). */
export const stateOf = (execution: ExecutionRecord): string | undefined =>
  execution.history.statesEntered().at(-1);

/**
 * Makes `target[method]` throw while `when()` holds, and behave as before otherwise: an
 * adapter's call failing as AWS or the network would fail it. Returns how many calls it failed.
 */
export function failWhile<T extends object, K extends keyof T>(
  target: T,
  method: K,
  error: () => Error,
  when: () => boolean = () => true,
): { readonly failed: () => number } {
  const original = target[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  let failed = 0;
  (target as Record<K, unknown>)[method] = (...args: unknown[]) => {
    if (!when()) return original.apply(target, args);
    failed += 1;
    return Promise.reject(error());
  };
  return { failed: () => failed };
}
