import { describe, expect, it } from 'vitest';
import { parseEnvironmentConfig } from '../../src/schema/parse-config.ts';
import { stagingConfig } from '../support/fixtures.ts';

const shop = stagingConfig().services.shop;
if (!shop) throw new Error('the staging fixture has no shop binding');

describe('A service binding’s test listener', () => {
  it('is refused without its ARN, naming the service and the fix', () => {
    const config = stagingConfig({
      services: { shop: { ...shop, testListener: 'http://internal-shop:8443' } },
    });
    expect(() => parseEnvironmentConfig(config, 'staging')).toThrow(
      /services\.shop: testListener is set but testListenerArn is not: .*add the test listener's ARN as testListenerArn/,
    );
  });

  it('is accepted with its ARN, or left out altogether', () => {
    const withArn = {
      ...shop,
      testListener: 'http://internal-shop:8443',
      testListenerArn: 'arn:test-listener',
    };
    expect(() =>
      parseEnvironmentConfig(stagingConfig({ services: { shop: withArn } }), 'staging'),
    ).not.toThrow();
    expect(() => parseEnvironmentConfig(stagingConfig(), 'staging')).not.toThrow();
  });
});
