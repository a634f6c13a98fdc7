/**
 * Every auth provider Preflight supports, end to end: the Kubernetes plugin's strategy obtains the
 * credential (from test AWS credentials, a test Google service account key, …), the simulated
 * cluster checks what it receives as the real one would and answers 401 otherwise, and the read
 * reaches `ok` — or, with the wrong credentials, is the environment's typed error.
 */
import { generateKeyPairSync, verify } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { http, HttpResponse } from 'msw';
import {
  kubernetesComponent,
  productionOn,
} from '../../__testUtils__/entities';
import {
  fixtures,
  KubernetesApiSimulator,
} from '../../__testUtils__/kubernetes';
import { moduleAuthStrategies, requestAuthFromHeaders } from './credentials';
import { LiveStateSource } from './LiveStateSource';

const ID = 'checkout-api';
const entity = kubernetesComponent(ID);
const env = productionOn;

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => {
  k8s.reset();
  k8s.server.resetHandlers();
});
afterAll(() => k8s.close());

function source(clusters: JsonObject[], extra: JsonObject = {}) {
  const logger = mockServices.logger.mock();
  const live = new LiveStateSource({
    logger,
    config: new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [{ type: 'config', clusters }],
        ...extra,
      },
    }),
  });
  return { live, logger };
}

/** Everything the logger was given, to check that no credential is in it. */
function logged(logger: ReturnType<typeof mockServices.logger.mock>) {
  return JSON.stringify(
    [logger.error, logger.warn, logger.info, logger.debug].map(
      f => (f as jest.Mock).mock.calls,
    ),
  );
}

