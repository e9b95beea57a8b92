import { ConfigError } from '../../errors.ts';
import type { ServiceWorld } from '../../local-world/service-world.ts';
import type { ServiceBinding } from '../../schema/config.ts';

/** Finds the local service a binding names, by its listener ARN (unique per service). */
export type ServiceRegistry = (binding: ServiceBinding) => ServiceWorld;

/** A registry over the world's services. */
export function serviceRegistry(services: ReadonlyMap<string, ServiceWorld>): ServiceRegistry {
  return (binding) => {
    for (const service of services.values()) {
      if (service.binding.listener === binding.listener) return service;
    }
    throw new ConfigError(
      `no service of the local world has listener ${binding.listener} (services: ${[...services.keys()].join(', ') || 'none'})`,
    );
  };
}
