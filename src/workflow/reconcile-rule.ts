/**
 * The EventBridge rule that sends the deploy workflow's abnormal ends to `functions/reconcile`:
 * one definition for the CDK stack (lib/greenlight-events.ts) and the local world.
 * Step Functions publishes `Step Functions Execution Status Change` to the default bus for
 * standard workflows; FAILED is included because a failure no Catch handled (a Finish that could
 * not write, an unhandled Lambda error) also leaves a deployment open. Reconcile leaves alone
 * every deployment the workflow closed itself.
 */
export const reconciledStatuses = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

export function reconcileEventPattern(deployStateMachineArn: string) {
  return {
    source: ['aws.states'],
    'detail-type': ['Step Functions Execution Status Change'],
    detail: { stateMachineArn: [deployStateMachineArn], status: [...reconciledStatuses] },
  };
}
