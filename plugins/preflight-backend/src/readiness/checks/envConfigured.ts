import {
  PREFLIGHT_ANNOTATIONS,
  type CheckEvidence,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { selectFacts } from '@preflight/plugin-preflight-node';
import { containersOf } from './images';
import { noFacts, objectEvidence, ofKind, sourceText } from './util';
import { unreadAmong, WORKLOAD_CONTROLLER_KINDS } from '../unreadKinds';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Required variable names from `preflight.dev/required-env` (comma or whitespace separated). */
export function requiredEnv(
  annotations: Record<string, string> = {},
): string[] {
  const raw = annotations[PREFLIGHT_ANNOTATIONS.requiredEnv];
  if (!raw) return [];
  return [...new Set(raw.split(/[\s,]+/).filter(n => ENV_NAME.test(n)))];
}

/**
 * `env-configured`: every required environment variable is set in every long-running container of
 * the environment, and every referenced ConfigMap/Secret key exists. Secret keys can only be
 * verified where the Secret's key names are known (manifests); live Secrets are read metadata-only.
 */
export const envConfiguredCheck: PreflightCheck = {
  id: 'env-configured',
  title: 'Environment configured',
  description:
    'Every required environment variable is set and every referenced ConfigMap/Secret key exists.',
  defaultSeverity: 'blocking',
  // Not Secret: without it, Secret references are verified against the desired state, saying so.
  requiredKinds: [...WORKLOAD_CONTROLLER_KINDS, 'ConfigMap'],
  async evaluate({ entity, state }) {
    const facts = selectFacts(state);
    if (!facts.available) return noFacts(facts.reason);
    const required = requiredEnv(entity.metadata.annotations);
    const problems: string[] = [];
    const notes: string[] = [];
    const evidence: CheckEvidence[] = [];

    const configMaps = new Map(
      ofKind(facts.objects, 'ConfigMap').map(o => [o.metadata.name, o]),
    );
    // Where Secrets come from: the facts; or, when the cluster did not let Preflight list them,
    // the desired state (said in the details), else nowhere (Secret references not verified).
    const [secretsUnread] = unreadAmong(facts, ['Secret']);
    let secretsFrom: 'live' | 'desired' | 'unread' = facts.source;
    let secretObjects = ofKind(facts.objects, 'Secret');
    let secretsNote = '';
    if (secretsUnread) {
      const desired = state.desired.status === 'ok';
      secretsFrom = desired ? 'desired' : 'unread';
      secretObjects = desired ? ofKind(state.desired.objects, 'Secret') : [];
      secretsNote = `Secrets could not be read from the cluster (${
        secretsUnread.reason
      }): Secret references are verified ${
        desired
          ? 'against the desired state (manifests)'
          : 'nowhere (no desired state either)'
      }.`;
    }
    const secrets = new Map(secretObjects.map(o => [o.metadata.name, o]));
    let secretsSuffix = '';
    if (secretsFrom === 'desired' && secretsUnread) {
      secretsSuffix =
        '; Secrets checked against the manifests (not readable in the cluster)';
    } else if (secretsFrom === 'unread') {
      secretsSuffix =
        '; Secret references not verified (not readable in the cluster)';
    }
    const keysOf = (o: KubernetesObject) =>
      new Set([
        ...Object.keys(o.data ?? {}),
        ...Object.keys(
          (o as { binaryData?: Record<string, string> }).binaryData ?? {},
        ),
      ]);

    const all = containersOf(facts.objects);
    const containers = all.filter(
      c =>
        !c.init && c.workload.kind !== 'Job' && c.workload.kind !== 'CronJob',
    );
    const evaluated = { subject: 'containers', count: containers.length };
    if (all.length === 0) {
      return {
        status: 'unknown',
        summary: `No containers found in the ${sourceText(facts)}`,
        details:
          'Nothing to evaluate: no workload with containers belongs to the component here.',
        evaluated,
        ...(facts.readAt ? { factsReadAt: facts.readAt } : {}),
      };
    }
    if (containers.length === 0 && required.length === 0) {
      return {
        status: 'not-applicable',
        summary: 'No long-running workloads and no required variables',
      };
    }

    for (const { workload, container } of containers) {
      const where = `${workload.kind} ${workload.metadata.name}, container '${container.name}'`;
      const names = new Set<string>();
      const problemsBefore = problems.length;
      for (const e of container.env ?? []) {
        names.add(e.name);
        const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
        if (!ref || ref.optional) continue;
        const isSecret = Boolean(e.valueFrom?.secretKeyRef);
        const source = (isSecret ? secrets : configMaps).get(ref.name ?? '');
        const kind = isSecret ? 'Secret' : 'ConfigMap';
        if (!source) {
          if (isSecret && secretsFrom !== 'live') {
            notes.push(
              `${where}: \`${e.name}\` from Secret \`${ref.name}\` (${
                secretsFrom === 'desired' ? 'not in the manifests' : 'not read'
              }; not verified)`,
            );
          } else {
            problems.push(
              `${where}: \`${e.name}\` refers to ${kind} \`${ref.name}\`, which does not exist`,
            );
          }
        } else if (isSecret && secretsFrom === 'live') {
          notes.push(
            `${where}: \`${e.name}\` from Secret \`${ref.name}\` (exists; key names are not read from clusters)`,
          );
        } else if (!keysOf(source).has(ref.key)) {
          problems.push(
            `${where}: \`${e.name}\` refers to key \`${ref.key}\` of ${kind} \`${ref.name}\`, which has no such key`,
          );
        }
      }
      for (const from of container.envFrom ?? []) {
        const ref = from.configMapRef ?? from.secretRef;
        if (!ref) continue;
        const isSecret = Boolean(from.secretRef);
        const source = (isSecret ? secrets : configMaps).get(ref.name ?? '');
        if (source) {
          for (const key of keysOf(source))
            names.add(`${from.prefix ?? ''}${key}`);
        } else if (!ref.optional && !(isSecret && secretsFrom !== 'live')) {
          problems.push(
            `${where}: envFrom ${isSecret ? 'Secret' : 'ConfigMap'} \`${
              ref.name
            }\` does not exist`,
          );
        } else if (isSecret) {
          notes.push(`${where}: envFrom Secret \`${ref.name}\` not verified`);
        }
      }
      for (const name of required) {
        if (!names.has(name))
          problems.push(`${where}: required variable \`${name}\` is not set`);
      }
      if (problems.length > problemsBefore) {
        evidence.push(
          objectEvidence(facts, {
            kind: workload.kind,
            name: workload.metadata.name,
            namespace: workload.metadata.namespace,
          }),
        );
      }
    }

    const details = [
      required.length
        ? `Required (\`${PREFLIGHT_ANNOTATIONS.requiredEnv}\`): ${required
            .map(n => `\`${n}\``)
            .join(', ')}`
        : `No \`${PREFLIGHT_ANNOTATIONS.requiredEnv}\` annotation: only references are checked.`,
      ...(secretsNote ? [secretsNote] : []),
      ...problems.map(p => `- ${p}`),
      ...(notes.length
        ? ['', 'Not verified:', ...notes.map(n => `- ${n}`)]
        : []),
    ].join('\n');
    if (problems.length > 0) {
      return {
        status: 'fail',
        summary:
          problems[0].replace(/`/g, '') +
          (problems.length > 1 ? ` (+${problems.length - 1} more)` : ''),
        details,
        evidence,
        remediation:
          'Set the variable in the workload (a `configMapKeyRef`/`secretKeyRef`, or `envFrom`) and make sure the referenced ConfigMap or Secret key exists in this environment.',
        factsReadAt: facts.readAt,
      };
    }
    return {
      status: 'pass',
      summary: `${
        required.length
          ? `All ${required.length} required variables are set and every reference resolves`
          : 'Every ConfigMap/Secret reference resolves'
      }${secretsSuffix}`,
      details,
      evaluated,
      factsReadAt: facts.readAt,
    };
  },
};
