/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expectEqual", "expectInterchangeable"] }] */
import type {
  CheckDefinition,
  CheckEvidence,
  CheckOutcome,
  CreateWaiverRequest,
  DeliveryStatus,
  DesiredVsLiveParity,
  EntityEnvironmentsResponse,
  EntityHistoryResponse,
  EntityParityResponse,
  EntityReadiness,
  EntityWaiversResponse,
  EnvironmentReadiness,
  EnvironmentState,
  ImagePromotion,
  KubernetesObject,
  ParityComparison,
  ParityObjectRef,
  ParityReport,
  ParityRow,
  ParityUnavailable,
  ParityValue,
  PodProblem,
  PodSummary,
  PreflightEnvironment,
  ReadinessHistoryEntry,
  ReadinessOverviewRow,
  ReadinessOverviewResponse,
  ReadinessVerdict,
  SourceState,
  UnreadKind,
  UserTokenNeed,
  Waiver,
} from '../index';
import type { components, operations } from './openapi.generated';

/*
 * The hand-written API types of this package (with their documentation) against the types
 * generated from the backend's openapi.yaml. These assertions are checked by the compiler
 * (`yarn tsc`, which CI runs): when the spec or a type changes without the other, this file no
 * longer compiles. `Equal` is exact: no field may be added, dropped, made optional or retyped on
 * one side only.
 */

type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <
  T,
>() => T extends B ? 1 : 2
  ? true
  : false;

/** The same type written as plain object types: `extends` and intersections flattened. */
type Plain<T> = T extends ReadonlyArray<infer U>
  ? Array<Plain<U>>
  : T extends object
  ? { [K in keyof T]: Plain<T[K]> }
  : T;

type Equal<A, B> = Identical<Plain<A>, Plain<B>>;

/** Compiles only when A and B are the same type. */
function expectEqual<A, B>(proof: Equal<A, B>): Equal<A, B> {
  return proof;
}

/** Compiles only when every A is a B and every B an A. */
function expectInterchangeable<A, B>(
  proof: [A] extends [B] ? ([B] extends [A] ? true : false) : false,
) {
  return proof;
}

type Schemas = components['schemas'];
type Ok<
  Op extends keyof operations,
  Status extends keyof operations[Op]['responses'] = 200 &
    keyof operations[Op]['responses'],
> = operations[Op]['responses'][Status] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;

// KubernetesObject has `spec` and `status` as `any` here, `unknown` in the spec, and is otherwise
// the same: the types that hold objects are compared exactly without those fields, and as a
// whole by assignability both ways.
type WithoutObjects<T, K extends keyof T> = Omit<T, K>;

describe('the API types match openapi.yaml (checked at compile time)', () => {
  it('environments, states and objects', () => {
    expectEqual<PreflightEnvironment, Schemas['Environment']>(true);
    expectInterchangeable<KubernetesObject, Schemas['KubernetesObject']>(true);
    expectEqual<
      WithoutObjects<KubernetesObject, 'spec' | 'status'>,
      WithoutObjects<Schemas['KubernetesObject'], 'spec' | 'status'>
    >(true);
    expectInterchangeable<PodSummary, Schemas['PodSummary']>(true);
    expectInterchangeable<SourceState, Schemas['SourceState']>(true);
    expectInterchangeable<EnvironmentState, Schemas['EnvironmentState']>(true);
    expectEqual<UnreadKind, Schemas['UnreadKind']>(true);
    expectEqual<UserTokenNeed, Schemas['UserTokenNeed']>(true);
    expectEqual<DeliveryStatus, Schemas['DeliveryStatus']>(true);
    expectEqual<PodProblem, Schemas['PodProblem']>(true);
    expectEqual<
      WithoutObjects<PodSummary, 'examples'>,
      WithoutObjects<Schemas['PodSummary'], 'examples'>
    >(true);
    expectEqual<
      WithoutObjects<SourceState, 'objects' | 'pods'>,
      WithoutObjects<Schemas['SourceState'], 'objects' | 'pods'>
    >(true);
    expectEqual<
      WithoutObjects<EnvironmentState, 'live' | 'desired'>,
      WithoutObjects<Schemas['EnvironmentState'], 'live' | 'desired'>
    >(true);
    expectInterchangeable<
      EntityEnvironmentsResponse,
      Ok<'GetEntityEnvironments'>
    >(true);
    expectInterchangeable<KubernetesObject, Ok<'GetEntityEnvironmentObject'>>(
      true,
    );
    expectEqual<
      { environments: PreflightEnvironment[] },
      Ok<'ListEnvironments'>
    >(true);
  });

  it('checks, readiness and history', () => {
    expectEqual<CheckDefinition, Schemas['CheckDefinition']>(true);
    expectEqual<{ checks: CheckDefinition[] }, Ok<'ListChecks'>>(true);
    expectEqual<CheckEvidence, Schemas['CheckEvidence']>(true);
    expectEqual<Waiver, Schemas['Waiver']>(true);
    expectEqual<CheckOutcome, Schemas['CheckOutcome']>(true);
    expectEqual<ReadinessVerdict, Schemas['Verdict']>(true);
    expectEqual<EnvironmentReadiness, Schemas['EnvironmentReadiness']>(true);
    expectEqual<EntityReadiness, Ok<'GetEntityReadiness'>>(true);
    expectEqual<ReadinessHistoryEntry, Schemas['HistoryEntry']>(true);
    expectEqual<EntityHistoryResponse, Ok<'GetEntityHistory'>>(true);
  });

  it('waivers and the overview', () => {
    expectEqual<EntityWaiversResponse, Ok<'ListEntityWaivers'>>(true);
    expectEqual<
      CreateWaiverRequest,
      operations['CreateEntityWaiver']['requestBody']['content']['application/json']
    >(true);
    expectEqual<Waiver, Ok<'CreateEntityWaiver', 201>>(true);
    expectEqual<ReadinessOverviewRow, Schemas['OverviewRow']>(true);
    expectEqual<ReadinessOverviewResponse, Ok<'GetReadinessOverview'>>(true);
  });

  it('parity', () => {
    expectEqual<ParityObjectRef, Schemas['ParityObjectRef']>(true);
    expectEqual<ParityUnavailable, Schemas['ParityUnavailable']>(true);
    expectEqual<
      ParityReport['environments'][number],
      Schemas['ParityEnvironment']
    >(true);
    expectEqual<ParityValue, Schemas['ParityValue']>(true);
    expectEqual<ParityComparison, Schemas['ParityComparison']>(true);
    expectEqual<ParityRow, Schemas['ParityRow']>(true);
    expectEqual<ImagePromotion, Schemas['ImagePromotion']>(true);
    expectEqual<ParityReport, Schemas['ParityReport']>(true);
    expectEqual<
      DesiredVsLiveParity,
      Ok<'GetEntityParity'>['desiredVsLive'][number]
    >(true);
    expectEqual<EntityParityResponse, Ok<'GetEntityParity'>>(true);
  });
});
