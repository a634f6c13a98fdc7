// `argocd.*`: the Argo CD instances, configured as the community Argo CD plugins do
// (`argocd.appLocatorMethods`, with `argocd.username` / `argocd.password` for instances without
// credentials of their own). Not under `preflight`, but read by the plugin's Argo CD source and
// validated with the rest at start-up.
import { z } from 'zod';

/** How the source authenticates to an instance. */
export type ArgoCdAuth =
  | { type: 'token'; token: string }
  | { type: 'password'; username: string; password: string };

/** One configured Argo CD instance. */
export interface ArgoCdInstance {
  name: string;
  /** Base URL without a trailing slash, e.g. `https://argocd.example.com` or `…/argocd`. */
  url: string;
  auth: ArgoCdAuth;
}

const INSTANCE_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * A credential or account name: a non-empty string without control characters (they cannot be
 * sent in a header), trimmed; `null` counts as absent.
 */
const credential = z.preprocess(
  value => (value === null ? undefined : value),
  z
    .string({ error: 'expected a non-empty string' })
    .transform(value => value.trim())
    .refine(value => value !== '', { error: 'expected a non-empty string' })
    .refine(value => !CONTROL_CHARACTERS.test(value), {
      error: 'contains a control character',
    })
    .optional(),
);

const url = z
  .string({ error: 'expected the base URL of the Argo CD server' })
  .transform((value, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (value.trim() === '') {
      return fail('expected the base URL of the Argo CD server');
    }
    let parsed: URL;
    try {
      parsed = new URL(value.trim());
    } catch {
      return fail('not a valid URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      return fail('expected an http(s) URL');
    }
    if (parsed.username || parsed.password) {
      return fail(
        'must not contain credentials (use token, or username and password)',
      );
    }
    if (parsed.search || parsed.hash) {
      return fail('must not have a query or a fragment');
    }
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  });

const instanceSchema = z.object(
  {
    name: z
      .string({
        error:
          'expected a name of letters, digits, ".", "_" or "-" (at most 63 characters)',
      })
      .refine(name => INSTANCE_NAME.test(name), {
        error:
          'expected a name of letters, digits, ".", "_" or "-" (at most 63 characters)',
      }),
    url,
    token: credential,
    username: credential,
    password: credential,
  },
  { error: 'expected an object with name, url and credentials' },
);

const methodSchema = z.object(
  {
    type: z.literal('config', {
      error: issue =>
        `unsupported type ${JSON.stringify(
          issue.input,
        )}; only 'config' is supported`,
    }),
    instances: z
      .array(instanceSchema, { error: 'expected a list of instances' })
      .optional(),
  },
  { error: "expected { type: 'config', instances: [...] }" },
);

/**
 * `argocd`: the instances of `argocd.appLocatorMethods`, in order (the first is the default), each
 * with its credentials resolved; `[]` when none is configured.
 */
export const argocdInstancesSchema = z
  .object(
    {
      username: credential,
      password: credential,
      appLocatorMethods: z
        .array(methodSchema, {
          error:
            "expected a list of locator methods, e.g. [{ type: 'config', instances: [...] }]",
        })
        .nullish(),
    },
    { error: 'expected an object' },
  )
  .prefault({})
  .transform((argocd, ctx): ArgoCdInstance[] => {
    const methods = argocd.appLocatorMethods;
    if (!methods) return [];
    const fail = (path: PropertyKey[], message: string) => {
      ctx.addIssue({ code: 'custom', path, message });
    };
    // The default credentials count only where an instance is configured.
    const { username: defaultUser, password: defaultPassword } = argocd;
    if (defaultUser !== undefined && defaultPassword === undefined) {
      fail(['password'], 'argocd.username is set without a password');
    }
    if (defaultPassword !== undefined && defaultUser === undefined) {
      fail(['username'], 'argocd.password is set without a username');
    }
    const instances: ArgoCdInstance[] = [];
    const names = new Set<string>();
    methods.forEach((method, m) => {
      (method.instances ?? []).forEach((instance, i) => {
        const at = ['appLocatorMethods', m, 'instances', i];
        const { name, token, username, password } = instance;
        let auth: ArgoCdAuth | undefined;
        if (token !== undefined) auth = { type: 'token', token };
        else if (username !== undefined && password !== undefined) {
          auth = { type: 'password', username, password };
        } else if (username !== undefined) {
          fail([...at, 'password'], 'username is set without a password');
        } else if (password !== undefined) {
          fail([...at, 'username'], 'password is set without a username');
        } else if (defaultUser !== undefined && defaultPassword !== undefined) {
          auth = {
            type: 'password',
            username: defaultUser,
            password: defaultPassword,
          };
        } else {
          fail(
            at,
            'expected a token, or a username and a password (here or as argocd.username and argocd.password)',
          );
        }
        if (names.has(name)) {
          fail([...at, 'name'], `duplicate instance name '${name}'`);
        }
        names.add(name);
        if (auth) instances.push({ name, url: instance.url, auth });
      });
    });
    return instances;
  });
