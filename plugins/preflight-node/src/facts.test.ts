import type {
  EnvironmentState,
  SourceState,
  UnreadKind,
} from '@preflight/plugin-preflight-common';
import { selectFacts } from './facts';

const secretUnread: UnreadKind = {
  kind: 'Secret',
  apiVersion: 'v1',
  reason: 'FORBIDDEN',
  message: "Preflight may not list Secret (v1) on cluster 'prod' (HTTP 403)",
};
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'app' },
};

function state(live: SourceState, desired: SourceState): EnvironmentState {
  return { environment: { name: 'prod', title: 'prod' }, live, desired };
}

describe('selectFacts', () => {
  it('carries the live unread kinds, and none for the desired state', () => {
    const live: SourceState = {
      status: 'ok',
      objects: [deployment],
      unreadKinds: [secretUnread],
    };
    const desired: SourceState = { status: 'ok', objects: [deployment] };
    expect(selectFacts(state(live, desired))).toMatchObject({
      available: true,
      source: 'live',
      unreadKinds: [secretUnread],
    });
    expect(selectFacts(state(live, desired), 'desired')).toMatchObject({
      available: true,
      source: 'desired',
      unreadKinds: [],
    });
    expect(
      selectFacts(state({ status: 'ok', objects: [deployment] }, desired)),
    ).toMatchObject({ source: 'live', unreadKinds: [] });
  });
});
