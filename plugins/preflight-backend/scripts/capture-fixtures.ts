/**
 * Writes the frontend's captured API answers, plugins/preflight/src/__fixtures__/demoEstate.json,
 * from the demo estate (examples/) served in-process as `make start` serves it
 * (src/__testUtils__/demoEstate.ts: the shipped app-config.yaml, no cluster):
 *
 *   yarn capture:fixtures     (from plugins/preflight-backend)
 *
 * The answers are those of the API's routes, called over HTTP (they hold no time, so a capture
 * differs only when an answer does). src/schema/fixtures.contract.test.ts checks the file against
 * openapi.yaml.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import prettier from 'prettier';
import { startDemoBackend } from '../src/__testUtils__/demoEstate';

const target = path.resolve(
  __dirname,
  '../../preflight/src/__fixtures__/demoEstate.json',
);
const entity = (name: string) => `/entities/component/default/${name}`;

async function main() {
  const backend = await startDemoBackend();
  try {
    const { port } = backend.server.address() as AddressInfo;
    const get = async (route: string) => {
      const response = await fetch(
        `http://localhost:${port}/api/preflight${route}`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
      if (!response.ok) {
        throw new Error(
          `${route}: ${response.status} ${await response.text()}`,
        );
      }
      return response.json();
    };
    const answers = {
      environments: (await get('/environments')).environments,
      checks: (await get('/checks')).checks,
      catalogWeb: {
        parity: await get(`${entity('catalog-web')}/parity`),
      },
    };
    // Formatted as the repository's prettier formats JSON (its check covers the file).
    fs.writeFileSync(
      target,
      prettier.format(JSON.stringify(answers), {
        ...(await prettier.resolveConfig(target)),
        parser: 'json',
      }),
    );
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  } finally {
    await backend.stop();
  }
}

main().then(
  // The test backend's services keep timers; nothing is left to wait for.
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
