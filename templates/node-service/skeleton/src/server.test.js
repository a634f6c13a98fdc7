'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { createServer, setReady } = require('./server');

test('liveness and readiness are distinct', async () => {
  const server = createServer().listen(0);
  const { port } = server.address();
  try {
    setReady(false);
    assert.strictEqual((await fetch(`http://127.0.0.1:${port}/livez`)).status, 200);
    assert.strictEqual((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 503);
    setReady(true);
    assert.strictEqual((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
  } finally {
    server.close();
  }
});
