import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { KubernetesRequestAuth } from '@backstage/plugin-kubernetes-common';
import type {
  CheckOutcome,
  CheckResult,
  CheckStatus,
  EntityReadiness,
  EnvironmentReadiness,
  EnvironmentState,
  ReadinessVerdict,
  Waiver,
} from '@preflight/plugin-preflight-common';
import type {
  PreflightCheck,
  PreflightCheckContext,
} from '@preflight/plugin-preflight-node';
import { matchesFilter, type CheckSettings } from './settings';
import { CheckDeadline } from './checkDeadline';
import { withoutVacuousPass } from './vacuous';
import { unreadKindsResult } from './unreadKinds';
import type { LiveSnapshots } from '../service/EnvironmentStateService';

const STATUSES: CheckStatus[] = [
  'pass',
  'warn',
  'fail',
  'unknown',
  'not-applicable',
];

/** Sources of what the engine needs; the services implement them. */
export interface ReadinessEngineOptions {
  checks: () => PreflightCheck[];
  settings: Map<string, CheckSettings>;
  states: {
    getStates(
      entity: Entity,
      opts?: {
        refresh?: boolean;
        snapshots?: LiveSnapshots;
        auth?: KubernetesRequestAuth;
      },
    ): Promise<EnvironmentState[]>;
  };
  waivers: { listActive(entityRef: string, now: Date): Promise<Waiver[]> };
  logger: LoggerService;
  /** Per-check deadline in milliseconds. */
  checkTimeoutMs?: number;
  now?: () => Date;
}

/**
 * Evaluates the checklist of an entity for every environment of the promotion path.
 *
 * - A check that throws or exceeds its deadline is `unknown` with the reason, never a crash.
 * - No check passes on nothing: a `pass`/`warn` over zero subjects is `unknown` (see
 *   `withoutVacuousPass`).
 * - A check whose `requiredKinds` the live state could not read is `unknown`, naming the kinds
 *   (see `unreadKindsResult`).
 * - An environment whose live state is in error never reports a check as passed: `pass` and
 *   `warn` become `unknown` there, saying why.
 * - A waiver that has not expired makes its check not count against the verdict; it stays
 *   visible on the outcome.
 */
export class ReadinessEngine {
  constructor(private readonly options: ReadinessEngineOptions) {}

  /**
   * The readiness of every environment of the entity (or of `environment` only). `snapshots`:
   * live snapshots to answer live state from (the catalog-wide run takes them once for all
   * entities); the states are read once and handed to every check. `waivers`: the entity's
   * active waivers as the caller loaded them a moment ago (the catalog-wide run loads a page's
   * with one query); those that have expired since are left out. Without it, they are read.
   */
  async evaluate(
    entity: Entity,
    opts: {
      refresh?: boolean;
      environment?: string;
      snapshots?: LiveSnapshots;
      waivers?: readonly Waiver[];
      /** The signed-in user's Kubernetes provider tokens (see `EnvironmentStateService`). */
      auth?: KubernetesRequestAuth;
      /**
       * `status`: the caller keeps each check's status and summary only (the catalog-wide run
       * records no more), and checks may skip building details, evidence and remediation (see
       * `PreflightCheckContext.detail`). Default `full`.
       */
      detail?: 'full' | 'status';
    } = {},
  ): Promise<EntityReadiness> {
    const now = (this.options.now ?? (() => new Date()))();
    const entityRef = stringifyEntityRef(entity);
    const [path, waivers] = await Promise.all([
      this.options.states.getStates(entity, {
        refresh: opts.refresh,
        snapshots: opts.snapshots,
        auth: opts.auth,
      }),
      opts.waivers
        ? opts.waivers.filter(w => Date.parse(w.expiresAt) > now.getTime())
        : this.options.waivers.listActive(entityRef, now),
    ]);

    const environments = await Promise.all(
      path
        .filter(
          s => !opts.environment || s.environment.name === opts.environment,
        )
        .map(state =>
          this.evaluateEnvironment(entity, state, path, waivers, opts.detail),
        ),
    );
    return { entityRef, evaluatedAt: now.toISOString(), environments };
  }

