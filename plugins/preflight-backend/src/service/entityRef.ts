import { InputError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';

// Entity kind, namespace and name as the catalog accepts them (catalog-model's default validators).
const KIND = /^[a-zA-Z][a-z0-9A-Z]*$/;
const NAMESPACE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;

/**
 * Validates the `{kind}/{namespace}/{name}` path parameters of the API and returns the
 * entity ref. Malformed values are a 400 naming the parameter, never passed on.
 */
export function parseEntityRefParams(params: {
  kind?: string;
  namespace?: string;
  name?: string;
}): string {
  const { kind = '', namespace = '', name = '' } = params;
  if (!KIND.test(kind) || kind.length > 63) {
    throw new InputError(`Invalid entity kind in path parameter 'kind'`);
  }
  if (!NAMESPACE.test(namespace) || namespace.length > 63) {
    throw new InputError(
      `Invalid entity namespace in path parameter 'namespace'`,
    );
  }
  if (!NAME.test(name) || name.length > 63) {
    throw new InputError(`Invalid entity name in path parameter 'name'`);
  }
  return stringifyEntityRef({ kind, namespace, name });
}
