import { findMatchingGlob, globToRegExp, matchesGlob } from './glob';

describe('glob', () => {
  it('matches whole strings, with * crossing any character', () => {
    expect(matchesGlob('env-value:*', 'env-value:LOG_LEVEL')).toBe(true);
    expect(matchesGlob('env-value:*', 'env:LOG_LEVEL')).toBe(false);
    expect(matchesGlob('hpa.*', 'hpa.minReplicas')).toBe(true);
    expect(matchesGlob('hpa.*', 'hpa-metric:Resource:cpu')).toBe(false);
    expect(
      matchesGlob(
        'annotation:prometheus.io/*',
        'annotation:prometheus.io/scrape',
      ),
    ).toBe(true);
    expect(matchesGlob('label:*', 'label:app.kubernetes.io/name')).toBe(true);
    expect(matchesGlob('replicas', 'replicas')).toBe(true);
    expect(matchesGlob('replicas', 'hpa.minReplicas')).toBe(false);
    expect(matchesGlob('*', '')).toBe(true);
    expect(
      matchesGlob('Job/* › *', 'Job/db-migrate › container m › image.tag'),
    ).toBe(true);
  });

  it('treats every other character literally', () => {
    expect(matchesGlob('a.b', 'axb')).toBe(false);
    expect(matchesGlob('ingress.rule[*].host', 'ingress.rule[0].host')).toBe(
      true,
    );
    expect(matchesGlob('ingress.rule[*].host', 'ingress.rule[0].paths')).toBe(
      false,
    );
    expect(matchesGlob('a?(b)+', 'a?(b)+')).toBe(true);
    expect(matchesGlob('a?(b)+', 'ab')).toBe(false);
    expect(matchesGlob('^$|\\', '^$|\\')).toBe(true);
    expect(globToRegExp('x*y').source).toBe('^x.*y$');
  });

  it('finds the first glob matching any of the texts', () => {
    expect(findMatchingGlob(['a*', 'b*'], 'zz', 'bb')).toBe('b*');
    expect(findMatchingGlob(['a*'], 'zz')).toBeUndefined();
    expect(findMatchingGlob([], 'a')).toBeUndefined();
  });
});