function withEnv(vars: Record<string, string | undefined>) {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [name, value] of Object.entries(vars)) {
      saved[name] = process.env[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

describe('aws (AwsIamStrategy)', () => {
  const KEY = {
    accessKeyId: 'AKIAPREFLIGHTTEST0001',
    secretAccessKey: 'preflight/test/secret/access/key/000000001',
  };
  const ROLE = {
    accessKeyId: 'ASIAPREFLIGHTROLE0001',
    secretAccessKey: 'preflight/test/role/secret/key/0000000001',
    sessionToken: 'preflight-test-session-token-0001',
  };
  withEnv({
    AWS_ACCESS_KEY_ID: KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent/preflight-test-aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/preflight-test-aws-credentials',
  });

  /**
   * What an EKS API server's authenticator checks of a `k8s-aws-v1.` token: a presigned STS
   * `GetCallerIdentity` URL for this cluster, signed with the expected credentials. The signature
   * is recomputed with the AWS SDK's own signer at the token's signing time.
   */
  function eksAuthenticator(
    clusterId: string,
    credentials: {
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
    },
  ) {
    return async (authorization: string) => {
      const match = /^Bearer k8s-aws-v1\.([A-Za-z0-9_-]+)$/.exec(authorization);
      if (!match) return false;
      const url = new URL(Buffer.from(match[1], 'base64url').toString());
      const q = Object.fromEntries(url.searchParams);
      if (
        url.host !== 'sts.us-east-1.amazonaws.com' ||
        q.Action !== 'GetCallerIdentity' ||
        !q['X-Amz-Credential']?.startsWith(`${credentials.accessKeyId}/`) ||
        !q['X-Amz-SignedHeaders']?.split(';').includes('x-k8s-aws-id') ||
        q['X-Amz-Security-Token'] !== credentials.sessionToken
      ) {
        return false;
      }
      const signingDate = new Date(
        q['X-Amz-Date'].replace(
          /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
          '$1-$2-$3T$4:$5:$6Z',
        ),
      );
      const expected = await new SignatureV4({
        credentials,
        region: 'us-east-1',
        service: 'sts',
        sha256: Sha256,
      }).presign(
        {
          headers: { host: url.host, 'x-k8s-aws-id': clusterId },
          hostname: url.host,
          method: 'GET',
          path: '/',
          protocol: 'https:',
          query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        },
        { expiresIn: Number(q['X-Amz-Expires']), signingDate },
      );
      return expected.query?.['X-Amz-Signature'] === q['X-Amz-Signature'];
    };
  }

  it('reads an EKS cluster with a presigned token from the backend’s AWS credentials', async () => {
    const eks = k8s.addCluster({
      name: 'eks',
      baseUrl: 'https://eks.k8s.test',
      authenticate: eksAuthenticator('eks-prod', KEY),
      objects: fixtures.componentObjects(ID),
    });
    const { live, logger } = source([
      { name: 'eks-prod', url: 'https://eks.k8s.test', authProvider: 'aws' },
    ]);
    const state = await live.read(entity, env('eks-prod'));
    expect(state).toMatchObject({ status: 'ok', location: 'eks-prod/shop' });
    expect(eks.requests.length).toBeGreaterThan(0);
    expect(eks.requests.every(r => r.status === 200)).toBe(true);
    expect(logged(logger)).not.toContain(KEY.secretAccessKey);
    expect(logged(logger)).not.toContain('k8s-aws-v1.');
  });

  it('assumes the cluster’s role (assumeRole, externalId) through STS first', async () => {
    const assumed: Array<Record<string, string>> = [];
    k8s.server.use(
      http.post(
        /^https:\/\/sts(\.us-east-1)?\.amazonaws\.com\/?$/,
        async ({ request }) => {
          const params = Object.fromEntries(
            new URLSearchParams(await request.text()),
          );
          const authorization = request.headers.get('authorization') ?? '';
          if (!authorization.includes(`Credential=${KEY.accessKeyId}/`)) {
            return new HttpResponse(null, { status: 403 });
          }
          if (params.Action === 'GetCallerIdentity') {
            // The credentials manager asks who the backend's credentials are.
            return new HttpResponse(
              `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/backstage</Arn>
    <UserId>AIDAPREFLIGHTTEST</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`,
              { status: 200, headers: { 'content-type': 'text/xml' } },
            );
          }
          assumed.push(params);
          if (params.Action !== 'AssumeRole') {
            return new HttpResponse(null, { status: 400 });
          }
          const expiration = new Date(Date.now() + 3600_000).toISOString();
          return new HttpResponse(
            `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${ROLE.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${ROLE.secretAccessKey}</SecretAccessKey>
      <SessionToken>${ROLE.sessionToken}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAPREFLIGHT:backstage</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/preflight-reader/backstage</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
</AssumeRoleResponse>`,
            { status: 200, headers: { 'content-type': 'text/xml' } },
          );
        },
      ),
    );
    k8s.addCluster({
      name: 'eks',
      baseUrl: 'https://eks.k8s.test',
      authenticate: eksAuthenticator('eks-prod', ROLE),
      objects: fixtures.componentObjects(ID),
    });
    const { live } = source([
      {
        name: 'eks-prod',
        url: 'https://eks.k8s.test',
        authProvider: 'aws',
        assumeRole: 'arn:aws:iam::123456789012:role/preflight-reader',
        externalId: 'preflight-external-id',
      },
    ]);
    const state = await live.read(entity, env('eks-prod'));
    expect(state).toMatchObject({ status: 'ok' });
    expect(assumed[0]).toMatchObject({
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::123456789012:role/preflight-reader',
      ExternalId: 'preflight-external-id',
    });
  });

  it('is the environment’s UNAUTHORIZED error when the cluster rejects the signer', async () => {
    const eks = k8s.addCluster({
      name: 'eks',
      baseUrl: 'https://eks.k8s.test',
      // Expects another identity: the backend's token is refused.
      authenticate: eksAuthenticator('eks-prod', {
        accessKeyId: 'AKIAANOTHERIDENTITY01',
        secretAccessKey: 'another/secret',
      }),
      objects: fixtures.componentObjects(ID),
    });
    const { live } = source([
      { name: 'eks-prod', url: 'https://eks.k8s.test', authProvider: 'aws' },
    ]);
    const state = await live.read(entity, env('eks-prod'));
    expect(state).toMatchObject({
      status: 'error',
      error: { reason: 'UNAUTHORIZED' },
    });
    expect(eks.requests.some(r => r.status === 401)).toBe(true);
  });
});

describe('a credential that cannot be obtained', () => {
  it('is the environment’s UNAUTHORIZED error, not a pass nor a throw, and nothing is sent', async () => {
    const cluster = k8s.addCluster({
      name: 'in-cluster',
      baseUrl: 'https://in-cluster.k8s.test',
      objects: fixtures.componentObjects(ID),
    });
    // No serviceAccountToken and not running in a pod: the strategy has no token file to read.
    const { live } = source([
      {
        name: 'in-cluster',
        url: 'https://in-cluster.k8s.test',
        authProvider: 'serviceAccount',
      },
    ]);
    const state = await live.read(entity, env('in-cluster'));
    expect(state).toMatchObject({
      status: 'error',
      error: {
        reason: 'UNAUTHORIZED',
        message: expect.stringContaining(
          "Cannot get credentials for cluster 'in-cluster' (authProvider 'serviceAccount')",
        ),
      },
      objects: [],
    });
    expect(cluster.requests).toEqual([]);
  });

  it('does not quote a malformed service account key in the error', async () => {
    const SECRET = 'preflight-secret-key-material';
    k8s.addCluster({
      name: 'gke',
      baseUrl: 'https://gke.k8s.test',
      objects: fixtures.componentObjects(ID),
    });
    const { live, logger } = source(
      [
        {
          name: 'gke',
          url: 'https://gke.k8s.test',
          authProvider: 'googleServiceAccount',
        },
      ],
      { googleServiceAccountCredentials: `{"private_key": "${SECRET}" ` },
    );
    const state = await live.read(entity, env('gke'));
    expect(state).toMatchObject({
      status: 'error',
      error: { reason: 'UNAUTHORIZED' },
    });
    expect(JSON.stringify(state)).not.toContain(SECRET);
    expect(logged(logger)).not.toContain(SECRET);
  });
});

describe('googleServiceAccount (GoogleServiceAccountStrategy)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const CLIENT_EMAIL =
    'preflight-reader@preflight-test.iam.gserviceaccount.com';
  const ACCESS_TOKEN = 'ya29.preflight-test-access-token';
  const key = {
    type: 'service_account',
    project_id: 'preflight-test',
    private_key_id: 'test-key-1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: CLIENT_EMAIL,
    client_id: '000000000000000000001',
    token_uri: 'https://oauth2.googleapis.com/token',
  };
  withEnv({ GOOGLE_APPLICATION_CREDENTIALS: undefined });

  /**
   * Google's token endpoint (google-auth-library 9's gtoken posts to the `www.googleapis.com`
   * one): a JWT bearer grant signed with the service account's key.
   */
  function tokenEndpoint(grants: string[]) {
    return http.post(
      /^https:\/\/(oauth2\.googleapis\.com\/token|www\.googleapis\.com\/oauth2\/v4\/token)$/,
      async ({ request }) => {
        const body = new URLSearchParams(await request.text());
        const assertion = body.get('assertion') ?? '';
        const [header, payload, signature] = assertion.split('.');
        const claims = JSON.parse(
          Buffer.from(payload ?? '', 'base64url').toString() || '{}',
        );
        const valid =
          body.get('grant_type') ===
            'urn:ietf:params:oauth:grant-type:jwt-bearer' &&
          !!signature &&
          verify(
            'RSA-SHA256',
            Buffer.from(`${header}.${payload}`),
            publicKey,
            Buffer.from(signature, 'base64url'),
          ) &&
          claims.iss === CLIENT_EMAIL;
        grants.push(valid ? 'valid' : 'invalid');
        return valid
          ? HttpResponse.json({
              access_token: ACCESS_TOKEN,
              expires_in: 3599,
              token_type: 'Bearer',
            })
          : HttpResponse.json(
              {
                error: 'invalid_grant',
                error_description: 'Invalid JWT Signature.',
              },
              { status: 400 },
            );
      },
    );
  }

  it('reads a GKE cluster with an access token for the configured key', async () => {
    const grants: string[] = [];
    k8s.server.use(tokenEndpoint(grants));
    const gke = k8s.addCluster({
      name: 'gke',
      baseUrl: 'https://gke.k8s.test',
      token: ACCESS_TOKEN,
      objects: fixtures.componentObjects(ID),
    });
    const { live, logger } = source(
      [
        {
          name: 'gke',
          url: 'https://gke.k8s.test',
          authProvider: 'googleServiceAccount',
        },
      ],
      { googleServiceAccountCredentials: JSON.stringify(key) },
    );
    const state = await live.read(entity, env('gke'));
    expect(state).toMatchObject({ status: 'ok', location: 'gke/shop' });
    expect(grants).toEqual(['valid']);
    expect(gke.requests.every(r => r.status === 200)).toBe(true);
    expect(logged(logger)).not.toContain(ACCESS_TOKEN);
  });

  it('is UNAUTHORIZED when Google refuses the key', async () => {
    const grants: string[] = [];
    k8s.server.use(tokenEndpoint(grants));
    const gke = k8s.addCluster({
      name: 'gke',
      baseUrl: 'https://gke.k8s.test',
      token: ACCESS_TOKEN,
      objects: fixtures.componentObjects(ID),
    });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { live } = source(
      [
        {
          name: 'gke',
          url: 'https://gke.k8s.test',
          authProvider: 'googleServiceAccount',
        },
      ],
      {
        googleServiceAccountCredentials: JSON.stringify({
          ...key,
          private_key: other.privateKey
            .export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        }),
      },
    );
    const state = await live.read(entity, env('gke'));
    expect(state).toMatchObject({
      status: 'error',
      error: { reason: 'UNAUTHORIZED' },
    });
    expect(grants).toEqual(['invalid']);
    expect(gke.requests).toEqual([]);
  });
});

describe('user-delegated providers (google, oidc, aks)', () => {
  const clusters = [
    { name: 'g', url: 'https://g.k8s.test', authProvider: 'google' },
    {
      name: 'o',
      url: 'https://o.k8s.test',
      authProvider: 'oidc',
      oidcTokenProvider: 'okta',
    },
    { name: 'a', url: 'https://a.k8s.test', authProvider: 'aks' },
  ];

  it('are unavailable without a signed-in user’s token, in reads and snapshots, without a request', async () => {
    for (const c of clusters) {
      k8s.addCluster({
        name: c.name,
        baseUrl: c.url,
        objects: fixtures.componentObjects(ID),
      });
    }
    const { live } = source(clusters);
    for (const { name, authProvider, oidcTokenProvider } of clusters) {
      const message = `Live state cannot be read for environment 'production': cluster '${name}' uses authProvider '${authProvider}', which needs a signed-in user's token`;
      expect(await live.read(entity, env(name))).toMatchObject({
        status: 'not-configured',
        message,
        // the header the frontend sends: Backstage-Kubernetes-Authorization-<provider>[-<oidc>]
        needsUserToken: oidcTokenProvider
          ? { authProvider, oidcTokenProvider }
          : { authProvider },
        requests: 0,
      });
      const snapshot = await live.snapshot(env(name));
      expect(
        await live.readFromSnapshot(snapshot, entity, env(name)),
      ).toMatchObject({ status: 'not-configured', message });
    }
    expect(k8s.requests).toEqual([]);
  });

  it('are read with the user’s token when the request carries it', async () => {
    const USER_TOKEN = 'user-provider-token-0001';
    for (const c of clusters) {
      k8s.addCluster({
        name: c.name,
        baseUrl: c.url,
        token: USER_TOKEN,
        objects: fixtures.componentObjects(ID),
      });
    }
    const { live } = source(clusters);
    const auth = {
      google: USER_TOKEN,
      oidc: { okta: USER_TOKEN },
      aks: USER_TOKEN,
    };
    for (const { name } of clusters) {
      expect(await live.read(entity, env(name), { auth })).toMatchObject({
        status: 'ok',
      });
    }
    const wrong = await live.read(entity, env('g'), {
      auth: { google: 'someone-else' },
    });
    expect(wrong).toMatchObject({
      status: 'error',
      error: { reason: 'UNAUTHORIZED' },
    });
  });
});

describe('azure (AzureIdentityStrategy)', () => {
  const TENANT = '00000000-0000-0000-0000-00000000a2e1';
  const CLIENT_ID = '00000000-0000-0000-0000-00000000c11e';
  const CLIENT_SECRET = 'preflight-test-client-secret';
  const ACCESS_TOKEN = 'eyJ0eXAiOiJKV1QifQ.preflight-test-aks-token.sig';
  withEnv({
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: CLIENT_ID,
    AZURE_CLIENT_SECRET: CLIENT_SECRET,
    AZURE_AUTHORITY_HOST: undefined,
  });

  /** Entra ID: the authority's metadata and its token endpoint (client credentials grant). */
  function entraId(grants: Array<Record<string, string>>) {
    const authority = `https://login.microsoftonline.com/${TENANT}`;
    return [
      http.get(
        'https://login.microsoftonline.com/common/discovery/instance',
        () =>
          HttpResponse.json({
            tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
            'api-version': '1.1',
            metadata: [
              {
                preferred_network: 'login.microsoftonline.com',
                preferred_cache: 'login.windows.net',
                aliases: ['login.microsoftonline.com', 'login.windows.net'],
              },
            ],
          }),
      ),
      http.get(`${authority}/v2.0/.well-known/openid-configuration`, () =>
        HttpResponse.json({
          token_endpoint: `${authority}/oauth2/v2.0/token`,
          authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
          issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
          jwks_uri: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
        }),
      ),
      http.post(`${authority}/oauth2/v2.0/token`, async ({ request }) => {
        const params = Object.fromEntries(
          new URLSearchParams(await request.text()),
        );
        grants.push(params);
        const valid =
          params.grant_type === 'client_credentials' &&
          params.client_id === CLIENT_ID &&
          params.client_secret === CLIENT_SECRET &&
          params.scope
            ?.split(' ')
            .includes('6dae42f8-4368-4678-94ff-3960e28e3630/.default');
        return valid
          ? HttpResponse.json({
              token_type: 'Bearer',
              expires_in: 3599,
              ext_expires_in: 3599,
              access_token: ACCESS_TOKEN,
            })
          : HttpResponse.json(
              { error: 'invalid_client', error_description: 'AADSTS7000215' },
              { status: 401 },
            );
      }),
    ];
  }

  it('reads an AKS cluster with an Entra ID token for the AKS server application', async () => {
    const grants: Array<Record<string, string>> = [];
    k8s.server.use(...entraId(grants));
    const aks = k8s.addCluster({
      name: 'aks',
      baseUrl: 'https://aks.k8s.test',
      token: ACCESS_TOKEN,
      objects: fixtures.componentObjects(ID),
    });
    const { live, logger } = source([
      { name: 'aks', url: 'https://aks.k8s.test', authProvider: 'azure' },
    ]);
    const state = await live.read(entity, env('aks'));
    expect(state).toMatchObject({ status: 'ok', location: 'aks/shop' });
    expect(grants).toHaveLength(1);
    expect(aks.requests.every(r => r.status === 200)).toBe(true);
    // The strategy caches its token: a second read asks Entra ID nothing.
    expect(await live.read(entity, env('aks'))).toMatchObject({
      status: 'ok',
    });
    expect(grants).toHaveLength(1);
    expect(logged(logger)).not.toContain(ACCESS_TOKEN);
    expect(logged(logger)).not.toContain(CLIENT_SECRET);
  });

  it('is UNAUTHORIZED when the cluster does not accept the identity’s token', async () => {
    k8s.server.use(...entraId([]));
    const aks = k8s.addCluster({
      name: 'aks',
      baseUrl: 'https://aks.k8s.test',
      // The cluster trusts another identity's token.
      token: 'another-identity-token',
      objects: fixtures.componentObjects(ID),
    });
    const { live } = source([
      { name: 'aks', url: 'https://aks.k8s.test', authProvider: 'azure' },
    ]);
    expect(await live.read(entity, env('aks'))).toMatchObject({
      status: 'error',
      error: { reason: 'UNAUTHORIZED' },
    });
    expect(aks.requests.some(r => r.status === 401)).toBe(true);
  });
});

describe('requestAuthFromHeaders', () => {
  it('reads the Kubernetes plugin frontend’s headers as its proxy does', () => {
    expect(
      requestAuthFromHeaders({
        'backstage-kubernetes-authorization-google': 'g-token',
        'backstage-kubernetes-authorization-oidc-okta': 'okta-token',
        'backstage-kubernetes-authorization-oidc-my-idp': 'idp-token',
        'backstage-kubernetes-authorization-aks': 'aks-token',
        'backstage-kubernetes-cluster': 'ignored',
        authorization: 'Bearer backstage-token',
      }),
    ).toEqual({
      google: 'g-token',
      oidc: { okta: 'okta-token', 'my-idp': 'idp-token' },
      aks: 'aks-token',
    });
    expect(
      requestAuthFromHeaders({ authorization: 'Bearer x' }),
    ).toBeUndefined();
  });
});

describe('moduleAuthStrategies', () => {
  const strategy = {
    getCredential: async () => ({ type: 'anonymous' as const }),
    validateCluster: () => [],
    presentAuthMetadata: () => ({}),
  };

  it('keeps the keys modules added, in order', () => {
    expect([
      ...moduleAuthStrategies([
        ['acme', strategy],
        ['pinniped2', strategy],
      ]).keys(),
    ]).toEqual(['acme', 'pinniped2']);
  });

  it.each([
    ['aws', "'aws' is a built-in authProvider"],
    ['oidc', "'oidc' is a built-in authProvider"],
    ['my-provider', 'without dashes'],
    ['', 'without dashes'],
  ])('refuses the key %j, naming it', (key, reason) => {
    expect(() => moduleAuthStrategies([[key, strategy]])).toThrow(
      `Kubernetes auth strategy '${key}' added through preflightKubernetesAuthExtensionPoint`,
    );
    expect(() => moduleAuthStrategies([[key, strategy]])).toThrow(reason);
  });

  it('refuses a key added twice', () => {
    expect(() =>
      moduleAuthStrategies([
        ['acme', strategy],
        ['acme', strategy],
      ]),
    ).toThrow(
      "Kubernetes auth strategy 'acme' added through preflightKubernetesAuthExtensionPoint: added twice",
    );
  });
});
