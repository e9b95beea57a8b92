import { approvalEndpoint } from './approval-endpoint.ts';
import { awsPorts } from './aws-ports.ts';
import { sfnCallbacks } from './ports/callbacks.ts';
import { dynamoDbStore } from './ports/store.ts';

/** The ports the approval API uses, and no others (lib/step-capabilities.ts, `approval-api`). */
export const ports = awsPorts(process.env, { store: dynamoDbStore, callbacks: sfnCallbacks });

/** Lambda entry of the approval endpoint (bundled by the Greenlight construct). */
export const handler = approvalEndpoint(ports);
