import { isPreflightEntity, PREFLIGHT_ENTITY_ANNOTATIONS } from './annotations';

const entity = (kind: string, annotations?: Record<string, string>) => ({
  kind,
  metadata: { name: 'checkout-api', ...(annotations ? { annotations } : {}) },
});

describe('isPreflightEntity', () => {
  it.each(PREFLIGHT_ENTITY_ANNOTATIONS)('a Component with %s', annotation => {
    expect(isPreflightEntity(entity('Component', { [annotation]: 'x' }))).toBe(
      true,
    );
  });

  it("covers the Argo CD plugins' annotations, the Kubernetes plugin's and its own", () => {
    expect([...PREFLIGHT_ENTITY_ANNOTATIONS].sort()).toEqual([
      'argocd/app-name',
      'argocd/app-selector',
      'backstage.io/kubernetes-id',
      'backstage.io/kubernetes-label-selector',
      'preflight.dev/manifests',
    ]);
  });

  it('is not a Component without them, nor another kind with them, nor a blank value', () => {
    expect(isPreflightEntity(entity('Component'))).toBe(false);
    expect(
      isPreflightEntity(
        entity('Component', { 'backstage.io/kubernetes-namespace': 'shop' }),
      ),
    ).toBe(false);
    expect(
      isPreflightEntity(
        entity('Resource', { 'backstage.io/kubernetes-id': 'checkout-api' }),
      ),
    ).toBe(false);
    expect(
      isPreflightEntity(entity('Component', { 'argocd/app-name': '  ' })),
    ).toBe(false);
    expect(
      isPreflightEntity(entity('component', { 'argocd/app-name': 'shop' })),
    ).toBe(true);
  });
});
