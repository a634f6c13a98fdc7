import type {
  RecordedRequest,
  SimulatedFault,
} from '../../src/__testUtils__/kubernetes';

/** One simulated cluster to serve. */
export interface ClusterSpec {
  name: string;
  token?: string;
  delayMs?: number;
  customResourceGroups?: string[];
  /** Namespace of the `componentIds` objects. */
  namespace?: string;
  /**
   * Components whose typical objects (`fixtures.componentObjects`) the cluster holds, their Pods
   * as an API server answers them (`pods.ts`).
   */
  componentIds?: string[];
  /** Pods of each of `componentIds`, by id (default 2). */
  pods?: Record<string, number>;
  /** Generated components: a Deployment, a Service and a Pod each, spread over namespaces. */
  catalog?: { components: number; namespaces: number };
}

export type Command =
  | { id: number; type: 'start'; clusters: ClusterSpec[] }
  | { id: number; type: 'requests' }
  | { id: number; type: 'connections' }
  | { id: number; type: 'clear' }
  | { id: number; type: 'memory' }
  | { id: number; type: 'set-delay'; delayMs: number }
  | {
      id: number;
      type: 'set-faults';
      cluster: string;
      faults: SimulatedFault[];
    };

export type Reply = {
  id: number;
  ok: boolean;
  error?: string;
  urls?: Record<string, string>;
  requests?: Record<string, RecordedRequest[]>;
  connections?: Record<string, number>;
  rss?: number;
};

/** The kubernetes-id of the i-th generated catalog component. */
export function catalogId(i: number): string {
  return `svc-${String(i).padStart(5, '0')}`;
}
