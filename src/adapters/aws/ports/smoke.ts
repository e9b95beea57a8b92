import type { PortFactory } from '../aws-ports.ts';
import { optionalPositiveInt } from '../env.ts';
import { HttpSmokeTester } from '../http-smoke-tester.ts';
import { envNames } from '../stack-env.ts';

/** Smoke tests and the pre-traffic trial over HTTP. */
export const httpSmoke: PortFactory<'smoke'> = (context) => {
  const timeoutMs = optionalPositiveInt(context.env, envNames.smokeTimeoutMs, 5000);
  return () => new HttpSmokeTester({ timeoutMs });
};
