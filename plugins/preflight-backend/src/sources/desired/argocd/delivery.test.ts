import {
  deliveryMessage,
  deliveryStatusOf,
  revisionOf,
  sourceTypeOf,
  timeOf,
} from './delivery';

describe('deliveryStatusOf', () => {
  it('maps every sync and health status Argo CD reports', () => {
    const of = (sync?: string, health?: string) =>
      deliveryStatusOf(
        {
          metadata: { name: 'a' },
          status: {
            sync: { status: sync },
            ...(health ? { health: { status: health } } : {}),
          },
        },
        'https://argocd.test',
      );
    expect(of('Synced', 'Healthy')).toMatchObject({
      sync: 'synced',
      health: 'healthy',
    });
    expect(of('OutOfSync', 'Progressing')).toMatchObject({
      sync: 'out-of-sync',
      health: 'progressing',
    });
    expect(of('Unknown', 'Degraded')).toMatchObject({
      sync: 'unknown',
      health: 'degraded',
    });
    expect(of('Synced', 'Suspended').health).toBe('suspended');
    expect(of('Synced', 'Missing').health).toBe('missing');
    expect(of('Synced', 'Unknown').health).toBe('unknown');
    expect(of('Sideways', 'Wobbly')).toMatchObject({
      sync: 'unknown',
      health: 'unknown',
    });
    expect(of(undefined, undefined).health).toBeUndefined();
  });

  it('survives a hostile status', () => {
    const delivery = deliveryStatusOf(
      {
        metadata: { name: 'a' },
        status: {
          sync: 'Synced',
          history: [null, 'x', { id: { nested: true }, revision: 'abc' }],
          operationState: 'Failed',
          conditions: 'none',
        } as any,
      },
      'https://argocd.test',
    );
    expect(delivery).toEqual({
      tool: 'argocd',
      name: 'Application a',
      sync: 'unknown',
      appliedRevision: 'abc',
      history: [{ revision: 'abc' }],
      url: 'https://argocd.test/applications/a',
    });
  });

  it('joins the revisions of a multi-source Application', () => {
    const delivery = deliveryStatusOf(
      {
        metadata: { name: 'multi' },
        status: {
          sync: { status: 'Synced', revisions: ['1.2.3', 'abc123'] },
          history: [{ id: '7', revisions: ['1.2.3', 'abc123'] }],
          sourceTypes: ['Helm', 'Directory'],
        },
      },
      'https://argocd.test',
    );
    expect(delivery).toMatchObject({
      targetRevision: '1.2.3, abc123',
      appliedRevision: '1.2.3, abc123',
      history: [{ id: '7', revision: '1.2.3, abc123' }],
    });
    expect(
      sourceTypeOf(
        { status: { sourceTypes: ['Helm', 'Directory'] } },
        { manifests: [] },
      ),
    ).toBe('Helm, Directory');
  });
});

describe('timeOf', () => {
  it('reads RFC 3339 strings and { seconds } objects', () => {
    expect(timeOf('2025-03-01T10:00:00Z')).toBe('2025-03-01T10:00:00Z');
    expect(timeOf({ seconds: '1740823200' })).toBe('2025-03-01T10:00:00.000Z');
    expect(timeOf('yesterday-ish')).toBeUndefined();
    expect(timeOf(42)).toBeUndefined();
  });
});

describe('revisionOf', () => {
  it('prefers revision, else the revisions', () => {
    expect(revisionOf({ revision: 'abc', revisions: ['x'] })).toBe('abc');
    expect(revisionOf({ revision: '', revisions: ['x', '', 'y'] })).toBe(
      'x, y',
    );
    expect(revisionOf({})).toBeUndefined();
    expect(revisionOf(undefined)).toBeUndefined();
  });
});

describe('deliveryMessage', () => {
  it('keeps one line without URL credentials', () => {
    expect(
      deliveryMessage(
        'failed to fetch\nhttps://bot:hunter2@git.example.com/repo.git\ttwice',
      ),
    ).toBe('failed to fetch https://git.example.com/repo.git twice');
  });
});
