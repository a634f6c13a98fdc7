import { KUBERNETES_ANNOTATIONS } from '@preflight/plugin-preflight-common';
import type { LabelRequirement } from './selectors';

/** The label every object of a snapshot carries, and the (existence) selector it is listed with. */
export const SNAPSHOT_LABEL = KUBERNETES_ANNOTATIONS.id;

/**
 * What a selector says about the snapshot label: the label values it accepts (`=` and `in`,
 * intersected when there are several), `'any'` when it only requires the label to exist, or
 * undefined when it does not require the label at all (`!=`, `notin`, `!` or no requirement on it):
 * then the snapshot cannot answer, since it only holds objects carrying the label.
 */
export function snapshotLabelConstraint(
  requirements: readonly LabelRequirement[],
): readonly string[] | 'any' | undefined {
  let accepted: Set<string> | 'any' | undefined;
  for (const r of requirements) {
    if (r.key !== SNAPSHOT_LABEL) continue;
    let values: Set<string> | 'any';
    if (r.operator === '=' || r.operator === 'in') values = new Set(r.values);
    else if (r.operator === 'exists') values = 'any';
    else continue; // `!=`, `notin` and `!` do not require the label
    if (accepted === undefined || accepted === 'any') {
      accepted = values;
    } else if (values !== 'any') {
      const previous: Set<string> = accepted;
      accepted = new Set([...values].filter(v => previous.has(v)));
    }
  }
  return accepted === undefined || accepted === 'any'
    ? accepted
    : [...accepted];
}
