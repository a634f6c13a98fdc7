export {
  createCiTestsCheck,
  readCiTestsOptions,
  type CiTestsCheckOptions,
  type CiTestsOptions,
} from './CiTestsCheck';
export { deployedRevision, type DeployedRevision } from './revision';
