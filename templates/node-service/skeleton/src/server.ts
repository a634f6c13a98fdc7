import http from 'node:http';

const SERVICE = '${{ values.name }}';
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/** Structured logs on stdout, filtered by LOG_LEVEL (twelve-factor: config from the environment). */
export function log(level: Level, message: string, fields: object = {}) {
  const threshold = LEVELS.indexOf((process.env.LOG_LEVEL as Level) ?? 'info');
  if (LEVELS.indexOf(level) < Math.max(threshold, 0)) return;
  process.stdout.write(
    `${JSON.stringify({
      time: new Date().toISOString(),
      level,
      service: SERVICE,
      message,
      ...fields,
    })}\n`,
  );
}

/**
 * Whether the service should receive traffic. Readiness is not liveness: it is false until the
 * server listens and again as soon as shutdown starts, while /livez keeps answering.
 */
export interface Health {
  ready: boolean;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function createServer(health: Health): http.Server {
  return http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    switch (pathname) {
      case '/livez':
        send(res, 200, { status: 'alive' });
        break;
      case '/readyz':
        send(res, health.ready ? 200 : 503, {
          status: health.ready ? 'ready' : 'not ready',
        });
        break;
      case '/':
        send(res, 200, { service: SERVICE });
        break;
      default:
        send(res, 404, { error: 'not found' });
    }
  });
}

/** Starts the service; on SIGTERM it stops being ready, drains, then exits. */
export function start(port = Number(process.env.PORT ?? 8080), drainMs = 5000) {
  const health: Health = { ready: false };
  const server = createServer(health);
  server.listen(port, () => {
    health.ready = true;
    log('info', 'listening', { port });
  });
  const shutdown = (signal: string) => {
    if (!health.ready) return;
    health.ready = false;
    log('info', 'shutting down', { signal });
    // Kubernetes keeps routing to the pod until the readiness probe fails: wait, then close.
    setTimeout(() => server.close(() => process.exit(0)), drainMs);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  return { server, health };
}

if (require.main === module) {
  start();
}
