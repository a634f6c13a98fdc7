import type {
  DeliveryStatus,
  EnvironmentState,
} from '@preflight/plugin-preflight-common';
import { gitopsSyncCheck } from './gitopsSync';

const SHA = '4f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098';
const OLD = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';

function state(
  delivery: Partial<DeliveryStatus> | undefined,
  where: 'desired' | 'live' = 'desired',
): EnvironmentState {
  const full = delivery && {
    tool: 'argocd',
    name: 'Application payments-production',
    sync: 'synced',
    health: 'healthy',
    ...delivery,
  };
  return {
    environment: { name: 'production', title: 'Production' },
    live: {
      status: 'ok',
      objects: [],
      readAt: '2026-12-05T07:00:00.000Z',
      ...(where === 'live' && full ? { delivery: full } : {}),
    },
    desired: {
      status: 'ok',
      objects: [],
      readAt: '2026-12-05T07:01:00.000Z',
      ...(where === 'desired' && full ? { delivery: full } : {}),
    },
  } as EnvironmentState;
}

const run = (s: EnvironmentState) =>
  gitopsSyncCheck.evaluate({ state: s } as any);

describe('gitops-sync', () => {
  it('passes when the tool reports synced and healthy, naming the revision and linking to it', async () => {
    const result = await run(
      state({
        targetRevision: SHA,
        appliedRevision: SHA,
        url: 'https://argocd.example.test/applications/payments-production',
      }),
    );
    expect(result).toMatchObject({
      status: 'pass',
      summary:
        'Argo CD Application payments-production is synced and healthy (target 4f1c2a9b8e7d)',
      evaluated: { subject: 'deliveries', count: 1 },
      factsReadAt: '2026-12-05T07:01:00.000Z',
      evidence: [
        {
          type: 'link',
          url: 'https://argocd.example.test/applications/payments-production',
        },
      ],
    });
  });

  it('fails when out of sync, with both revisions and the tool’s words', async () => {
    const result = await run(
      state({
        sync: 'out-of-sync',
        targetRevision: SHA,
        appliedRevision: OLD,
        message: 'one or more objects failed to apply',
      }),
    );
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      'Argo CD Application payments-production is out of sync (target 4f1c2a9b8e7d, applied 0a1b2c3d4e5f)',
    );
    expect(result.details).toBe(
      'Argo CD says: one or more objects failed to apply',
    );
    expect(result.remediation).toContain('sync it');
  });

  it.each(['degraded', 'missing'] as const)(
    'fails when the health is %s, even if synced',
    async health => {
      const result = await run(state({ health }));
      expect(result.status).toBe('fail');
      expect(result.summary).toContain(`is ${health}`);
    },
  );

  it.each([
    ['progressing', 'still rolling out'],
    ['suspended', 'suspended: changes are not applied'],
  ] as const)('warns when %s', async (health, words) => {
    const result = await run(state({ health }));
    expect(result.status).toBe('warn');
    expect(result.summary).toContain(words);
  });

  it('is unknown when the tool does not know the sync or the health', async () => {
    expect((await run(state({ sync: 'unknown' }))).status).toBe('unknown');
    expect((await run(state({ health: 'unknown' }))).status).toBe('unknown');
    expect((await run(state({ health: undefined }))).summary).toContain(
      'health not reported',
    );
  });

  it('reads Flux status from the live state', async () => {
    const result = await run(
      state(
        {
          tool: 'flux',
          name: 'Kustomization flux-system/payments',
          sync: 'out-of-sync',
          targetRevision: `main@sha1:${SHA}`,
          appliedRevision: `main@sha1:${OLD}`,
        },
        'live',
      ),
    );
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      'Flux Kustomization flux-system/payments is out of sync (target main@sha1:4f1c2a9b8e7d, applied main@sha1:0a1b2c3d4e5f)',
    );
    expect(result.factsReadAt).toBe('2026-12-05T07:00:00.000Z');
  });

  it('is not-applicable, saying why, when no tool reports on the component', async () => {
    const result = await run(state(undefined));
    expect(result).toEqual({
      status: 'not-applicable',
      summary:
        'No GitOps tool (Argo CD, Flux) reports on this component in production',
    });
  });
});
