/**
 * What the operator CLI and `greenlight serve`'s local APIs agree on: routes and the header that
 * names the operator where there is no IAM. Here, so the CLI does not import the local world, and
 * the local world's servers implement this contract.
 */
import type { Store } from '../ports/store.ts';

/** The header that carries the operator's identity locally (IAM's verified ARN on AWS). */
export const localIdentityHeader = 'x-greenlight-operator';

/** The route of the local approval API. */
export const localApprovalsPath = '/approvals';

/** The audit API routes' common prefix. */
export const deploymentsPath = '/deployments';

/** The audited `greenlight unlock`'s route on the audit API. */
export const unlockPath = '/locks/unlock';

/** What the audit API reads: the Store's deployment records and audit trail, nothing else. */
export type AuditReader = Pick<Store, 'listDeployments' | 'getDeployment' | 'listAudit'>;
