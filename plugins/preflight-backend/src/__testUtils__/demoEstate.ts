import fs from 'node:fs';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { ServiceFactory } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import yaml from 'yaml';
import { preflightPlugin } from '../plugin';

/*
 * The demo estate of examples/ as `make start` serves it: the entities as the catalog reads
 * them from examples/entities.yaml, the preflight config of the shipped app-config.yaml, no
 * cluster, no schedule.
 */
const root = path.resolve(__dirname, '../../../..');
export const examplesDir = path.join(root, 'examples');
export const demoAppConfig = yaml.parse(
  fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
);

export const demoEntities: Entity[] = yaml
  .parseAllDocuments(
    fs.readFileSync(path.join(examplesDir, 'entities.yaml'), 'utf8'),
  )
  .map(d => d.toJSON())
  .filter(e => e?.kind === 'Component')
  .map(e => ({
    ...e,
    // the relations the catalog's processors would add
    relations: [
      {
        type: 'ownedBy',
        targetRef: stringifyEntityRef(
          parseEntityRef(e.spec.owner, { defaultKind: 'group' }),
        ),
      },
      ...(e.spec.system
        ? [
            {
              type: 'partOf',
              targetRef: stringifyEntityRef(
                parseEntityRef(e.spec.system, { defaultKind: 'system' }),
              ),
            },
          ]
        : []),
    ],
    metadata: {
      namespace: 'default',
      ...e.metadata,
      annotations: {
        ...e.metadata.annotations,
        'backstage.io/managed-by-location': `file:${examplesDir}/entities.yaml`,
      },
    },
  }));

/**
 * A test backend with the preflight plugin over the demo estate. `preflight` is merged into
 * the shipped `preflight` config; `features` adds or replaces services (e.g. permissions).
 */
export function startDemoBackend(
  options: {
    preflight?: Record<string, unknown>;
    features?: ServiceFactory[];
    /** More catalog entities, next to the demo's. */
    entities?: Entity[];
    /** More configuration at the root (e.g. `kubernetes`), replacing the demo's keys. */
    config?: Record<string, unknown>;
    /** Wraps the catalog of the demo entities (e.g. to restrict what a caller may read). */
    catalog?: (entities: Entity[]) => ServiceFactory;
  } = {},
) {
  return startTestBackend({
    features: [
      preflightPlugin,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: demoAppConfig.kubernetes,
          preflight: {
            ...demoAppConfig.preflight,
            desired: { localRoots: [examplesDir] },
            schedule: false,
            ...options.preflight,
          },
          ...options.config,
        },
      }),
      (
        options.catalog ??
        (entities => catalogServiceMock.factory({ entities }))
      )([...demoEntities, ...(options.entities ?? [])]),
      ...(options.features ?? []),
    ],
  });
}
