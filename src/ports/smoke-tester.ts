import type { ServiceBinding } from '../schema/config.ts';

export interface SmokeResult {
  readonly path: string;
  readonly status: number | null;
  readonly ok: boolean;
  readonly ms: number;
  readonly detail: string;
}

/** Requests paths through the test listener, which always reaches the idle colour. */
export interface SmokeTester {
  run(binding: ServiceBinding, paths: readonly string[]): Promise<readonly SmokeResult[]>;
}
