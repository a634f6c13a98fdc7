/**
 * The `catalog` cluster locator, read as the Kubernetes plugin's `CatalogClusterLocator` reads it
 * (`@backstage/plugin-kubernetes-backend` 0.21, which does not export it): catalog `Resource`
 * entities of `spec.type: kubernetes-cluster` with the annotations `kubernetes.io/api-server`,
 * `kubernetes.io/api-server-certificate-authority` and `kubernetes.io/auth-provider`; the
 * cluster is named after `metadata.name`, its auth metadata is every other `kubernetes.io/*`
 * annotation (never a `serviceAccountToken`), and:
 *
 * - `serviceAccount` clusters are refused (a token in an annotation would be readable by anyone
 *   who can read the catalog);
 * - the API server URL must be `https` on a public address, unless its host matches the locator's
 *   `dangerouslyAllowClusterUrls` (`*.example.com` patterns): a catalog author must not make the
 *   backend send its credentials to an internal host;
 * - `kubernetes.io/skip-tls-verify: 'true'` counts only with `dangerouslyAllowSkipTLSVerify`.
 *
 * Preflight adds one rule: a name that two catalog Resources share is ambiguous, and neither is
 * used (the Kubernetes plugin would read both).
 */
import { lookup } from 'node:dns/promises';
import type { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import type {
  AuthMetadata,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import ipaddr from 'ipaddr.js';

/** The options of a `type: catalog` locator (the Kubernetes plugin's keys). */
export interface CatalogLocatorOptions {
  dangerouslyAllowClusterUrls?: string[];
  dangerouslyAllowSkipTLSVerify?: boolean;
}

export function readCatalogLocatorOptions(
  method: Config,
): CatalogLocatorOptions {
  return {
    dangerouslyAllowClusterUrls: method.getOptionalStringArray(
      'dangerouslyAllowClusterUrls',
    ),
    dangerouslyAllowSkipTLSVerify: method.getOptionalBoolean(
      'dangerouslyAllowSkipTLSVerify',
    ),
  };
}

/** What one look-up of the catalog gave: usable clusters, and why others are not. */
export interface CatalogClusterList {
  clusters: ClusterDetails[];
  unavailable: Map<string, string>;
}

/** Resolves a host name to its addresses (a seam for tests). */
export type HostLookup = (
  hostname: string,
) => Promise<Array<{ address: string }>>;

const defaultLookup: HostLookup = hostname => lookup(hostname, { all: true });

function isNonPublicIp(ip: string): boolean {
  try {
    return ipaddr.parse(ip).range() !== 'unicast';
  } catch {
    return true;
  }
}

function hostMatches(hostname: string, pattern: string): boolean {
  const host = hostname.toLowerCase();
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) {
    return host.endsWith(p.slice(1)) || host === p.slice(2);
  }
  return host === p;
}

/**
 * Why a catalog cluster's API server URL is refused, if it is: the Kubernetes plugin's rules (see
 * the module documentation).
 */
export async function refusedApiServerUrl(
  value: string | undefined,
  options: CatalogLocatorOptions,
  lookupHost: HostLookup = defaultLookup,
): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(value ?? '');
  } catch {
    return 'its API server URL is not a valid URL';
  }
  if (url.username || url.password) {
    return 'its API server URL must not contain credentials';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'its API server URL must use http or https';
  }
  const hostname = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (
    (options.dangerouslyAllowClusterUrls ?? []).some(p =>
      hostMatches(hostname, p),
    )
  ) {
    return undefined;
  }
  if (url.protocol !== 'https:') {
    return 'its API server URL must use https (or its host be in dangerouslyAllowClusterUrls)';
  }
  if (ipaddr.isValid(hostname)) {
    return isNonPublicIp(hostname)
      ? 'its API server URL must not be a non-public IP address (or be in dangerouslyAllowClusterUrls)'
      : undefined;
  }
  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookupHost(hostname);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    return `its API server host does not resolve${code ? ` (${code})` : ''}`;
  }
  return addresses.some(a => isNonPublicIp(a.address))
    ? `its API server host '${hostname}' resolves to a non-public address (allow it with dangerouslyAllowClusterUrls)`
    : undefined;
}

/** The `kubernetes.io/*` annotations but a token: the cluster's auth metadata. */
function authMetadataOf(annotations: Record<string, string>): AuthMetadata {
  return Object.fromEntries(
    Object.entries(annotations).filter(
      ([key]) =>
        key.startsWith('kubernetes.io/') && key !== 'serviceAccountToken',
    ),
  );
}

/**
 * Reads the catalog's `kubernetes-cluster` Resources with the plugin's own credentials. Throws
 * when the catalog cannot be read (the caller keeps the clusters it knew).
 */
export async function lookUpCatalogClusters(deps: {
  catalog: CatalogService;
  auth: AuthService;
  options: CatalogLocatorOptions;
  lookupHost?: HostLookup;
}): Promise<CatalogClusterList> {
  const { items } = await deps.catalog.getEntities(
    {
      filter: [
        {
          kind: 'Resource',
          'spec.type': 'kubernetes-cluster',
          [`metadata.annotations.${ANNOTATION_KUBERNETES_API_SERVER}`]:
            CATALOG_FILTER_EXISTS,
          [`metadata.annotations.${ANNOTATION_KUBERNETES_API_SERVER_CA}`]:
            CATALOG_FILTER_EXISTS,
          [`metadata.annotations.${ANNOTATION_KUBERNETES_AUTH_PROVIDER}`]:
            CATALOG_FILTER_EXISTS,
        },
      ],
    },
    { credentials: await deps.auth.getOwnServiceCredentials() },
  );
  const byName = new Map<string, Entity[]>();
  for (const entity of items) {
    const list = byName.get(entity.metadata.name) ?? [];
    list.push(entity);
    byName.set(entity.metadata.name, list);
  }
  const clusters: ClusterDetails[] = [];
  const unavailable = new Map<string, string>();
  for (const [name, entities] of byName) {
    if (entities.length > 1) {
      unavailable.set(
        name,
        `cluster '${name}' is defined by ${
          entities.length
        } catalog Resources (${entities
          .map(e => stringifyEntityRef(e))
          .join(', ')}); rename all but one`,
      );
      continue;
    }
    const [entity] = entities;
    const ref = stringifyEntityRef(entity);
    const annotations = entity.metadata.annotations ?? {};
    const authProvider = annotations[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
    if (authProvider === 'serviceAccount') {
      unavailable.set(
        name,
        `cluster '${name}' (${ref}) uses authProvider 'serviceAccount', which the catalog locator does not support (as in the Kubernetes plugin)`,
      );
      continue;
    }
    const url = annotations[ANNOTATION_KUBERNETES_API_SERVER];
    const refused = await refusedApiServerUrl(
      url,
      deps.options,
      deps.lookupHost,
    );
    if (refused) {
      unavailable.set(name, `cluster '${name}' (${ref}): ${refused}`);
      continue;
    }
    clusters.push({
      name,
      ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
      url: url.replace(/\/+$/, ''),
      authMetadata: authMetadataOf(annotations),
      caData: annotations[ANNOTATION_KUBERNETES_API_SERVER_CA],
      skipTLSVerify:
        (deps.options.dangerouslyAllowSkipTLSVerify ?? false) &&
        annotations[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true',
    });
  }
  return { clusters, unavailable };
}
