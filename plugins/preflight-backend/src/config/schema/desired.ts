// `preflight.desired` and `preflight.argocd`: reading desired state.
import { LABEL_KEY } from '@preflight/plugin-preflight-common';
import { z } from 'zod';
import { boolean, integer, section } from './values';

const LOCAL_ROOTS_MESSAGE =
  "expected a list of directory paths (absolute or relative to the backend's working directory)";

/**
 * `preflight.desired.localRoots`: directory paths; whether each exists is checked when the
 * manifests source is created (relative paths are resolved against its working directory).
 */
const localRootsSchema = z
  .array(z.unknown(), { error: LOCAL_ROOTS_MESSAGE })
  // One message for the list, whichever entry is wrong (the list is what is misread).
  .refine(
    (paths): paths is string[] =>
      paths.every(
        p => typeof p === 'string' && p.trim() !== '' && !p.includes('\0'),
      ),
    { error: LOCAL_ROOTS_MESSAGE },
  )
  .transform(paths => paths as string[])
  .optional();

const COMMAND_MESSAGE =
  "expected an executable name or absolute path, e.g. 'kustomize' or '/usr/bin/kubectl' (no arguments)";

/** `preflight.desired.kustomize`. */
export const kustomizeSchema = section({
  command: z
    .string({ error: COMMAND_MESSAGE })
    .refine(
      value =>
        value.trim() !== '' &&
        !value.includes('\0') &&
        !/\s/.test(value.trim()),
      { error: COMMAND_MESSAGE },
    )
    .transform(value => value.trim())
    .optional(),
  timeoutMs: integer(100, 600_000, 10_000),
  maxOutputBytes: integer(1024, 256 * 1024 * 1024, 8 * 1024 * 1024),
  allowRemoteBases: boolean(false),
});

/** `preflight.desired`. */
export const desiredSchema = section({
  localRoots: localRootsSchema,
  timeoutMs: integer(100, 300_000, 15_000),
  kustomize: kustomizeSchema,
});

const LABEL_MESSAGE =
  "expected a Kubernetes label key, e.g. 'environment' or 'example.com/environment'";

/** `preflight.argocd`: Preflight's own settings of the Argo CD source. */
export const argocdSchema = section({
  environmentLabel: z
    .string({ error: LABEL_MESSAGE })
    .refine(value => LABEL_KEY.test(value), { error: LABEL_MESSAGE })
    .default('environment'),
  concurrency: integer(1, 64, 8),
});
