import { approvalEndpoint } from './approval-endpoint.ts';
import { awsPortsFromEnv } from './ports-from-env.ts';

/** Lambda entry of the approval endpoint (bundled by the Greenlight construct). */
export const handler = approvalEndpoint(awsPortsFromEnv());
