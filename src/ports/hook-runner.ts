import type { LifecycleHook } from '../schema/config.ts';
import type { Colour } from './colour.ts';

/** What a lifecycle hook is told: which release, where it stands. Its event (or GREENLIGHT_HOOK) as JSON. */
export interface HookContext {
  readonly deploymentId: string;
  readonly service: string;
  readonly environment: string;
  readonly version: string;
  /** The colour being deployed. */
  readonly colour: Colour;
  readonly phase: 'before-traffic' | 'after-step';
  /** 1-based; after-step only. */
  readonly step?: number;
  readonly weightPercent: number;
}

export interface HookResult {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
  readonly ms: number;
}

/** Runs one hook within its timeout: a Lambda function on AWS, a command locally. Never throws for a failing hook. */
export interface HookRunner {
  run(hook: LifecycleHook, context: HookContext): Promise<HookResult>;
}
