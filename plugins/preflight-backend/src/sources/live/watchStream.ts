/**
 * One watch request of the watch cache, streamed.
 *
 * client-node's `Watch` class sends its request with its own fetch and the kubeconfig's own
 * credentials; Preflight's requests carry the credential the cluster's authentication strategy
 * gives (`credentials.ts`) and client-node's `HttpLibrary` seam only hands back whole bodies.
 * So the watch is built like every other request — the typed client-node call (`LiveKind.list`
 * with `watch: true`) makes the URL, query and TLS agent, `applyCredential` adds the credential —
 * and this library sends it with Node's `http(s).request` on that agent, keeping the response
 * stream, which {@link splitLines} turns into lines (newline-delimited JSON events).
 */
import http from 'node:http';
import https from 'node:https';
import {
  Observable,
  ResponseContext,
  type ConfigurationOptions,
  type HttpLibrary,
  type RequestContext,
} from '@kubernetes/client-node';
import { errorCode } from '../../util/errorChain';
import type { KubernetesCredential } from './credentials';
import { applyCredential, TransportError } from './transport';

/** Longest event line accepted (a Pod with a huge status stays well below). */
export const MAX_EVENT_LINE_BYTES = 16 * 1024 * 1024;

/** Longest error body kept (only its `Status` message is ever quoted). */
const MAX_ERROR_BODY = 64 * 1024;

const EMPTY_JSON = '{}';

/** The answer to a watch request: a stream of lines (2xx), or the status and body of a refusal. */
export type WatchResponse =
  | { status: number; lines: AsyncIterable<string>; text?: undefined }
  | { status: number; text: string; lines?: undefined };

class StreamingHttpLibrary implements HttpLibrary {
  response?: WatchResponse;

  constructor(
    private readonly credential: KubernetesCredential | undefined,
    private readonly signal: AbortSignal,
    private readonly accept: string | undefined,
  ) {}

  send(request: RequestContext): Observable<ResponseContext> {
    return new Observable(this.sendAsync(request));
  }

  private async sendAsync(request: RequestContext): Promise<ResponseContext> {
    this.signal.throwIfAborted();
    if (this.accept) request.setHeaderParam('Accept', this.accept);
    applyCredential(request, this.credential);
    const url = new URL(request.getUrl());
    const message = await new Promise<http.IncomingMessage>(
      (resolve, reject) => {
        const outgoing = (url.protocol === 'https:' ? https : http).request(
          url,
          {
            method: request.getHttpMethod(),
            headers: request.getHeaders(),
            agent: request.getAgent(),
            signal: this.signal,
          },
          resolve,
        );
        outgoing.on('error', reject);
        outgoing.end();
      },
    );
    const status = message.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      this.response = { status, lines: splitLines(message) };
    } else {
      this.response = { status, text: await readBounded(message) };
    }
    return new ResponseContext(
      status,
      { 'content-type': 'application/json' },
      {
        text: async () => EMPTY_JSON,
        binary: async () => Buffer.from(EMPTY_JSON),
      },
    );
  }
}

/**
 * Sends a watch with a typed client-node call (`call`), the credential and the `Accept` header
 * (metadata-only kinds), returning its lines or its refusal; throws a `TransportError` when no HTTP
 * response came (refused, DNS, TLS, aborted).
 */
export async function openWatch(
  call: (options: ConfigurationOptions) => Promise<unknown>,
  options: {
    credential?: KubernetesCredential;
    signal: AbortSignal;
    accept?: string;
  },
): Promise<WatchResponse> {
  const library = new StreamingHttpLibrary(
    options.credential,
    options.signal,
    options.accept,
  );
  try {
    await call({ httpApi: library });
  } catch (error) {
    if (!library.response) {
      throw new TransportError(
        errorCode(error),
        options.signal.aborted || (error as Error)?.name === 'AbortError',
      );
    }
    // A refusal makes the typed processors throw; the raw response is what counts.
  }
  if (!library.response) {
    throw new TransportError(undefined, options.signal.aborted);
  }
  return library.response;
}

async function readBounded(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    if (text.length < MAX_ERROR_BODY) text += chunk;
  }
  return text.slice(0, MAX_ERROR_BODY);
}

/**
 * The lines of a stream of UTF-8 text (a character split across chunks is decoded whole), without
 * their `\n` (nor a `\r` before it); empty lines are skipped; a last line without `\n` counts. A
 * line longer than `maxBytes` throws (a server that never ends its line cannot fill the memory).
 * Each chunk is scanned once.
 */
export async function* splitLines(
  stream: NodeJS.ReadableStream,
  maxBytes = MAX_EVENT_LINE_BYTES,
): AsyncIterable<string> {
  stream.setEncoding('utf8');
  let pending = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline >= 0) {
      const line = (pending + chunk.slice(start, newline)).replace(/\r$/, '');
      pending = '';
      if (line.trim() !== '') yield line;
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    pending += chunk.slice(start);
    if (pending.length > maxBytes) {
      throw new Error(
        `A watch event is longer than ${maxBytes} characters: the stream is dropped`,
      );
    }
  }
  if (pending.trim() !== '') yield pending.replace(/\r$/, '');
}
