/*
 * The Trivy Operator's reports (`aquasecurity.github.io/v1alpha1`): reading them (`reports.ts`),
 * the containers they stand for (`workloads.ts`), their text made safe (`text.ts`), exposed
 * secrets (`secrets.ts`), what the live source keeps (`strip.ts`) and base-image facts
 * (`baseImages.ts`).
 */
export * from './reports';
export * from './workloads';
export * from './text';
export * from './secrets';
export * from './strip';
export * from './baseImages';
