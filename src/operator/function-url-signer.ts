/**
 * Signs requests to a Lambda function URL whose auth type is AWS_IAM. Lambda checks the SigV4
 * signature (service `lambda`, the URL's region) and hands the function the caller's verified
 * IAM ARN, which is what the approval API records as the approver: the caller cannot name
 * someone else. Credentials come from the same chain as the AWS CLI and SDKs (environment,
 * `--profile`, SSO, web identity, instance or container role).
 */
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Hash } from '@smithy/core/serde';
import { SignatureV4, type SignatureV4Init } from '@smithy/signature-v4';

export type SigningCredentials = SignatureV4Init['credentials'];

export interface SigningContext {
  readonly credentials: SigningCredentials;
  readonly region: string;
  /** @default the current time */
  readonly now?: Date;
}

export interface RequestToSign {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The service name function URLs are signed for (`awscurl --service lambda`). */
export const functionUrlService = 'lambda';

/** The region a function URL names in its host (`<id>.lambda-url.<region>.on.aws`), if it is one. */
export function functionUrlRegion(url: URL): string | undefined {
  return /^[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.on\.aws$/i.exec(url.hostname)?.[1]?.toLowerCase();
}

/** The caller's AWS credentials, resolved lazily (and cached) by the SDK's default chain. */
export function awsCredentials(profile?: string): SigningCredentials {
  return fromNodeProviderChain(profile ? { profile } : {});
}

/**
 * The request's headers plus `authorization`, `x-amz-date` (and `x-amz-security-token` for
 * temporary credentials). `host` is signed but left out of the result: fetch sets it from the
 * URL, to the same value.
 */
export async function signFunctionUrlRequest(
  request: RequestToSign,
  context: SigningContext,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: functionUrlService,
    region: context.region,
    credentials: context.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const { url } = request;
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers, host: url.host },
      body: request.body,
    },
    context.now ? { signingDate: context.now } : {},
  );
  const { host: _host, ...headers } = signed.headers;
  return headers;
}
