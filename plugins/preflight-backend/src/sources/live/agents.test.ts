import http from 'node:http';
import https from 'node:https';
import {
  HttpMethod,
  Observable,
  RequestContext,
  ResponseContext,
  type HttpLibrary,
} from '@kubernetes/client-node';
import { KeepAliveHttpLibrary } from './agents';

function setup() {
  const seen: Array<http.Agent | undefined> = [];
  const base: HttpLibrary = {
    send(request) {
      seen.push(request.getAgent() as http.Agent | undefined);
      return new Observable(
        Promise.resolve(
          new ResponseContext(
            200,
            {},
            {
              text: async () => '{}',
              binary: async () => Buffer.from('{}'),
            },
          ),
        ),
      );
    },
  };
  const library = new KeepAliveHttpLibrary(base);
  const send = async (agent?: http.Agent) => {
    const request = new RequestContext(
      'https://dev.k8s.test/api/v1/pods',
      HttpMethod.GET,
    );
    if (agent) request.setAgent(agent);
    await library.send(request).toPromise();
    return seen[seen.length - 1];
  };
  return { library, send };
}

describe('KeepAliveHttpLibrary', () => {
  it('replaces the per-request agents client-node makes by one keep-alive agent per TLS settings', async () => {
    const { library, send } = setup();
    const tls = { ca: 'CA-1', rejectUnauthorized: true, servername: 'dev' };
    const first = await send(new https.Agent(tls));
    const second = await send(new https.Agent({ ...tls }));
    expect(first).toBe(second);
    expect(first).toBeInstanceOf(https.Agent);
    expect((first as any).keepAlive).toBe(true);
    expect((first as any).options).toMatchObject(tls);

    const otherCa = await send(new https.Agent({ ...tls, ca: 'CA-2' }));
    expect(otherCa).not.toBe(first);
    const insecure = await send(
      new https.Agent({ ...tls, rejectUnauthorized: false }),
    );
    expect(insecure).not.toBe(first);
    expect((insecure as any).options.rejectUnauthorized).toBe(false);
    const clientCert = await send(
      new https.Agent({ ...tls, cert: 'CERT', key: 'KEY' }),
    );
    expect(clientCert).not.toBe(first);
    expect((clientCert as any).options).toMatchObject({
      cert: 'CERT',
      key: 'KEY',
    });

    const plain = await send(new http.Agent());
    expect(await send(new http.Agent())).toBe(plain);
    expect((plain as any).keepAlive).toBe(true);
    library.destroy();
  });

  it('leaves proxy agents and requests without an agent alone', async () => {
    const { send } = setup();
    class ProxyAgent extends http.Agent {}
    const proxy = new ProxyAgent();
    expect(await send(proxy)).toBe(proxy);
    expect(await send(undefined)).toBeUndefined();
  });
});
