import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { ConfigReader } from '@backstage/config';
import type {
  EnvironmentState,
  KubernetesObject,
} from '@preflight/plugin-preflight-common';
import { createContainerSecurityCheck } from '../checks/containerSecurity';
import { createImageTaggedCheck } from '../checks/imageTagged';
import { BASE_NAME_ANNOTATION } from './manifestBase';
import { OciRegistryVerifier } from './OciRegistryVerifier';

// A real OCI registry: Debian's docker-registry, started by scripts/test-services/registry.sh
// (scripts/with-test-services.sh exports its URL). `make test` sets
// PREFLIGHT_REQUIRE_TEST_SERVICES, so a missing registry fails here instead of skipping.
const registryUrl = process.env.PREFLIGHT_TEST_REGISTRY_URL;

jest.setTimeout(30_000);

const sha256 = (data: Buffer) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** A one-file ustar archive: a real (tiny) image layer. */
function tarOf(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (value: string, offset: number, length: number) =>
    header.write(value, offset, length, 'ascii');
  const octal = (value: number, length: number) =>
    value.toString(8).padStart(length - 1, '0');
  field(name, 0, 100);
  field(octal(0o644, 8), 100, 8);
  field(octal(0, 8), 108, 8);
  field(octal(0, 8), 116, 8);
  field(octal(content.length, 12), 124, 12);
  field(octal(0, 12), 136, 12);
  field('        ', 148, 8); // checksum placeholder
  field('0', 156, 1);
  field('ustar\u000000', 257, 8);
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  field(`${octal(checksum, 7)}\u0000 `, 148, 8);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

async function expectStatus(
  response: Response,
  expected: number,
  what: string,
) {
  if (response.status !== expected) {
    throw new Error(
      `${what}: expected ${expected}, got ${
        response.status
      }: ${await response.text()}`,
    );
  }
}

/** Monolithic blob upload: `POST /v2/<name>/blobs/uploads/`, then `PUT <location>&digest=…`. */
async function pushBlob(
  base: string,
  name: string,
  blob: Buffer,
): Promise<string> {
  const digest = sha256(blob);
  const start = await fetch(`${base}/v2/${name}/blobs/uploads/`, {
    method: 'POST',
  });
  await expectStatus(start, 202, 'starting the blob upload');
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(blob.length),
    },
    body: blob,
  });
  await expectStatus(put, 201, 'completing the blob upload');
  expect(put.headers.get('docker-content-digest')).toBe(digest);
  return digest;
}

/** Pushes a real single-layer OCI image and returns its manifest digest. */
async function pushImage(
  base: string,
  name: string,
  tag: string,
  annotations?: Record<string, string>,
): Promise<string> {
  const tar = tarOf(
    'hello.txt',
    Buffer.from(`hello from preflight ${randomBytes(8).toString('hex')}\n`),
  );
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/bin/true'] },
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
    }),
  );
  const configDigest = await pushBlob(base, name, config);
  const layerDigest = await pushBlob(base, name, layer);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: layerDigest,
          size: layer.length,
        },
      ],
      ...(annotations ? { annotations } : {}),
    }),
  );
  const put = await fetch(`${base}/v2/${name}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  await expectStatus(put, 201, 'pushing the manifest');
  const digest = sha256(manifest);
  expect(put.headers.get('docker-content-digest')).toBe(digest);
  return digest;
}

/** Pushes an OCI index of one linux/amd64 manifest (by its digest) under `tag`. */
async function pushIndex(
  base: string,
  name: string,
  tag: string,
  manifestDigest: string,
): Promise<void> {
  const manifest = await fetch(
    `${base}/v2/${name}/manifests/${manifestDigest}`,
    { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } },
  );
  await expectStatus(manifest, 200, 'reading the pushed manifest');
  const size = (await manifest.arrayBuffer()).byteLength;
  const put = await fetch(`${base}/v2/${name}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' },
    body: JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: manifestDigest,
          size,
          platform: { architecture: 'amd64', os: 'linux' },
        },
      ],
    }),
  });
  await expectStatus(put, 201, 'pushing the index');
}

