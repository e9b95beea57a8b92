import { seed001StandbySeconds } from '../core/presets.ts';
import { assumedDrTargets, type Preset } from './preset.ts';

/**
 * Seed 001, The Covenant's Deployment and Operations Manual (DOM). Sections are its own
 * (roman numerals). It names no approvals, windows or thresholds: where it is silent,
 * Greenlight's defaults apply, and a comment says so.
 */
export const covenantDom: Preset = {
  name: 'covenant-dom',
  title: 'Deployment and Operations Manual (DOM), The Covenant',
  seed: '001_7f88b1438bcf9794.txt',
  environments: {
    // III.A.2: staging is for integration and stress testing, promoted through the same pipeline (III).
    staging: {
      policy: {
        trafficPlan: [{ weightPercent: 100, bakeSeconds: 300 }],
        standbySeconds: 3600,
      },
    },
    production: {
      policy: {
        // III.B.2: "Traffic is shifted once the Green environment passes all automated health
        // checks": one shift, after VerifyGreen's checks; the manual gives no watch time (5 min).
        trafficPlan: [{ weightPercent: 100, bakeSeconds: 300 }],
        // III.B.3: "retained as a hot standby for a minimum of 48 hours".
        standbySeconds: seed001StandbySeconds,
        // Thresholds (silent in the manual): Greenlight's defaults. Its alerts (IV.B.2: CPU over
        // 85%, memory over 90%, latency over 500 ms for 5 minutes, authentication failures)
        // and runbooks (V.B) are not settings yet.
      },
      dr: assumedDrTargets('The manual sets no RTO or RPO, and no backup cadence'),
    },
  },
  gaps: [
    'alerts on CPU over 85%, memory over 90%, latency over 500 ms for 5 minutes, authentication failures (IV.B.2)',
    'a runbook for every High and Critical alert (V.B)',
  ],
};
