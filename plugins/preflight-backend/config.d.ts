export interface Config {
  /** Configuration of the Preflight plugins. */
  preflight?: {
    /**
     * The promotion path, in order (e.g. dev, staging, production).
     * Defaults to dev, staging and production with no cluster (desired state only).
     */
    environments?: Array<{
      /**
       * Unique name of the environment, a DNS-1123 label (lowercase letters, digits, '-').
       * Used in `{env}` placeholders of `preflight.dev/manifests` and in API parameters.
       */
      name: string;
      /**
       * Human-readable title. Defaults to the name.
       * @visibility frontend
       */
      title?: string;
      /**
       * Name of a cluster defined in `kubernetes.clusterLocatorMethods` (type `config`).
       * When absent, only the desired state (manifests) is evaluated for this environment.
       */
      cluster?: string;
      /** Default namespace for the environment; entity annotations may override it. */
      namespace?: string;
    }>;
  };
}
