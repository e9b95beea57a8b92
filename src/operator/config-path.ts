/** Where the operator commands read the Greenlight config unless told otherwise (`--config`). */
export const defaultConfigPath = 'config/greenlight.config.json';
