// The runbook half of the rollback-plan verdict: the entity's runbook links are read in order,
// and the first that resolves must have a rollback section with content.
import type { Entity } from '@backstage/catalog-model';
import type { CheckEvidence } from '@preflight/plugin-preflight-common';
import type pLimit from 'p-limit';
import { ROLLBACK_HEADING, sectionNames } from './markdown';
import type { Finding } from './finding';
import type { Attempt } from './runbookRead';
import { ANNOTATION, runbookCandidates, type Candidate } from './runbookTarget';

/** Runbook links of one entity that are read, in order; the rest are counted. */
export const MAX_RUNBOOK_LINKS = 5;

/**
 * The runbook finding of `entity`: `attempt` reads one runbook link, `reads` bounds the reads in
 * flight (across entities).
 */
export async function runbookFinding(
  entity: Entity,
  attempt: (
    entity: Entity,
    candidate: Candidate,
    signal?: AbortSignal,
  ) => Promise<Attempt>,
  reads: pLimit.Limit,
  signal?: AbortSignal,
): Promise<Finding> {
  const candidates = runbookCandidates(entity);
  if (candidates.length === 0) {
    return {
      status: 'fail',
      summary: 'No runbook',
      details: [
        `The entity links no runbook: no \`metadata.links\` entry of type \`runbook\` and no \`${ANNOTATION}\` annotation.`,
      ],
      remediation: `Write a runbook with a **Rollback** section and link it: a \`metadata.links\` entry with \`type: runbook\`, or the \`${ANNOTATION}\` annotation (a URL, or a path relative to the catalog file). The golden-path action \`preflight:docs:runbook\` writes one.`,
      evidence: [],
    };
  }

  // A catalog author can list any number of links: only the first few are read.
  const read = candidates.slice(0, MAX_RUNBOOK_LINKS);
  const attempts = await Promise.all(
    read.map(c => reads(() => attempt(entity, c, signal))),
  );
  const tried = [
    ...attempts.map(
      a =>
        `- ${a.candidate.label} → ${
          a.display ?? JSON.stringify(a.candidate.value)
        }: ${a.ok ? 'read' : a.reason}`,
    ),
    ...(candidates.length > read.length
      ? [
          `- … and ${
            candidates.length - read.length
          } more runbook links, not read (at most ${MAX_RUNBOOK_LINKS} per entity)`,
        ]
      : []),
  ];
  const used = attempts.find((a): a is Attempt & { ok: true } => a.ok);
  if (!used) {
    const first = attempts[0] as Attempt & { ok: false };
    const undecidable = attempts.some(a => !a.ok && !a.decidable);
    const where = first.display ?? JSON.stringify(first.candidate.value);
    return {
      status: undecidable ? 'unknown' : 'fail',
      summary: undecidable
        ? `Runbook could not be read: ${where} (${first.reason})`
        : `Runbook does not resolve: ${where} (${first.reason})`,
      details: ['Runbook links tried, in order:', ...tried],
      ...(undecidable
        ? {}
        : {
            remediation: `Fix the runbook link (\`metadata.links\` type \`runbook\` or \`${ANNOTATION}\`) so that it points at an existing runbook.`,
          }),
      evidence: attempts.flatMap(a =>
        a.display && /^https?:/.test(a.display)
          ? [
              {
                type: 'link' as const,
                title: `Runbook (${a.candidate.label})`,
                url: a.display,
              },
            ]
          : [],
      ),
    };
  }

  const where = used.display ?? used.candidate.value;
  const evidence: CheckEvidence[] = [
    { type: 'link', title: `Runbook (${used.candidate.label})`, url: where },
  ];
  const via = `${where} (via ${used.candidate.label})`;
  const fallbackNote =
    attempts.indexOf(used) > 0
      ? ['Runbook links tried, in order:', ...tried]
      : [];
  const rollback = used.sections.filter(s => ROLLBACK_HEADING.test(s.title));
  const withContent = rollback.find(s => s.contentLines > 0);
  if (withContent) {
    return {
      status: 'pass',
      summary: `Runbook has a "${withContent.title}" section (via ${used.candidate.label})`,
      details: [
        `Runbook: ${via}; "${withContent.title}" at line ${withContent.line}.`,
        ...fallbackNote,
      ],
      evidence,
    };
  }
  const names = sectionNames(used.sections);
  const listed = names.length ? names.map(n => `"${n}"`).join(', ') : 'none';
  return {
    status: 'fail',
    summary:
      rollback.length > 0
        ? `The runbook's "${rollback[0].title}" section is empty`
        : `The runbook has no rollback section (sections: ${listed})`,
    details: [`Runbook: ${via}. Sections: ${listed}.`, ...fallbackNote],
    remediation:
      'Add a **Rollback** section to the runbook (e.g. `## Rollback`): how to roll back — `argocd app rollback <app> <id>` or `kubectl rollout undo deployment/<name>` — and how to verify the result.',
    evidence,
  };
}
