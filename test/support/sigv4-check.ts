/**
 * An independent SigV4 check (node:crypto only, not the signing library under test): recomputes
 * the signature of a request as it arrived at a server, the way Lambda does for a function URL.
 * A request whose host, body or headers changed after signing fails it.
 */
import { createHash, createHmac } from 'node:crypto';

export interface ArrivedRequest {
  readonly method: string;
  /** Path and query as received, e.g. `/approvals`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface ParsedAuthorization {
  readonly algorithm: string;
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

/** Splits `AWS4-HMAC-SHA256 Credential=AKID/20250102/eu-west-1/lambda/aws4_request, SignedHeaders=..., Signature=...`. */
export function parseAuthorization(header: string): ParsedAuthorization {
  const match =
    /^(\S+) Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      header,
    );
  if (!match) throw new Error(`not a SigV4 authorization header: ${header}`);
  const [, algorithm, accessKeyId, date, region, service, signed, signature] = match as unknown as string[];
  return {
    algorithm: algorithm as string,
    accessKeyId: accessKeyId as string,
    date: date as string,
    region: region as string,
    service: service as string,
    signedHeaders: (signed as string).split(';'),
    signature: signature as string,
  };
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** The signature the request should carry if it was signed with `secretAccessKey` and not changed since. */
export function expectedSignature(request: ArrivedRequest, secretAccessKey: string): string {
  const auth = parseAuthorization(String(request.headers.authorization));
  const amzDate = String(request.headers['x-amz-date']);
  const url = new URL(request.path, 'http://placeholder');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .sort()
    .join('&');
  const canonicalHeaders = auth.signedHeaders
    .map(
      (name) =>
        `${name}:${String(request.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonicalRequest = [
    request.method,
    url.pathname,
    query,
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    sha256(request.body),
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, auth.date);
  for (const part of [auth.region, auth.service, 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}