  private async evaluateEnvironment(
    entity: Entity,
    state: EnvironmentState,
    path: EnvironmentState[],
    waivers: Waiver[],
    detail: 'full' | 'status' | undefined,
  ): Promise<EnvironmentReadiness> {
    const outcomes: CheckOutcome[] = [];
    const deadline = new CheckDeadline(this.options.checkTimeoutMs ?? 10_000);
    try {
      for (const check of this.options.checks()) {
        const settings = this.options.settings.get(check.id);
        if (!settings?.enabled) {
          continue;
        }
        const result = await this.run(
          check,
          settings,
          entity,
          state,
          path,
          detail,
          deadline,
        );
        const waiver = waivers.find(
          w =>
            w.checkId === check.id && w.environment === state.environment.name,
        );
        outcomes.push({
          id: check.id,
          title: check.title,
          severity: settings.severity,
          ...result,
          ...(waiver ? { waiver } : {}),
        });
      }
    } finally {
      deadline.dispose();
    }
    return {
      environment: state.environment.name,
      ...verdictOf(outcomes),
      checks: outcomes,
    };
  }

  private async run(
    check: PreflightCheck,
    settings: CheckSettings,
    entity: Entity,
    state: EnvironmentState,
    path: EnvironmentState[],
    detail: 'full' | 'status' | undefined,
    deadline: CheckDeadline,
  ): Promise<CheckResult> {
    if (
      !matchesFilter(entity, settings.appliesTo) ||
      (check.isApplicable && !check.isApplicable(entity))
    ) {
      return {
        status: 'not-applicable',
        summary: 'Does not apply to this entity',
      };
    }
    const unread = unreadKindsResult(check, state);
    if (unread) return unread;
    let result: CheckResult;
    try {
      result = await deadline.run(signal => {
        const context: PreflightCheckContext = {
          entity,
          environment: state.environment,
          state,
          path,
          config: settings.config,
          signal,
        };
        if (detail) context.detail = detail;
        return check.evaluate(context);
      });
    } catch (error) {
      this.options.logger.warn(
        `Check ${check.id} failed for ${stringifyEntityRef(entity)} in ${
          state.environment.name
        }: ${(error as Error).message}`,
      );
      result = {
        status: 'unknown',
        summary: `The check could not be evaluated: ${
          (error as Error).message
        }`,
      };
    }
    result = withoutVacuousPass(result, state);

    if (
      state.live.status === 'error' &&
      (result.status === 'pass' || result.status === 'warn')
    ) {
      const reason = state.live.error?.reason ?? 'error';
      return {
        ...result,
        status: 'unknown',
        summary: `Live state unavailable (${reason}); not confirmed: ${result.summary}`,
        details: [
          `The cluster of ${state.environment.name} answered with ${reason}: ${
            state.live.error?.message ?? ''
          }`,
          result.details,
        ]
          .filter(Boolean)
          .join('\n\n'),
      };
    }
    return result;
  }
}

/**
 * The verdict and score of an environment from its outcomes. Blocking checks decide the verdict:
 * any failing → not-ready; else any unknown → unknown; else ready. A waived check does not count.
 * Score: the share of applicable checks that pass (warn counts half; waived counts as passed).
 */
export function verdictOf(outcomes: CheckOutcome[]): {
  verdict: ReadinessVerdict;
  score: number;
  counts: Record<CheckStatus, number>;
} {
  const counts = Object.fromEntries(STATUSES.map(s => [s, 0])) as Record<
    CheckStatus,
    number
  >;
  let verdict: ReadinessVerdict = 'ready';
  let points = 0;
  let applicable = 0;
  for (const o of outcomes) {
    counts[o.status]++;
    if (o.status === 'not-applicable') continue;
    applicable++;
    if (o.waiver || o.status === 'pass') points += 1;
    else if (o.status === 'warn') points += 0.5;
    if (o.severity !== 'blocking' || o.waiver) continue;
    if (o.status === 'fail') verdict = 'not-ready';
    else if (o.status === 'unknown' && verdict === 'ready') verdict = 'unknown';
  }
  const score =
    applicable === 0 ? 100 : Math.round((100 * points) / applicable);
  return { verdict, score, counts };
}
