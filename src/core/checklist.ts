/**
 * The pre-deployment checklist gate (seed 000 §4.4, seed 002 "Pre-Deployment Checklist", seed 003
 * "Prerequisites Checklist"): named items, each attested by a person or pipeline stage of a
 * given role. The request carries the attestations; Preflight refuses a release with any item
 * missing, or attested by the wrong role, naming the items, and records those it took. Pure.
 */
import type { ChecklistItem } from '../schema/config.ts';
import type { Attestation, ReleaseType } from '../schema/request.ts';

export interface ChecklistVerdict {
  readonly passed: boolean;
  /** One line: what is missing and how to attest it, or that every item was attested. */
  readonly detail: string;
  /** The attestations that count, one per required item, for the audit trail. */
  readonly attested: readonly (Attestation & { readonly title: string })[];
}

/** The items a release type must have attested: those without `releaseTypes`, and those naming it. */
export function itemsFor(checklist: readonly ChecklistItem[], releaseType: ReleaseType): ChecklistItem[] {
  return checklist.filter(
    (item) => item.releaseTypes === undefined || item.releaseTypes.includes(releaseType),
  );
}

/** Null when the environment has no checklist for this release type. */
export function checkChecklist(input: {
  readonly checklist: readonly ChecklistItem[];
  readonly releaseType: ReleaseType;
  readonly environment: string;
  readonly attestations: readonly Attestation[];
}): ChecklistVerdict | null {
  const { releaseType, environment, attestations } = input;
  const required = itemsFor(input.checklist, releaseType);
  const known = new Set(input.checklist.map((item) => item.id));
  const problems: string[] = [];

  const unknown = attestations.filter((attestation) => !known.has(attestation.item));
  if (unknown.length > 0) {
    problems.push(
      `${unknown.map((a) => `"${a.item}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not on ${environment}'s checklist ` +
        `(its items: ${[...known].join(', ') || 'none'}); check the spelling`,
    );
  }
  if (required.length === 0) {
    return problems.length === 0
      ? null
      : { passed: false, detail: `pre-deployment checklist: ${problems.join('; ')}`, attested: [] };
  }

  const attested: (Attestation & { title: string })[] = [];
  const missing: string[] = [];
  for (const item of required) {
    const forItem = attestations.filter((attestation) => attestation.item === item.id);
    const byRole = forItem.find((attestation) => attestation.role === item.role);
    if (byRole) {
      attested.push({ ...byRole, title: item.title });
    } else if (forItem.length > 0) {
      const wrong = forItem.map((a) => `${a.by} as ${a.role}`).join(', ');
      missing.push(`"${item.title}" (${item.id}) was attested by ${wrong}, but needs the ${item.role} role`);
    } else {
      missing.push(`"${item.title}" (${item.id}, by ${item.role})`);
    }
  }
  if (missing.length > 0) {
    problems.unshift(
      `pre-deployment checklist: ${missing.length} of ${required.length} ${releaseType} item(s) not attested: ${missing.join('; ')}. ` +
        `Attest each in the request's attestations as { item, role, by } (greenlight deploy --attest <item>=<role>:<who>)`,
    );
  } else if (problems.length > 0) {
    problems[0] = `pre-deployment checklist: ${problems[0]}`;
  }
  if (problems.length > 0) return { passed: false, detail: problems.join('; '), attested };
  return {
    passed: true,
    detail: `pre-deployment checklist: all ${required.length} ${releaseType} items attested (${attested.map((a) => `${a.item} by ${a.by} as ${a.role}`).join(', ')})`,
    attested,
  };
}

/** Two items with one id could never be told apart by an attestation: refused where the config loads. */
export function checklistProblems(checklist: readonly ChecklistItem[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const item of checklist) (seen.has(item.id) ? repeated : seen).add(item.id);
  return [...repeated].map(
    (id) =>
      `checklist: item id "${id}" is used more than once; give each item its own id, which attestations name`,
  );
}
