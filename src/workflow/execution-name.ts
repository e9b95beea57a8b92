/** An execution's name: the last segment of its ARN. */
export const executionName = (executionArn: string): string => executionArn.split(':').at(-1) ?? executionArn;

/**
 * A deployment's id: the request's `deploymentId` when it names one, else the name of the
 * execution that runs it. Preflight assigns it, reconcile finds the deployment by it.
 */
export const deploymentIdFor = (requestedId: string | undefined, executionArn: string): string =>
  requestedId ?? executionName(executionArn);
