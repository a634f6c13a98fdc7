export {
  createRollbackPlanCheck,
  type RollbackPlanCheckOptions,
} from './RollbackPlanCheck';
