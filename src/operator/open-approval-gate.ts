/**
 * Picks how the CLI's decision reaches the approval API: against `greenlight serve` (an
 * `--endpoint`), the local stand-in with the operator named in a header; on AWS, the function
 * URL with `AWS_IAM` auth, signed with the caller's credentials so the recorded approver is
 * their IAM identity. There is no path that records a name the caller merely asserts on AWS.
 */
import { InvalidRequestError } from '../errors.ts';
import { type ApprovalGateClient, approvalApiGate } from './approval-gate-client.ts';
import {
  awsCredentials,
  functionUrlRegion,
  type SigningCredentials,
  signFunctionUrlRequest,
} from './function-url-signer.ts';
import { localIdentityHeader } from './local-api-contract.ts';

export interface GateConnection {
  readonly endpoint?: string;
  readonly approvalUrl?: string;
  readonly region?: string;
  readonly profile?: string;
  /** `--as` / `--by` as given; locally the approver, on AWS refused (IAM says who). */
  readonly as?: string;
  /** Who acts locally when `--as` is not given ($GREENLIGHT_OPERATOR or the OS user). */
  readonly defaultOperator: string;
}

/** Where to find the approval API's URL on AWS (the stack output added in greenlight-stack.ts). */
export const approvalUrlOutput = 'ApprovalApiUrl';

const findUrlHint = `the ${approvalUrlOutput} output of the Greenlight-<environment> stack (aws cloudformation describe-stacks --stack-name Greenlight-<environment> --query "Stacks[0].Outputs[?OutputKey=='${approvalUrlOutput}'].OutputValue" --output text)`;

const iamHint =
  'your IAM identity may not call the approval API; it needs lambda:InvokeFunctionUrl and lambda:InvokeFunction on it (Greenlight.grantApprove), and the request is signed for the region in the URL';

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new InvalidRequestError(
      `--approval-url: expected a URL such as https://abc123.lambda-url.eu-west-1.on.aws/ or, locally, http://127.0.0.1:8084 (got "${text}")`,
    );
  }
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The region the signature is for: the one the function URL names, else `--region` or the environment. */
function signingRegion(url: URL, flags: GateConnection, env: NodeJS.ProcessEnv): string {
  const fromUrl = functionUrlRegion(url);
  if (fromUrl && flags.region && flags.region !== fromUrl) {
    throw new InvalidRequestError(
      `--approval-url is in ${fromUrl} but --region is ${flags.region}: is it the approval API of another environment? Check ${findUrlHint}`,
    );
  }
  const region = fromUrl ?? flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new InvalidRequestError(
      `which region signs the request? ${url.host} does not name one (a function URL is <id>.lambda-url.<region>.on.aws); pass --region`,
    );
  }
  return region;
}

/**
 * Opens the gate client. Checks everything it can before any request is sent.
 * @param credentials for tests; default: the SDK's credential chain (`--profile` honoured).
 * @throws InvalidRequestError naming the missing or wrong flag.
 */
export function openApprovalGate(
  flags: GateConnection,
  env: NodeJS.ProcessEnv = process.env,
  credentials?: SigningCredentials,
): ApprovalGateClient {
  const approvalUrl = flags.approvalUrl ?? env.GREENLIGHT_APPROVAL_URL;
  if (flags.endpoint ?? env.GREENLIGHT_ENDPOINT) {
    if (!approvalUrl) {
      throw new InvalidRequestError(
        "approvals are counted by greenlight serve's approval API: pass --approval-url (or set GREENLIGHT_APPROVAL_URL) to the URL it printed",
      );
    }
    parseUrl(approvalUrl);
    const operator = flags.as ?? flags.defaultOperator;
    return approvalApiGate({
      baseUrl: approvalUrl,
      authenticate: async (request) => ({ ...request.headers, [localIdentityHeader]: operator }),
    });
  }
  if (!approvalUrl) {
    throw new InvalidRequestError(
      `on AWS, approvals go through the IAM-authenticated approval API: pass --approval-url (or set GREENLIGHT_APPROVAL_URL) to ${findUrlHint}`,
    );
  }
  if (flags.as !== undefined) {
    throw new InvalidRequestError(
      `--as/--by: on AWS the approval API records the IAM identity that signs the request, not a name; drop --as "${flags.as}" (use --profile to act as another identity). Nothing was sent.`,
    );
  }
  const url = parseUrl(approvalUrl);
  // A signature is a bearer credential for minutes: never send one in clear text off this machine.
  if (url.protocol !== 'https:' && !loopback.has(url.hostname)) {
    throw new InvalidRequestError(`--approval-url: expected https:// (got ${url.protocol}//${url.host})`);
  }
  const region = signingRegion(url, flags, env);
  const signWith = credentials ?? awsCredentials(flags.profile);
  return approvalApiGate({
    baseUrl: url.href,
    iamHint,
    authenticate: (request) => signFunctionUrlRequest(request, { credentials: signWith, region }),
  });
}
