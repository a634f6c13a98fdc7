/*
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): `<sign><number><suffix>`,
 * where the suffix is binary SI (`Ki` … `Ei`), decimal SI (`n`, `u`, `m`, `k`, `M` … `E`) or a
 * decimal exponent (`e3`, `E-2`). One reading for the scaffolder's inputs and the parity engine.
 */

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * A Kubernetes quantity, e.g. `100m`, `0.5`, `128Mi`, `1e3`, `-2` (a resource request or limit
 * is never negative: see {@link UNSIGNED_QUANTITY}).
 *
 * @public
 */
export const QUANTITY =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d{1,3}))?$/;

/**
 * A Kubernetes quantity without a sign, as resources are written.
 *
 * @public
 */
export const UNSIGNED_QUANTITY = new RegExp(
  `^(?![+-])${QUANTITY.source.slice(1)}`,
);

/**
 * The numeric value of a quantity (`500m` → 0.5, `1Ki` → 1024, `1e3` → 1000); `NaN` when the
 * text is not a quantity.
 *
 * @public
 */
export function parseQuantity(text: string): number {
  const match = QUANTITY.exec(text.trim());
  if (!match) return NaN;
  const [, sign, number, suffix, exponent] = match;
  const value =
    Number(number) * (suffix ? SUFFIX[suffix] : 10 ** Number(exponent ?? 0));
  return sign === '-' ? -value : value;
}

/**
 * The numeric value of a quantity as a comparable string (`500m` and `0.5` give the same), or
 * the text itself when it is not a quantity.
 *
 * @public
 */
export function quantityKey(value: unknown): string {
  const text = String(value).trim();
  const n = parseQuantity(text);
  return Number.isFinite(n) ? String(Number(n.toPrecision(12))) : text;
}
