/**
 * The parts of Argo CD's REST API (`assets/swagger.json` of argoproj/argo-cd) this source reads.
 * Every field is optional: the answers are parsed defensively. Times are RFC 3339 strings on the
 * wire (`v1Time`); int64 fields such as a history `id` arrive as numbers or strings.
 */

/** `v1alpha1ApplicationSource` (the fields used). */
export interface ArgoApplicationSource {
  repoURL?: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
}

/** `v1alpha1Application`. */
export interface ArgoApplication {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: {
    project?: string;
    source?: ArgoApplicationSource;
    /** Multi-source applications (Argo CD 2.6+). */
    sources?: ArgoApplicationSource[];
    destination?: { server?: string; name?: string; namespace?: string };
  };
  status?: ArgoApplicationStatus;
}

/** `v1alpha1ApplicationStatus`. */
export interface ArgoApplicationStatus {
  /** `v1alpha1SyncStatus` */
  sync?: {
    status?: string;
    revision?: string;
    /** Multi-source applications. */
    revisions?: string[];
  };
  /** `v1alpha1HealthStatus` */
  health?: { status?: string; message?: string };
  /** `v1alpha1RevisionHistory`, oldest first. */
  history?: ArgoRevisionHistory[];
  /** `v1alpha1OperationState` */
  operationState?: {
    phase?: string;
    message?: string;
    startedAt?: unknown;
    finishedAt?: unknown;
    syncResult?: { revision?: string; revisions?: string[] };
  };
  /** `v1alpha1ApplicationCondition` */
  conditions?: Array<{ type?: string; message?: string }>;
  sourceType?: string;
  sourceTypes?: string[];
}

/** `v1alpha1RevisionHistory`. */
export interface ArgoRevisionHistory {
  id?: number | string;
  revision?: string;
  revisions?: string[];
  deployedAt?: unknown;
  deployStartedAt?: unknown;
}

/** `v1alpha1ApplicationList`. `items` is `null` when no application matches. */
export interface ArgoApplicationList {
  items?: ArgoApplication[] | null;
}

/** `repositoryManifestResponse`: every manifest is the JSON of one object. */
export interface ArgoManifestResponse {
  manifests?: string[] | null;
  namespace?: string;
  server?: string;
  revision?: string;
  sourceType?: string;
}

/** `runtimeError`, the body of every error answer (`error` is absent in newer versions). */
export interface ArgoRuntimeError {
  error?: string;
  code?: number;
  message?: string;
}

/** `sessionSessionResponse`. */
export interface ArgoSessionResponse {
  token?: string;
}
