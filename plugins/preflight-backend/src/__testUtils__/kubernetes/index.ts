export * from './KubernetesApiSimulator';
export * as fixtures from './fixtures';
export { parseLabelMatcher } from './labelSelector';
export {
  BUILTIN_RESOURCES,
  CUSTOM_RESOURCES,
  type CustomResourceGroup,
  type SimulatedResource,
} from './resources';
