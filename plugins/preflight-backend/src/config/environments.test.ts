import { ConfigReader } from '@backstage/config';
import type { JsonObject, JsonValue } from '@backstage/types';
import { DEFAULT_ENVIRONMENTS, readEnvironments } from './environments';

const kubernetes = {
  clusterLocatorMethods: [
    {
      type: 'config',
      clusters: [
        { name: 'dev-cluster', url: 'https://dev.example.com' },
        { name: 'prod-cluster', url: 'https://prod.example.com' },
      ],
    },
  ],
};

function read(preflight: JsonValue, extra: JsonObject = { kubernetes }) {
  return readEnvironments(new ConfigReader({ preflight, ...extra }));
}

describe('readEnvironments', () => {
  it('defaults to dev, staging and production without clusters', () => {
    expect(readEnvironments(new ConfigReader({}))).toEqual(
      DEFAULT_ENVIRONMENTS,
    );
  });

  it('reads the promotion path in order, with titles defaulting to names', () => {
    expect(
      read({
        environments: [
          { name: 'dev', cluster: 'dev-cluster', namespace: 'shop-dev' },
          { name: 'production', title: 'Prod', cluster: 'prod-cluster' },
        ],
      }),
    ).toEqual([
      {
        name: 'dev',
        title: 'dev',
        cluster: 'dev-cluster',
        namespace: 'shop-dev',
      },
      { name: 'production', title: 'Prod', cluster: 'prod-cluster' },
    ]);
  });

  it('names the key of an environment without a name', () => {
    expect(() =>
      read({ environments: [{ name: 'dev' }, { title: 'Staging' }] }),
    ).toThrow(
      "Invalid config at 'preflight.environments[1].name': missing (expected a DNS-1123 label, e.g. dev)",
    );
  });

  it('names every invalid environment at once', () => {
    expect(() =>
      read({
        environments: [
          { name: 'Dev' },
          { name: 'qa', namespace: 'Shop' },
          { name: 'prod', cluster: 'nope-cluster' },
        ],
      }),
    ).toThrow(
      [
        "Invalid config at 'preflight.environments[0].name': 'Dev' is not a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)",
        "Invalid config at 'preflight.environments[1].namespace': 'Shop' is not a valid Kubernetes namespace name",
      ].join('\n'),
    );
  });

  it('names the key of a cluster the Kubernetes config does not define', () => {
    expect(() =>
      read({ environments: [{ name: 'dev', cluster: 'nope-cluster' }] }),
    ).toThrow(
      "Invalid config at 'preflight.environments[0].cluster': cluster 'nope-cluster' is not defined in kubernetes.clusterLocatorMethods (defined: dev-cluster, prod-cluster)",
    );
  });

  it('rejects a cluster reference when no clusters are configured at all', () => {
    expect(() =>
      read({ environments: [{ name: 'dev', cluster: 'dev-cluster' }] }, {}),
    ).toThrow(/preflight\.environments\[0\]\.cluster.*\(defined: none\)/);
  });

  it('rejects names that are not DNS-1123 labels', () => {
    expect(() => read({ environments: [{ name: 'Prod_1' }] })).toThrow(
      "Invalid config at 'preflight.environments[0].name'",
    );
  });

  it('rejects duplicate names', () => {
    expect(() =>
      read({ environments: [{ name: 'dev' }, { name: 'dev' }] }),
    ).toThrow(
      "Invalid config at 'preflight.environments[1].name': environment 'dev' is defined more than once",
    );
  });

  it('rejects an empty promotion path', () => {
    expect(() => read({ environments: [] })).toThrow(
      "Invalid config at 'preflight.environments': at least one environment is required",
    );
  });

  it('rejects an invalid namespace', () => {
    expect(() =>
      read({ environments: [{ name: 'dev', namespace: '../etc' }] }),
    ).toThrow("Invalid config at 'preflight.environments[0].namespace'");
  });
});
