// Validation of the input of preflight:kubernetes:manifests: the schema, then the rules that
// span fields (image pinning, environments, credentials, variable sources, resources, probes).
import { InputError } from '@backstage/errors';
import { isSensitiveEnv } from '@preflight/plugin-preflight-common';
import { parseActionInput } from './input';
import { inputShape } from './kubernetesManifests.schema';
import {
  parseImageReference,
  parseQuantity,
  sensitiveLiteralMessage,
} from './validation';

/** The parsed input of `preflight:kubernetes:manifests`. */
export type KubernetesManifestsInput = ReturnType<typeof parseManifestsInput>;

/**
 * Parses and validates the input: schema, then the rules that span fields. Throws an
 * `InputError` naming the field; never echoes an environment-variable value.
 */
export function parseManifestsInput(raw: unknown) {
  const input = parseActionInput(inputShape, raw);
  const environments = new Set(input.environments);

  // The image.
  let image: string;
  let version = input.version;
  if (input.image !== undefined && input.imageRepository !== undefined) {
    throw new InputError(
      'image: give either image or imageRepository (with initialTag), not both',
    );
  }
  if (input.image !== undefined) {
    const reference = parseImageReference(input.image);
    if (!reference) {
      throw new InputError(
        'image: must be an image reference such as ghcr.io/acme/api:1f2e3d4@sha256:<64 hex>',
      );
    }
    if (reference.tag === 'latest') {
      throw new InputError(
        'image: the tag latest is mutable and is always refused; use a commit SHA tag and a digest',
      );
    }
    if (!reference.digest) {
      if (!input.allowUnpinnedImage) {
        throw new InputError(
          'image: must be pinned by digest (repo:tag@sha256:<64 hex> or repo@sha256:<64 hex>); or give imageRepository with a commit-SHA initialTag that the pipeline pins; or set allowUnpinnedImage: true',
        );
      }
      if (!reference.tag) {
        throw new InputError(
          'image: has neither tag nor digest, which means latest; give an immutable tag',
        );
      }
    }
    image = input.image;
    version ??= reference.tag ?? reference.digest!.slice(7, 19);
  } else if (input.imageRepository !== undefined) {
    if (!input.initialTag) {
      throw new InputError(
        'initialTag: is required with imageRepository (a commit SHA, 7 to 40 hex digits)',
      );
    }
    image = `${input.imageRepository}:${input.initialTag}`;
    version ??= input.initialTag;
  } else {
    throw new InputError(
      'image: is required (pinned by digest), unless imageRepository and initialTag are given',
    );
  }

  // Replica bounds and per-environment values only for known environments.
  for (const env of Object.keys(input.replicas)) {
    if (!environments.has(env)) {
      throw new InputError(
        `replicas.${env}: is not one of the environments (${input.environments.join(
          ', ',
        )})`,
      );
    }
  }
  for (const env of Object.keys(input.env.perEnvironment)) {
    if (!environments.has(env)) {
      throw new InputError(
        `env.perEnvironment.${env}: is not one of the environments (${input.environments.join(
          ', ',
        )})`,
      );
    }
  }

  // No credential as a literal, anywhere.
  const secretHint = (name: string) =>
    `reference a Kubernetes Secret instead: secretEnv: [{ name: ${name}, secretName: <secret>, key: <key> }]`;
  for (const [name, value] of Object.entries(input.env.common)) {
    if (isSensitiveEnv(name, value)) {
      throw new InputError(
        sensitiveLiteralMessage(`env.common.${name}`, secretHint(name)),
      );
    }
  }
  for (const [env, values] of Object.entries(input.env.perEnvironment)) {
    for (const [name, value] of Object.entries(values)) {
      if (isSensitiveEnv(name, value)) {
        throw new InputError(
          sensitiveLiteralMessage(
            `env.perEnvironment.${env}.${name}`,
            secretHint(name),
          ),
        );
      }
    }
  }
  for (const [name, value] of Object.entries(input.configMap ?? {})) {
    if (isSensitiveEnv(name, value)) {
      throw new InputError(
        sensitiveLiteralMessage(`configMap.${name}`, secretHint(name)),
      );
    }
  }

  // Environments may differ in values, never in which variables exist (that would be drift).
  for (const env of input.environments) {
    const own = input.env.perEnvironment[env] ?? {};
    for (const [other, values] of Object.entries(input.env.perEnvironment)) {
      for (const name of Object.keys(values)) {
        if (!(name in input.env.common) && !(name in own)) {
          throw new InputError(
            `env.perEnvironment.${env}: lacks ${name}, which ${other} sets; environments may differ only in values — give it a value here too, or a default in env.common`,
          );
        }
      }
    }
  }

  // One source per variable name.
  const literalNames = new Set([
    'PORT',
    ...Object.keys(input.env.common),
    ...Object.values(input.env.perEnvironment).flatMap(v => Object.keys(v)),
  ]);
  const secretNames = new Set<string>();
  for (const [index, entry] of input.secretEnv.entries()) {
    if (literalNames.has(entry.name) || secretNames.has(entry.name)) {
      throw new InputError(
        `secretEnv.${index}.name: ${entry.name} is already set by another entry or by env`,
      );
    }
    secretNames.add(entry.name);
  }
  for (const name of Object.keys(input.configMap ?? {})) {
    if (literalNames.has(name) || secretNames.has(name)) {
      throw new InputError(
        `configMap.${name}: is already set by env or secretEnv; give each variable one source`,
      );
    }
  }

  // Requests within limits.
  for (const resource of ['cpu', 'memory'] as const) {
    const request = parseQuantity(input.resources.requests[resource]);
    const limit = parseQuantity(input.resources.limits[resource]);
    if (!(request > 0)) {
      throw new InputError(
        `resources.requests.${resource}: must be greater than zero`,
      );
    }
    if (limit < request) {
      throw new InputError(
        `resources.limits.${resource}: must be at least the request (${input.resources.requests[resource]})`,
      );
    }
  }

  if (input.probes.readinessPath === input.probes.livenessPath) {
    throw new InputError(
      'probes.livenessPath: must differ from readinessPath — a liveness probe that fails with readiness restarts pods that are only busy',
    );
  }

  return { ...input, image, version: version.slice(0, 63) };
}
