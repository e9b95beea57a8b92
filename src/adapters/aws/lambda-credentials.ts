/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (the `alias` of
 * lib/step-function-factory.ts). Lambda gives every function its role's credentials in
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
 * so the default chain's other sources (profiles, SSO, web identity, containers, IMDS) and the
 * STS and SSO clients they bring are dead weight there: about 85 KB of every bundle, and their
 * evaluation at each cold start. The CLI, run by people, keeps the whole chain.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
