import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createServer, type Health } from './server';

async function listen(health: Health) {
  const server = createServer(health).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}` };
}

test('liveness and readiness are distinct', async () => {
  const health: Health = { ready: false };
  const { server, base } = await listen(health);
  try {
    assert.equal((await fetch(`${base}/livez`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 503);
    health.ready = true;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    // Shutting down: not ready any more, still alive.
    health.ready = false;
    assert.equal((await fetch(`${base}/readyz`)).status, 503);
    assert.equal((await fetch(`${base}/livez`)).status, 200);
  } finally {
    server.close();
  }
});

test('unknown paths are 404', async () => {
  const { server, base } = await listen({ ready: true });
  try {
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  } finally {
    server.close();
  }
});
