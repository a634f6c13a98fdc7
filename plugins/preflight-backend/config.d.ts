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
       * Name of a cluster of `kubernetes.clusterLocatorMethods`: a `config` cluster, `local`
       * (`localKubectlProxy`), or the `metadata.name` of a catalog `Resource` of `spec.type:
       * kubernetes-cluster` when a `catalog` locator is configured. When absent, only the desired
       * state (manifests) is evaluated for this environment.
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
      /**
       * Items per list request (`limit`), 1–10000. Unset: one entity's read asks for up to 10000
       * objects of a kind at once (a component's Pods in one round trip) and the catalog-wide
       * listing for 500; set: both use it.
       */
      pageSize?: number;
      /** Deadline for one environment, in milliseconds (default 5000). */
      timeoutMs?: number;
      /** Concurrent requests per cluster, 1–256 (default 16: one round trip for every kind). */
      concurrency?: number;
      /** Retries on 429/503, with backoff and jitter honouring Retry-After (default 2). */
      retries?: number;
      /**
       * Deadline of one live snapshot, in milliseconds (100–1800000, default 60000): the
       * catalog-wide re-evaluation lists every kind once per environment (all components at once,
       * all pages), which takes longer than one component's read.
       */
      snapshotTimeoutMs?: number;
      /**
       * The watch cache: one list and watch per kind and cluster, started on the cluster's first
       * read and kept while the backend runs, so that a component's views are answered from memory
       * without a request. A read it cannot answer (a kind not synced or denied, a cluster over its
       * bound, a watch down for longer than `maxStalenessMs`) goes to the cluster as without it.
       * Clusters read with the signed-in user's token (google, oidc, aks) are never watched.
       */
      watch?: {
        /** Whether clusters are watched (default false). */
        enabled?: boolean;
        /**
         * The namespaces watched (one watch per kind and namespace); unset: all namespaces (one
         * watch per kind). Components in other namespaces are read from the cluster.
         */
        namespaces?: string[];
        /**
         * Objects held per cluster at most, all kinds together (1–10000000, default 50000); over
         * it the cluster is no longer watched (logged once) and its reads go to the cluster.
         */
        maxObjectsPerCluster?: number;
        /**
         * How long after a kind's last confirmation (an event, a bookmark, a relist or a new
         * watch) the cache still answers for it, in milliseconds (1000–3600000, default 120000);
         * the server ends each watch within half of it, so a quiet kind is confirmed in time.
         */
        maxStalenessMs?: number;
      };
    };

    /**
     * Registries the image-tagged check queries (OCI distribution API) to verify that an image
     * reference exists. Images of other registries are reported as not verified.
     */
    registries?: Array<{
      /** Registry host as written in image references, e.g. `ghcr.io`. */
      host: string;
      /** Base URL; defaults to `https://<host>` (`https://registry-1.docker.io` for docker.io). */
      url?: string;
      /** Allow a plain-http `url`. */
      insecure?: boolean;
      /** Basic credentials for the token endpoint. */
      username?: string;
      /** @visibility secret */
      password?: string;
      /**
       * A static bearer token (instead of username/password).
       * @visibility secret
       */
      token?: string;
    }>;
    /** Deadline of one registry request in milliseconds (100–60000, default 5000). */
    registryTimeoutMs?: number;

    /** Policy rules shared by the checks and the scaffolder action `preflight:policy:validate`. */
    policy?: {
      /**
       * The image tags that count as immutable (`imageTagMutable`, used by `image-tagged`):
       * regular expressions, each matched against the whole tag. Replaces the built-in list
       * (`DEFAULT_IMMUTABLE_TAG_PATTERNS`: semver major.minor.patch with optional `v` and suffix,
       * date stamps, `build-<n>`, commit SHAs of 7–40 hex); `[]` accepts only images pinned by
       * digest. Any other tag is floating (`latest`, `alpine`, `3.19`, `main`) and fails. An
       * invalid expression stops the backend at start-up.
       */
      immutableTags?: string[];
    };

    /**
     * Configuration of the checks, by check id: `ci-tests`, `image-tagged`, `migrations-ready`,
     * `env-configured`, `health-checks`, `monitoring`, `rollback-plan`, `backup-verified`,
     * `environment-parity`, `gitops-sync`, `container-security`, `image-vulnerabilities`,
     * `tls-certificates`, and checks added by modules. An unknown id or setting stops the backend
     * at start-up.
     */
    checks?: {
      [checkId: string]: {
        /** Whether the check runs (default true). */
        enabled?: boolean;
        /** `blocking` checks decide the verdict; `advisory` ones only inform. */
        severity?: 'blocking' | 'advisory';
        /**
         * Thresholds the check declares, e.g. `backup-verified`: `maxBackupAgeHours`,
         * `maxRestoreAgeDays`; `tls-certificates`: `minDaysBeforeExpiry`; `image-vulnerabilities`:
         * `critical` (default 0) and `high` (default 5) vulnerabilities allowed per container,
         * `maxReportAgeHours` (default 168).
         */
        thresholds?: { [name: string]: number };
        /** Evaluate only entities matching every listed field (case-insensitive). */
        appliesTo?: { kind?: string[]; type?: string[]; lifecycle?: string[] };
        /**
         * Check-specific options, e.g. `ci-tests`: `workflows` (names), `timeoutMs`;
         * `image-vulnerabilities`: `ignoreUnfixed` (true: only vulnerabilities with a fixed version
         * count).
         */
        options?: { [name: string]: unknown };
      };
    };

    /** Catalog-wide re-evaluation (Backstage scheduler task definition), or false to disable. */
    schedule?:
      | false
      | {
          frequency: { [unit: string]: number } | string;
          timeout: { [unit: string]: number } | string;
          initialDelay?: { [unit: string]: number } | string;
        };
    evaluation?: {
      /** Entities evaluated concurrently by the scheduled task (1–64, default 4). */
      concurrency?: number;
      /**
       * Parts the catalog-wide evaluation is split into, each a global scheduler task (1–64,
       * default 1). Backend instances that share the plugin's database run different parts at
       * the same time; set it to about the number of instances.
       */
      shards?: number;
    };
    /** Days of readiness history kept (1–3650, default 90). */
    history?: { retentionDays?: number };
    /** How ConfigMap values are returned. */
    configMaps?: {
      /**
       * Keys whose values are shown as they are (e.g. `LOG_LEVEL`, `FEATURE_*`: a trailing `*`
       * matches any rest). Every other value is returned as a digest (`sha256:` + 16 hex of an
       * HMAC with a per-process key): equal values look equal, no value can be read back.
       */
      visibleKeys?: string[];
    };
    /** Longest a waiver may last, in days (1–366, default 90). */
    waivers?: { maxDays?: number };

    /**
     * What counts as an expected difference between environments. Without it:
     * environment-variable values, replica counts and HPA bounds, hosts of URLs, and the version
     * label when the image differs too. An invalid entry stops the backend at start-up.
     */
    parity?: {
      /**
       * Differences that are expected, added to the built-in ones. `attribute` is a glob (`*`
       * only) over the attribute path (`env-value:LOG_LEVEL`, `resources.limits.memory`,
       * `annotation:example.com/*`) or the full row id (`Deployment/web › container app › *`).
       */
      expected?: Array<{
        attribute: string;
        /** Shown as the reason next to the rows it makes expected. */
        reason?: string;
      }>;
      /** Globs (same syntax) of rows left out of the comparison. */
      ignore?: string[];
      /**
       * Globs (`*` only) over the label keys compared, replacing the default
       * `['app.kubernetes.io/*']`; `[]` compares no label.
       */
      labels?: string[];
      /**
       * Globs over the annotation keys compared, replacing the default `['prometheus.io/*']`.
       * Annotations written by the API server or tools (e.g. `last-applied-configuration`) are
       * never compared.
       */
      annotations?: string[];
      /**
       * Replica counts and HPA bounds are expected to differ only while every value is within
       * these bounds (inclusive); outside them the difference is drift.
       */
      replicas?: { min?: number; max?: number };
    };

    /** Reading desired state (GitOps manifests). */
    desired?: {
      /**
       * Directories from which manifests of entities registered from local files may be read.
       * Defaults to the directories of the `catalog.locations` of type `file`.
       */
      localRoots?: string[];
      /**
       * Deadline of reading one environment's desired state, in ms (100–300000, default
       * 15000); past it the environment's desired state is a `TIMEOUT` error.
       */
      timeoutMs?: number;
      /**
       * Building Kustomize overlays: a manifests directory holding `kustomization.yaml`,
       * `kustomization.yml` or `Kustomization` is built with the real kustomize, not parsed file
       * by file. Helm charts (`Chart.yaml`) are not rendered (an `UNSUPPORTED_LAYOUT` error).
       */
      kustomize?: {
        /**
         * The executable, a name looked up on PATH or an absolute path, without arguments:
         * `kustomize` (run as `kustomize build DIR`) or `kubectl` (run as `kubectl kustomize DIR`).
         * Default: the first of `kustomize` and `kubectl` found on PATH.
         */
        command?: string;
        /** Deadline of one build, in milliseconds (100–600000, default 10000). */
        timeoutMs?: number;
        /** Largest build output accepted, in bytes (1024–268435456, default 8388608). */
        maxOutputBytes?: number;
        /**
         * Whether kustomizations may refer to remote bases and components (git or HTTP URLs),
         * which kustomize then fetches. Default false: such overlays are refused (`FORBIDDEN`).
         */
        allowRemoteBases?: boolean;
      };
    };

    /**
     * The Argo CD source of desired state: for entities annotated `argocd/app-name` or
     * `argocd/app-selector`, the manifests Argo CD rendered, with sync, health and history, from
     * the instances of `argocd.appLocatorMethods`. An Application maps to an environment, in this
     * order: (1) its label `environmentLabel` equals the environment's name; (2) else its
     * `spec.destination.namespace` equals the environment's namespace, when exactly one
     * Application's does; (3) else its name ends with `-<environment name>`.
     */
    argocd?: {
      /** The Application label naming its environment, a label key (default `environment`). */
      environmentLabel?: string;
      /** Requests in flight per Argo CD instance, 1–64 (default 8). */
      concurrency?: number;
    };
  };

  /** Argo CD instances, configured as the community Argo CD plugins do. */
  argocd?: {
    /** A local Argo CD account for the instances that have no credentials of their own. */
    username?: string;
    /**
     * The password of `argocd.username`.
     * @visibility secret
     */
    password?: string;
    appLocatorMethods?: Array<{
      /** Only `config` (instances listed here) is supported. */
      type: 'config';
      instances?: Array<{
        /**
         * Name of the instance, used by the `argocd/instance-name` annotation; the first
         * instance is the default.
         */
        name: string;
        /** Base URL of the Argo CD server (API and UI), e.g. `https://argocd.example.com`. */
        url: string;
        /**
         * An Argo CD API token (of an account or a project role), used instead of a username and
         * password.
         * @visibility secret
         */
        token?: string;
        /** A local Argo CD account, logged in with `POST /api/v1/session`. */
        username?: string;
        /**
         * The account's password.
         * @visibility secret
         */
        password?: string;
      }>;
    }>;
  };
}
