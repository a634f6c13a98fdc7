// The errors of an Argo CD instance's client: transport failures, HTTP statuses and bad answers
// become DesiredStateErrors with a typed reason, whose messages never quote a credential.
import { errorChain, errorCode } from '../../../util/errorChain';
import { DesiredStateError, redactUrls } from '../errors';
import { isPlainObject, type Answer } from './argoAnswers';
import { ARGOCD_LOCATOR_KEY, type ArgoCdInstance } from './config';
import type { ArgoRuntimeError } from './types';

const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

/** Builds the errors of one Argo CD instance; `session` is the client's current session token. */
export class ArgoCdErrors {
  constructor(
    private readonly instance: ArgoCdInstance,
    private readonly session: () => string | undefined,
  ) {}

  transportError(
    error: unknown,
    what: string,
    signal: AbortSignal,
  ): DesiredStateError {
    const name = String((error as { name?: unknown } | undefined)?.name ?? '');
    if (signal.aborted || name === 'AbortError' || name === 'TimeoutError') {
      return this.timeout(what);
    }
    const chain = errorChain(error);
    const cause = chain.length > 1 ? chain[chain.length - 1] : undefined;
    let detail = errorCode(error) ?? String(cause?.message ?? '');
    detail = this.redact(detail).replace(CONTROL_CHARACTERS, ' ').trim();
    if (detail.length > 100) detail = `${detail.slice(0, 97)}...`;
    return new DesiredStateError(
      'UNREACHABLE',
      `Argo CD instance '${this.instance.name}' (${
        this.instance.url
      }) is unreachable while reading ${what}${detail ? ` (${detail})` : ''}`,
    );
  }

  httpError(answer: Answer, what: string): DesiredStateError {
    const instance = `Argo CD instance '${this.instance.name}'`;
    const detail = this.statusDetail(answer);
    switch (answer.status) {
      case 401:
        return new DesiredStateError(
          'UNAUTHORIZED',
          `${instance} rejected the credentials configured under ${ARGOCD_LOCATOR_KEY} while reading ${what} (${detail}); ${
            this.instance.auth.type === 'token'
              ? 'the token may have expired or been revoked'
              : 'a new session was rejected too'
          }`,
        );
      case 403:
        return new DesiredStateError(
          'FORBIDDEN',
          `${instance} denied reading ${what} (${detail}); the account needs 'get' permission on applications of the application's project`,
        );
      case 404:
        return new DesiredStateError(
          'NOT_FOUND',
          `${instance} has no ${what} (${detail})`,
        );
      case 429:
        return new DesiredStateError(
          'RATE_LIMITED',
          `${instance} is rate limiting requests (${detail}) while reading ${what}`,
        );
      default:
        if (
          answer.status >= 500 &&
          what.startsWith('the manifests') &&
          /manifest generation error/i.test(detail)
        ) {
          // Argo CD could not render the application (e.g. a broken Helm chart or overlay).
          return new DesiredStateError(
            'RENDER_FAILED',
            `${instance} could not render ${what} (${detail})`,
          );
        }
        if (answer.status >= 300 && answer.status < 400) {
          return this.badResponse(
            `${what}: answered with a redirect (${answer.status}); is ${this.instance.url} the Argo CD server, without a login proxy in front?`,
          );
        }
        return this.badResponse(`${what}: ${detail}`);
    }
  }

  /** `<status>: <message of the runtimeError body>`, single line, bounded, redacted. */
  statusDetail(answer: Answer): string {
    let message = '';
    try {
      const body = JSON.parse(answer.text) as ArgoRuntimeError;
      if (isPlainObject(body)) {
        const text = body.message || body.error;
        if (typeof text === 'string') message = text;
      }
    } catch {
      // Not a runtimeError (e.g. a proxy's HTML page): the status alone.
    }
    message = this.redact(message).replace(CONTROL_CHARACTERS, ' ').trim();
    if (message.length > 200) message = `${message.slice(0, 197)}...`;
    return message ? `${answer.status}: ${message}` : `HTTP ${answer.status}`;
  }

  /** Removes the instance's credentials, token-like strings and URL credentials from a text. */
  redact(text: string): string {
    let result = text;
    const auth = this.instance.auth;
    const secrets =
      auth.type === 'token' ? [auth.token] : [auth.password, this.session()];
    for (const secret of secrets) {
      if (secret && secret.length >= 4)
        result = result.split(secret).join('***');
    }
    return redactUrls(result).replace(JWT_LIKE, '***');
  }

  badResponse(what: string): DesiredStateError {
    return new DesiredStateError(
      'BAD_RESPONSE',
      `Argo CD instance '${this.instance.name}' answered badly: ${what}`,
    );
  }

  timeout(what: string): DesiredStateError {
    return new DesiredStateError(
      'TIMEOUT',
      `Argo CD instance '${this.instance.name}' did not answer in time while reading ${what}`,
    );
  }
}
