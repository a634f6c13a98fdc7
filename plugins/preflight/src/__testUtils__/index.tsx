import type { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { preflightApiRef, type PreflightApi } from '../api/PreflightApi';

/** A component entity with the annotations Preflight reads. */
export function demoEntity(name = 'payments-api'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        'preflight.dev/manifests': `./deploy/${name}/{env}`,
      },
    },
    spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
  };
}

/** Every method of the API as a jest mock that fails unless the test sets it up. */
export function mockPreflightApi(
  overrides: { [K in keyof PreflightApi]?: jest.Mock } = {},
): jest.Mocked<PreflightApi> {
  const missing = (name: string) =>
    jest.fn(() => Promise.reject(new Error(`${name} not mocked`)));
  return {
    getEnvironments: missing('getEnvironments'),
    getChecks: missing('getChecks'),
    getEntityEnvironments: missing('getEntityEnvironments'),
    getEntityReadiness: missing('getEntityReadiness'),
    getEntityHistory: jest.fn(async () => ({ entityRef: 'x', items: [] })),
    getEntityParity: missing('getEntityParity'),
    listWaivers: jest.fn(async () => []),
    createWaiver: missing('createWaiver'),
    deleteWaiver: missing('deleteWaiver'),
    getOverview: missing('getOverview'),
    ...overrides,
  } as unknown as jest.Mocked<PreflightApi>;
}

/** A rejection shaped like `ResponseError.fromResponse` makes it from a Backstage error body. */
export function responseError(status: number, name: string, message: string) {
  return Object.assign(new Error(`Request failed with ${status}`), {
    name: 'ResponseError',
    statusCode: status,
    body: {
      error: { name, message },
      response: { statusCode: status },
    },
    cause: Object.assign(new Error(message), { name }),
  });
}

/** Renders an element of the plugin with the API and an entity, in the legacy test app. */
export function renderWithEntity(
  element: ReactElement,
  options: {
    api: PreflightApi;
    entity?: Entity;
    routeEntries?: string[];
  },
) {
  return renderInTestApp(
    <TestApiProvider apis={[[preflightApiRef, options.api]]}>
      <EntityProvider entity={options.entity ?? demoEntity()}>
        {element}
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: options.routeEntries,
    },
  );
}
