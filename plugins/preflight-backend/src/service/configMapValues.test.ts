import { ConfigReader } from '@backstage/config';
import { MASKED_VALUE } from '@preflight/plugin-preflight-common';
import { ConfigMapValues } from './configMapValues';

const configMap = (data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'app-config' },
  data,
});

describe('ConfigMapValues', () => {
  it('turns values into keyed digests, equal for equal values, and keeps allow-listed keys', () => {
    const values = ConfigMapValues.fromConfig(
      new ConfigReader({
        preflight: { configMaps: { visibleKeys: ['LOG_LEVEL', 'FEATURE_*'] } },
      }),
    );
    const [dev, prod, service] = values.apply([
      configMap({
        LOG_LEVEL: 'debug',
        FEATURE_CART: 'on',
        DB_HOST: 'db.dev',
        REGION: 'eu-west-1',
        API_TOKEN: MASKED_VALUE,
      }),
      configMap({ LOG_LEVEL: 'info', DB_HOST: 'db.prod', REGION: 'eu-west-1' }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
    ]);
    expect(dev.data).toMatchObject({
      LOG_LEVEL: 'debug',
      FEATURE_CART: 'on',
      API_TOKEN: MASKED_VALUE,
    });
    expect(dev.data!.DB_HOST).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(JSON.stringify([dev, prod])).not.toMatch(
      /db\.dev|db\.prod|eu-west-1/,
    );
    expect(dev.data!.REGION).toBe(prod.data!.REGION);
    expect(dev.data!.DB_HOST).not.toBe(prod.data!.DB_HOST);
    expect(service).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
    });
  });

  it('keys the digest per instance, so a value cannot be looked up in a dictionary', () => {
    const [a] = new ConfigMapValues().apply([configMap({ ENABLED: 'true' })]);
    const [b] = new ConfigMapValues().apply([configMap({ ENABLED: 'true' })]);
    expect(a.data!.ENABLED).not.toBe(b.data!.ENABLED);
  });

  it('fails at start-up on a key that is not a ConfigMap key name, naming the key', () => {
    expect(() =>
      ConfigMapValues.fromConfig(
        new ConfigReader({
          preflight: { configMaps: { visibleKeys: ['LOG_LEVEL', 'a b'] } },
        }),
      ),
    ).toThrow("Invalid config at 'preflight.configMaps.visibleKeys[1]'");
  });
});
