import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  MAX_ENTITY_DOCUMENT_LENGTH,
  resolveEntityDocument,
  screenEntityValue,
} from './entityDocument';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      bitbucketServer: [{ host: 'bitbucket.example.com' }],
    },
  }),
);
const WORKING_DIRECTORY = '/srv/backstage/packages/backend';
const options = { integrations, workingDirectory: WORKING_DIRECTORY };

function entityAt(location?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'api',
      ...(location
        ? { annotations: { 'backstage.io/managed-by-location': location } }
        : {}),
    },
  };
}

const GITHUB = 'url:https://github.com/acme/api/blob/main/catalog-info.yaml';

describe('resolveEntityDocument', () => {
  describe('against a url: location', () => {
    it.each([
      [
        GITHUB,
        './deploy/dev',
        'https://github.com/acme/api/blob/main/deploy/dev',
      ],
      [
        GITHUB,
        'docs/runbook.md',
        'https://github.com/acme/api/blob/main/docs/runbook.md',
      ],
      [
        'url:https://github.com/acme/api/blob/main/services/api/catalog-info.yaml',
        '../common/runbook.md',
        'https://github.com/acme/api/blob/main/services/common/runbook.md',
      ],
      [
        'url:https://github.com/acme/api/tree/main/catalog-info.yaml',
        './deploy/dev',
        'https://github.com/acme/api/tree/main/deploy/dev',
      ],
      [
        'url:https://gitlab.com/acme/api/-/blob/main/catalog-info.yaml',
        './deploy/dev',
        'https://gitlab.com/acme/api/-/blob/main/deploy/dev',
      ],
      // The integration keeps the ref Bitbucket Server gives in the query.
      [
        'url:https://bitbucket.example.com/projects/A/repos/api/browse/catalog-info.yaml?at=refs%2Fheads%2Frelease',
        './docs/runbook.md',
        'https://bitbucket.example.com/projects/A/repos/api/browse/docs/runbook.md?at=refs%2Fheads%2Frelease',
      ],
      [
        'url:https://docs.example.com/catalog/catalog-info.yaml',
        './runbook.md',
        'https://docs.example.com/catalog/runbook.md',
      ],
    ])('resolves against %s: %s', (location, value, url) => {
      expect(resolveEntityDocument(entityAt(location), value, options)).toEqual(
        {
          kind: 'url',
          url,
          base: expect.any(String),
        },
      );
    });

    it('gives the directory of the catalog file as the base, resolved the same way', () => {
      const target = resolveEntityDocument(
        entityAt(GITHUB),
        './deploy/dev',
        options,
      );
      expect(target).toMatchObject({
        base: 'https://github.com/acme/api/blob/main/',
      });
    });

    it('refuses an absolute path (the catalog file is in a repository, not on this host)', () => {
      expect(
        resolveEntityDocument(entityAt(GITHUB), '/deploy/dev', options),
      ).toEqual({ kind: 'invalid', refusal: 'absolute-path' });
    });

    it('refuses a path that does not resolve against the location', () => {
      expect(
        resolveEntityDocument(entityAt('url:not a url'), './x.md', options),
      ).toEqual({ kind: 'invalid', refusal: 'unresolvable' });
    });
  });

  describe('against a file: location', () => {
    it.each([
      [
        'file:/srv/catalog/entities.yaml',
        './deploy/dev',
        '/srv/catalog/deploy/dev',
      ],
      [
        'file:/srv/catalog/entities.yaml',
        'deploy/dev',
        '/srv/catalog/deploy/dev',
      ],
      [
        'file:/srv/catalog/a/entities.yaml',
        '../docs/runbook.md',
        '/srv/catalog/docs/runbook.md',
      ],
      // Relative locations are relative to the backend's working directory.
      [
        'file:../../examples/entities.yaml',
        './docs/runbook.md',
        '/srv/backstage/examples/docs/runbook.md',
      ],
      // Absolute paths are kept (normalized); the caller checks them against its roots.
      ['file:/srv/catalog/entities.yaml', '/etc/passwd', '/etc/passwd'],
      ['file:/srv/catalog/entities.yaml', '/srv/catalog/../../etc', '/etc'],
      ['file:/srv/catalog/entities.yaml', '../../../../etc/x', '/etc/x'],
    ])('resolves against %s: %s', (location, value, expected) => {
      expect(resolveEntityDocument(entityAt(location), value, options)).toEqual(
        { kind: 'local', path: path.resolve(expected) },
      );
    });
  });

  describe('absolute URLs', () => {
    it.each([
      'https://docs.example.com/runbook.md',
      'http://docs.example.com/a/b/../runbook.md',
    ])('keeps %s as is (normalized), whatever the location', value => {
      for (const location of [GITHUB, 'file:/srv/c.yaml', undefined]) {
        expect(
          resolveEntityDocument(entityAt(location), value, options),
        ).toEqual({ kind: 'url', url: new URL(value).toString() });
      }
    });

    it.each([
      ['file:///etc/passwd', 'not-http'],
      ['data:text/plain,hello', 'not-http'],
      ['ftp://example.com/x', 'not-http'],
      ['https://user:pw@example.com/x', 'credentials'],
      ['https://:pw@example.com/x', 'credentials'],
      ['https://exa mple.com/x', 'invalid-url'],
    ])('refuses %s: %s', (value, refusal) => {
      expect(resolveEntityDocument(entityAt(GITHUB), value, options)).toEqual({
        kind: 'invalid',
        refusal,
      });
    });
  });

  describe('hostile values and locations', () => {
    it.each([
      ['a NUL byte', './docs/runbook.md\u0000.txt'],
      ['a newline', './docs\n/runbook.md'],
      ['DEL', './docs/\u007frunbook.md'],
      ['backslashes', '..\\..\\etc\\passwd'],
      ['a backslash in a URL', 'https://example.com\\@evil.example/x'],
    ])('refuses %s', (_what, value) => {
      const expected = { kind: 'invalid', refusal: 'forbidden-characters' };
      expect(screenEntityValue(value)).toEqual(expected);
      expect(
        resolveEntityDocument(entityAt('file:/srv/c.yaml'), value, options),
      ).toEqual(expected);
    });

    it('refuses values longer than the limit, and accepts one at it', () => {
      const atLimit = `./${'a'.repeat(MAX_ENTITY_DOCUMENT_LENGTH - 2)}`;
      expect(screenEntityValue(atLimit)).toBeUndefined();
      expect(screenEntityValue(`${atLimit}a`)).toEqual({
        kind: 'invalid',
        refusal: 'too-long',
      });
      expect(
        resolveEntityDocument(entityAt(GITHUB), `${atLimit}a`, options),
      ).toEqual({ kind: 'invalid', refusal: 'too-long' });
    });

    it('refuses a path when the entity has no location', () => {
      expect(resolveEntityDocument(entityAt(), './x.md', options)).toEqual({
        kind: 'invalid',
        refusal: 'no-location',
      });
    });

    it('refuses a path when the location is not a location reference', () => {
      expect(
        resolveEntityDocument(entityAt('no-type-here'), './x.md', options),
      ).toEqual({ kind: 'invalid', refusal: 'invalid-location' });
    });

    it('refuses a path against a location type that cannot resolve it', () => {
      expect(
        resolveEntityDocument(
          entityAt('github-discovery:https://github.com/acme'),
          './x.md',
          options,
        ),
      ).toEqual({
        kind: 'invalid',
        refusal: 'unsupported-location',
        locationType: 'github-discovery',
      });
    });
  });
});
