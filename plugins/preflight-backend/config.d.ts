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

    /** Caching of the state read from clusters and repositories. */
    cache?: {
      /** How long a source's answer is reused, in seconds (0–3600, default 30). */
      ttlSeconds?: number;
    };

    /** Reading live state from clusters. */
    live?: {
      /** Items per list request (`limit`), default 500. */
      pageSize?: number;
      /** Deadline for one environment, in milliseconds (default 5000). */
      timeoutMs?: number;
      /** Concurrent requests per cluster, 1–256 (default 16: one round trip for every kind). */
      concurrency?: number;
      /** Retries on 429/503, with backoff and jitter honouring Retry-After (default 2). */
      retries?: number;
    };

    /** Reading desired state (GitOps manifests). */
    desired?: {
      /**
       * Directories from which manifests of entities registered from local files may be read.
       * Defaults to the directories of the `catalog.locations` of type `file`.
       */
      localRoots?: string[];
    };
  };
}
