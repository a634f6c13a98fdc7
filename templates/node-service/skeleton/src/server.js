'use strict';
const http = require('node:http');

let ready = false;

function createServer() {
  return http.createServer((req, res) => {
    if (req.url === '/livez') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } else if (req.url === '/readyz') {
      res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' });
      res.end(ready ? 'ready' : 'starting');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ service: '${{ values.name }}' }));
    }
  });
}

if (require.main === module) {
  const server = createServer();
  server.listen(Number(process.env.PORT || 8080), () => {
    ready = true;
  });
  process.on('SIGTERM', () => {
    ready = false;
    server.close(() => process.exit(0));
  });
}

module.exports = { createServer, setReady: value => (ready = value) };
