import { seed003TrafficPlan } from '../core/presets.ts';
import { assumedDrTargets, type Preset } from './preset.ts';

/**
 * Seed 004, Deployment Environment and Infrastructure Management (chapter 11). It sets
 * principles, not numbers: where it is silent, Greenlight's defaults apply.
 */
const parity = {
  // §2.2 Environment Parity: "Same deployment mechanisms", "Only data and scale differ": the
  // same plan everywhere (Greenlight's canary, as seed 003 spells it out: the chapter names no steps).
  trafficPlan: structuredClone(seed003TrafficPlan),
  // §11: "Regular cleanup of unused resources": the idle colour goes after half an hour.
  standbySeconds: 1800,
  // §9: "Automated backups", "Periodic restore testing".
  backup: { enabled: true },
};

export const infraMgmt: Preset = {
  name: 'infra-mgmt',
  title: 'Deployment Environment and Infrastructure Management',
  seed: '004_abbec5e4e2218069.txt',
  // §2.1 Environment Types: shared development / QA, staging / pre-production, production.
  environments: {
    // §11 "Environment-level cost monitoring": every resource tagged with its environment (always)
    // and a cost centre per environment (the name is an assumption: rename it to your own).
    dev: { policy: { ...structuredClone(parity), costAllocationTags: { CostCenter: 'shared-dev-qa' } } },
    staging: { policy: { ...structuredClone(parity), costAllocationTags: { CostCenter: 'pre-production' } } },
    // §2.2: "Same container images across environments": production takes what staging ran.
    production: {
      policy: {
        ...structuredClone(parity),
        promotion: { requireSuccessIn: 'staging' },
        costAllocationTags: { CostCenter: 'production' },
      },
      dr: assumedDrTargets('§9: "Recovery objectives are defined and validated", with no numbers given'),
    },
  },
  gaps: ['resource limits and quotas (§11): the service’s own, which Greenlight does not set'],
};