/** A port on 127.0.0.1 nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

function deploymentState(image: string): EnvironmentState {
  const deployment: KubernetesObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: { app: 'app' } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
  };
  const readAt = new Date().toISOString();
  return {
    environment: { name: 'dev', title: 'Development' },
    live: { status: 'not-configured', objects: [] },
    desired: {
      status: 'ok',
      objects: [deployment],
      origins: [
        {
          source: 'desired' as const,
          location: 'deploy/dev/deployment.yaml',
          line: 1,
        },
      ],
      readAt,
    },
  } as EnvironmentState;
}

const NO_REGISTRY =
  'PREFLIGHT_TEST_REGISTRY_URL is not set: start the registry with scripts/test-services/registry.sh start <dir> (scripts/with-test-services.sh does it)';

describe('OciRegistryVerifier against a real registry (docker-registry)', () => {
  if (!registryUrl) {
    if (process.env.PREFLIGHT_REQUIRE_TEST_SERVICES) {
      // make test requires the real servers: a missing registry fails, it is not skipped.
      it('has a registry (PREFLIGHT_REQUIRE_TEST_SERVICES is set)', () => {
        expect(NO_REGISTRY).toBe('PREFLIGHT_TEST_REGISTRY_URL to be set');
      });
    } else {
      // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
      it.skip(`skipped: ${NO_REGISTRY}`, () => {});
    }
    return;
  }
  {
    const base = registryUrl.replace(/\/+$/, '');
    const host = new URL(base).host;
    const name = `preflight/app-${randomBytes(4).toString('hex')}`;
    const verifier = OciRegistryVerifier.fromConfig(
      new ConfigReader({
        preflight: { registries: [{ host, url: base, insecure: true }] },
      }),
    );
    let digest: string;

    beforeAll(async () => {
      const version = await fetch(`${base}/v2/`);
      await expectStatus(version, 200, `GET ${base}/v2/`);
      digest = await pushImage(base, name, '1.0.0');
    });

    it('finds a pushed tag, with the digest it resolves to', async () => {
      expect(await verifier.verify(`${host}/${name}:1.0.0`)).toEqual({
        status: 'present',
        url: `${base}/v2/${name}/manifests/1.0.0`,
        digest,
      });
    });

    it('finds the same image by digest, alone or pinned after the tag', async () => {
      expect(await verifier.verify(`${host}/${name}@${digest}`)).toEqual({
        status: 'present',
        url: `${base}/v2/${name}/manifests/${digest}`,
      });
      expect(await verifier.verify(`${host}/${name}:1.0.0@${digest}`)).toEqual({
        status: 'present',
        url: `${base}/v2/${name}/manifests/${digest}`,
      });
    });

    it('reports a tag, a digest and a repository that do not exist as missing', async () => {
      expect(await verifier.verify(`${host}/${name}:9.9.9`)).toEqual({
        status: 'missing',
        url: `${base}/v2/${name}/manifests/9.9.9`,
      });
      const other = sha256(Buffer.from('not pushed'));
      expect(await verifier.verify(`${host}/${name}@${other}`)).toEqual({
        status: 'missing',
        url: `${base}/v2/${name}/manifests/${other}`,
      });
      expect(
        (await verifier.verify(`${host}/preflight/never-pushed:1.0.0`)).status,
      ).toBe('missing');
    });

    it('reports a registry that does not answer as an error', async () => {
      const port = await closedPort();
      const down = OciRegistryVerifier.fromConfig(
        new ConfigReader({
          preflight: {
            registries: [
              {
                host: `127.0.0.1:${port}`,
                url: `http://127.0.0.1:${port}`,
                insecure: true,
              },
            ],
          },
        }),
      );
      expect(await down.verify(`127.0.0.1:${port}/${name}:1.0.0`)).toEqual({
        status: 'error',
        reason: 'registry unreachable (ECONNREFUSED)',
      });
    });

    it('reports a tag that was re-pushed since the last evaluation (tag moved) as a warning', async () => {
      const moving = `${name}-moving`;
      const first = await pushImage(base, moving, '2.0.0');
      // No reuse of answers: every evaluation asks the registry, as a minute later would.
      const tracking = new OciRegistryVerifier({
        registries: [{ host, url: base, insecure: true } as any],
        cacheTtlMs: 0,
      });
      const check = createImageTaggedCheck(tracking);
      const image = `${host}/${moving}:2.0.0`;

      const before = await check.evaluate({
        state: deploymentState(image),
      } as any);
      expect(before.status).toBe('warn'); // a version tag without a digest (advisory)
      expect(before.summary).not.toMatch(/tag moved/);

      const second = await pushImage(base, moving, '2.0.0');
      expect(second).not.toBe(first);
      const after = await check.evaluate({
        state: deploymentState(image),
      } as any);
      expect(after.status).toBe('warn');
      expect(after.summary).toBe(
        `tag moved: ${image} was ${first} at the last evaluation, now ${second}`,
      );
      expect(after.remediation).toMatch(/Pin the image by digest/);

      // Reported once: the next evaluation compares with the new digest.
      const again = await check.evaluate({
        state: deploymentState(image),
      } as any);
      expect(again.summary).not.toMatch(/tag moved/);
    });

    it('reads the base-image annotation of a pushed image, through an index too, and container-security reports a full distribution', async () => {
      const debianBased = `${name}-debian`;
      const annotated = await pushImage(base, debianBased, '1.0.0', {
        [BASE_NAME_ANNOTATION]: 'docker.io/library/debian:12.8',
      });
      await pushIndex(base, debianBased, '1.0.0-multi', annotated);
      for (const tag of ['1.0.0', '1.0.0-multi']) {
        expect(
          await verifier.baseImage(`${host}/${debianBased}:${tag}`),
        ).toEqual({
          status: 'found',
          facts: {
            baseName: 'docker.io/library/debian:12.8',
            source: `the image manifest in ${host}`,
          },
        });
      }
      // The image pushed without annotations names no base.
      expect(await verifier.baseImage(`${host}/${name}:1.0.0`)).toEqual({
        status: 'none',
        reason: `the image manifest has no ${BASE_NAME_ANNOTATION} annotation`,
      });

      const check = createContainerSecurityCheck(verifier);
      const image = `${host}/${debianBased}:1.0.0-multi`;
      const result = await check.evaluate({
        state: deploymentState(image),
      } as any);
      expect(result.details).toContain(
        `uses image '${image}' whose base is not minimal: its base image is docker.io/library/debian:12.8 (org.opencontainers.image.base.name)`,
      );
      // Without the registry the reference says nothing of the base: not reported.
      const alone = await createContainerSecurityCheck().evaluate({
        state: deploymentState(image),
      } as any);
      expect(alone.details).not.toContain('whose base is not minimal');
    });

    it('drives the image-tagged check: pinned and present passes, a missing digest fails', async () => {
      const check = createImageTaggedCheck(verifier);
      const present = await check.evaluate({
        state: deploymentState(`${host}/${name}:1.0.0@${digest}`),
      } as any);
      expect(present.status).toBe('pass');
      expect(present.summary).toMatch(/present in the registry/);
      expect(present.evidence).toEqual([
        {
          type: 'link',
          title: `${host}/${name}:1.0.0@${digest}`,
          url: `${base}/v2/${name}/manifests/${digest}`,
        },
      ]);

      const other = sha256(Buffer.from('never built'));
      const missing = await check.evaluate({
        state: deploymentState(`${host}/${name}:1.0.1@${other}`),
      } as any);
      expect(missing.status).toBe('fail');
      expect(missing.summary).toMatch(/does not exist in its registry/);
    });
  }
});
