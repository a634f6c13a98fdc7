/*
 * Secrets in literal environment values (the `container-security` check: "hold no secrets in
 * literal env values"). Uses the same predicate as sanitization (`isSensitiveEnv`), so a raw
 * manifest and its sanitized copy give the same result; a value equal to `MASKED_VALUE` is a
 * sensitive literal that sanitization already masked. Messages never contain the value.
 */
import {
  MASKED_VALUE,
  isSensitiveEnv,
} from '@preflight/plugin-preflight-common';
import type { PolicyRule } from './types';
import { defineContainerRule } from './rule';
import { ALL_CONTAINERS, POLICY_WORKLOAD_KINDS, isRecord } from './workloads';

/**
 * No credential in a literal `env[].value`.
 */
export const sensitiveEnvLiteralRule: PolicyRule = defineContainerRule({
  id: 'sensitiveEnvLiteral',
  title: 'No secrets in literal environment values',
  description:
    'An environment variable whose name looks like a credential (`*PASSWORD*`, `*TOKEN*`, `*API_KEY*`, …) or whose value looks like one (Stripe/GitHub/Slack/AWS keys, private keys, JWTs, URLs with a password) must come from a Secret (`valueFrom.secretKeyRef` or `envFrom.secretRef`), not from a literal `value`: literals end up in Git, in `kubectl get -o yaml` and in every copy of the manifest.',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Move the value into a Secret (ideally managed by External Secrets / Sealed Secrets / your vault) and reference it with `valueFrom.secretKeyRef`; rotate the credential, since it has been exposed.',
  containers: ALL_CONTAINERS,
  checkContainer(c) {
    const env: unknown = c.container.env;
    if (!Array.isArray(env)) return undefined;
    return env.flatMap((entry: unknown, index) => {
      if (!isRecord(entry) || typeof entry.value !== 'string') return [];
      const name = String(entry.name);
      if (entry.value !== MASKED_VALUE && !isSensitiveEnv(name, entry.value)) {
        return [];
      }
      return [
        {
          message: `${c.label} sets ${name} as a literal value (env[${index}].value) instead of a Secret reference`,
          path: `${c.path}.env[${index}].value`,
        },
      ];
    });
  },
});

/** @internal */
export const envRules: readonly PolicyRule[] = [sensitiveEnvLiteralRule];
