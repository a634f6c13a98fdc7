/**
 * Flux: which Kustomization or HelmRelease applies a component, and what it reports about it.
 *
 * - **Matching, by labels.** kustomize-controller labels every object it applies with
 *   `kustomize.toolkit.fluxcd.io/name` and `kustomize.toolkit.fluxcd.io/namespace`, helm-controller
 *   with `helm.toolkit.fluxcd.io/name` and `helm.toolkit.fluxcd.io/namespace`. The labels are taken
 *   from the component's workloads in the live state (Deployments, StatefulSets, DaemonSets, Jobs,
 *   CronJobs, Argo Rollouts), in the state's order; a workload with both pairs is the
 *   HelmRelease's (the closer owner). Values that are not valid Kubernetes names are ignored. The
 *   first Flux object named is the one read; when the workloads name several, the message says so.
 * - **Served versions** come from the cluster's API discovery (already made for custom
 *   resources): `kustomize.toolkit.fluxcd.io` v1 (else v1beta2), `helm.toolkit.fluxcd.io` v2 (else
 *   v2beta2, v2beta1). A group the cluster does not serve means no Flux there: no delivery status
 *   and no request.
 * - **Mapping** of the Flux object to a {@link DeliveryStatus}: see {@link fluxDelivery}.
 * - **Memory**: a Flux object is reduced to its delivery status as soon as it is received.
 */
// The code lives in fluxKinds (kinds, served versions, owner matching), fluxDelivery (mapping a
// Flux object to a DeliveryStatus) and fluxIndex (the outcome and the snapshot index); this module
// re-exports them for the live source.
export {
  FLUX_KINDS,
  fluxLiveKind,
  fluxOwnerKey,
  fluxOwnerName,
  fluxOwnersOf,
  servedFluxVersion,
  type FluxKind,
  type FluxKindName,
  type FluxOwner,
} from './fluxKinds';
export {
  copyDelivery,
  fluxDelivery,
  MAX_HISTORY,
  MAX_MESSAGE_LENGTH,
  sanitizeFluxMessage,
} from './fluxDelivery';
export {
  FluxIndex,
  fluxListingKey,
  fluxOutcome,
  isObjectNotFound,
  type FluxLookup,
  type FluxNamespaceListing,
  type FluxOutcome,
} from './fluxIndex';
