/**
 * The pure decision core: no I/O, no SDK imports, `now` passed in. Every decision returns a
 * tagged result with a readable reason that goes straight into notifications and the audit log.
 */
export * from './deployment-window.ts';
export * from './format.ts';
export * from './lock-rules.ts';
export * from './policy.ts';
export * from './polling.ts';
export * from './presets.ts';
export * from './rollback-decision.ts';
export * from './time-zone.ts';
export * from './traffic-plan.ts';
export * from './verify-verdict.ts';
