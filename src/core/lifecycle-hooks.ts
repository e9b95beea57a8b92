/**
 * Lifecycle hooks around the traffic plan (seed 003 Steps 3–6): `beforeTraffic` after the smoke
 * tests, `afterStep` after each step's verdict. They run one after another and the first that
 * fails ends the run: the step rolls back. Their timeouts must fit inside the task that runs them.
 */
import type { HookContext, HookResult, HookRunner } from '../ports/hook-runner.ts';
import type { LifecycleHook, ServiceBinding } from '../schema/config.ts';

/**
 * Seconds each phase's hooks may take together: VerifyGreen's task (150 s) also holds the
 * smoke tests and the 90 s trial; Verify's (60 s) also reads the metrics and alarms.
 */
export const hookBudgetSeconds = { beforeTraffic: 40, afterStep: 30 } as const;

/** Runs `hooks` in order; stops at the first that fails. */
export async function runHooks(
  runner: HookRunner,
  hooks: readonly LifecycleHook[],
  context: HookContext,
): Promise<{ readonly passed: boolean; readonly results: readonly HookResult[] }> {
  const results: HookResult[] = [];
  for (const hook of hooks) {
    const result = await runner.run(hook, context);
    results.push(result);
    if (!result.passed) return { passed: false, results };
  }
  return { passed: true, results };
}

/** The failing hook, for the rollback's reason: `lifecycle hook "x" failed: …`. */
export function describeHookFailure(results: readonly HookResult[]): string {
  const failed = results.find((result) => !result.passed);
  return failed ? `lifecycle hook "${failed.name}" failed: ${failed.detail}` : 'every lifecycle hook passed';
}

/**
 * Hooks whose timeouts cannot fit their task, or two of one name in a phase: refused where the
 * config loads. One hook in both phases is fine (seed 003 runs its check before traffic and at
 * every step).
 */
export function hookProblems(service: string, hooks: ServiceBinding['hooks']): string[] {
  const problems: string[] = [];
  for (const phase of ['beforeTraffic', 'afterStep'] as const) {
    const total = hooks[phase].reduce((sum, hook) => sum + hook.timeoutSeconds, 0);
    if (total > hookBudgetSeconds[phase]) {
      problems.push(
        `services.${service}.hooks.${phase}: their timeouts add up to ${total} s, over the ${hookBudgetSeconds[phase]} s its task leaves for them; shorten them or run fewer`,
      );
    }
  }
  for (const phase of ['beforeTraffic', 'afterStep'] as const) {
    const names = hooks[phase].map((hook) => hook.name);
    for (const name of new Set(names.filter((name, i) => names.indexOf(name) !== i))) {
      problems.push(
        `services.${service}.hooks.${phase}: the name "${name}" is used twice; the audit trail tells a phase's hooks apart by name`,
      );
    }
  }
  return problems;
}
