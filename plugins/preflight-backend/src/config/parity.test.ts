import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import {
  DEFAULT_DESIRED_VS_LIVE_EXPECTED,
  DEFAULT_EXPECTED,
} from '@preflight/plugin-preflight-node';
import { readParitySettings } from './parity';

const read = (parity: JsonValue) =>
  readParitySettings(new ConfigReader({ preflight: { parity } }));

describe('readParitySettings', () => {
  it('leaves the engine defaults alone without preflight.parity', () => {
    expect(readParitySettings(new ConfigReader({}))).toEqual({
      environments: {},
      desiredVsLive: {},
    });
  });

  it('adds configured expectations to the defaults of both comparisons', () => {
    const settings = read({
      expected: [
        { attribute: 'resources.limits.memory', reason: 'Sized per cluster' },
        { attribute: 'annotation:example.com/*' },
      ],
      ignore: ['label:team'],
      replicas: { min: 1, max: 10 },
    });
    expect(settings.environments).toEqual({
      expected: [
        ...DEFAULT_EXPECTED,
        { attribute: 'resources.limits.memory', reason: 'Sized per cluster' },
        { attribute: 'annotation:example.com/*' },
      ],
      ignore: ['label:team'],
      replicas: { min: 1, max: 10 },
    });
    expect(settings.desiredVsLive.expected).toEqual([
      ...DEFAULT_DESIRED_VS_LIVE_EXPECTED,
      { attribute: 'resources.limits.memory', reason: 'Sized per cluster' },
      { attribute: 'annotation:example.com/*' },
    ]);
  });

  it('replaces the compared label and annotation keys, in both comparisons', () => {
    const settings = read({
      labels: ['app.kubernetes.io/*', 'example.com/tier'],
      annotations: [],
    });
    for (const options of [settings.environments, settings.desiredVsLive]) {
      expect(options).toEqual({
        labels: ['app.kubernetes.io/*', 'example.com/tier'],
        annotations: [],
      });
    }
  });

  it.each([
    [{ labels: ['team', ' '] }, "'preflight.parity.labels[1]'"],
    [{ annotations: [''] }, "'preflight.parity.annotations[0]'"],
    [{ labels: 'team' }, 'preflight.parity.labels'],
    [
      { expected: [{ reason: 'no attribute' }] },
      "'preflight.parity.expected[0].attribute'",
    ],
    [
      { expected: [{ attribute: 'replicas' }, { attribute: ' ' }] },
      "'preflight.parity.expected[1].attribute'",
    ],
    [{ expected: [{ attribute: '*' }] }, 'would hide all drift'],
    [{ ignore: ['label:x', ''] }, "'preflight.parity.ignore[1]'"],
    [{ ignore: 'label:x' }, 'preflight.parity.ignore'],
    [{ replicas: { min: -1 } }, "'preflight.parity.replicas.min'"],
    [{ replicas: { max: 2.5 } }, "'preflight.parity.replicas.max'"],
    [{ replicas: { min: 5, max: 2 } }, 'min (5) is greater than max (2)'],
  ])('rejects %j, naming the key', (parity, message) => {
    expect(() => read(parity as JsonValue)).toThrow(message);
  });
});
