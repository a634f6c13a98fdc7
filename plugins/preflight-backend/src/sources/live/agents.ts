import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type {
  HttpLibrary,
  RequestContext,
  ResponseContext,
  Observable,
} from '@kubernetes/client-node';

/** The TLS settings that make two agents interchangeable. */
const TLS_OPTIONS = [
  'ca',
  'cert',
  'key',
  'pfx',
  'passphrase',
  'rejectUnauthorized',
  'servername',
] as const;

/** Distinct TLS settings pooled at most. */
const MAX_AGENTS = 64;

/** How long an idle pooled connection is kept. */
const IDLE_SOCKET_TIMEOUT_MS = 15_000;

function fingerprint(agent: https.Agent): string {
  const options = (agent as unknown as { options?: Record<string, unknown> })
    .options;
  const hash = createHash('sha256');
  for (const name of TLS_OPTIONS) {
    const value = options?.[name];
    hash.update(`${name}:`);
    if (value === undefined || value === null) {
      hash.update('-');
    } else if (Buffer.isBuffer(value) || typeof value === 'string') {
      hash.update(value);
    } else if (Array.isArray(value)) {
      for (const item of value) hash.update(item as Buffer | string);
    } else {
      hash.update(JSON.stringify(value));
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * Reuses connections to clusters. `@kubernetes/client-node` 1.x gives every request a new
 * `http(s).Agent` (built from the kubeconfig by `applySecurityAuthentication`), so every request
 * opens a new TCP connection — and a new TLS handshake. This library swaps that agent for a
 * keep-alive one with the same TLS settings (the same CA, client certificate and key, server name
 * and verification), kept per distinct settings; proxy agents and unknown agents are left alone.
 * Credentials sent as headers (tokens) are not part of the agent and are unaffected.
 */
export class KeepAliveHttpLibrary implements HttpLibrary {
  private readonly agents = new Map<string, http.Agent>();

  constructor(private readonly base: HttpLibrary) {}

  send(request: RequestContext): Observable<ResponseContext> {
    const agent = request.getAgent();
    if (agent) {
      request.setAgent(this.reuse(agent));
    }
    return this.base.send(request);
  }

  /** Closes the pooled connections. */
  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private reuse(agent: http.Agent | https.Agent): http.Agent | https.Agent {
    const prototype = Object.getPrototypeOf(agent);
    let key: string;
    let create: () => http.Agent;
    if (prototype === https.Agent.prototype) {
      key = `https:${fingerprint(agent as https.Agent)}`;
      const options = (agent as unknown as { options: https.AgentOptions })
        .options;
      create = () =>
        new https.Agent({
          ...Object.fromEntries(
            TLS_OPTIONS.filter(name => options[name] !== undefined).map(
              name => [name, options[name]],
            ),
          ),
          keepAlive: true,
          timeout: IDLE_SOCKET_TIMEOUT_MS,
        });
    } else if (prototype === http.Agent.prototype) {
      key = 'http';
      create = () =>
        new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS });
    } else {
      return agent; // proxies (and anything else) as client-node made them
    }
    let pooled = this.agents.get(key);
    if (!pooled) {
      if (this.agents.size >= MAX_AGENTS) {
        // Settings that keep changing (rotated client certificates): forget the oldest pool; its
        // idle connections close by themselves.
        this.agents.delete(this.agents.keys().next().value!);
      }
      pooled = create();
      this.agents.set(key, pooled);
    }
    return pooled;
  }
}
