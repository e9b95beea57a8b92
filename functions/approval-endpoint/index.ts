import { awsPorts } from '../../src/adapters/aws/aws-ports.ts';
import { sfnCallbacks } from '../../src/adapters/aws/ports/callbacks.ts';
import { dynamoDbStore } from '../../src/adapters/aws/ports/store.ts';
import { bindApprovalLinkEndpoint } from './handler.ts';

/** The ports this step uses, and no others (lib/step-capabilities.ts): its bundle carries only their SDK clients. */
export const ports = awsPorts(process.env, { store: dynamoDbStore, callbacks: sfnCallbacks });

/** The Lambda entry point of the approval-link endpoint (function URL, auth NONE: the link's HMAC is the auth). */
export const handler = bindApprovalLinkEndpoint(ports);
