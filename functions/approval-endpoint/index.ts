import { awsPortsFromEnv } from '../../src/adapters/aws/ports-from-env.ts';
import { bindApprovalLinkEndpoint } from './handler.ts';

/** The Lambda entry point of the approval-link endpoint (function URL, auth NONE: the link's HMAC is the auth). */
export const handler = bindApprovalLinkEndpoint(awsPortsFromEnv());
