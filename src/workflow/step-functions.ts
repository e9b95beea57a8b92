/**
 * Every Lambda handler of Greenlight: one folder `functions/<name>/` each, one NodejsFunction
 * each on AWS. The ASL refers to a handler as `${<PascalName>FunctionArn}`, filled in by CDK
 * `definitionSubstitutions` on AWS and by the local runner offline.
 */
export const stepFunctionNames = [
  'preflight',
  'approval',
  'backup',
  'migrate',
  'deploy-green',
  'verify-green',
  'shift-weight',
  'bake',
  'verify',
  'promote',
  'standby',
  'decommission-blue',
  'rollback',
  'restore-database',
  'finish',
  'notify',
  'alarm-relay',
  'reconcile',
] as const;

export type StepFunctionName = (typeof stepFunctionNames)[number];

/** `deploy-green` → `DeployGreenFunctionArn`, the ASL placeholder for that handler. */
export function placeholderFor(name: string): string {
  const pascal = name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `${pascal}FunctionArn`;
}
