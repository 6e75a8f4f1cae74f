/** A scalar a YAML document sets (`null` included). */
export type YamlScalar = string | number | boolean | null;

/**
 * Most values one YAML document gives: js-yaml shares an aliased node instead of copying it, so a walk over a "billion
 * laughs" file would visit exponentially many paths; past this many the walk stops.
 */
const MAX_FLATTENED = 100_000;

/**
 * Hands each scalar of a parsed YAML document to `visit` under its dotted key (`server.auth.enabled`); a sequence's
 * items are `key[0]`, `key[1]`, … (the form Spring gives an indexed property in a `.properties` file). Bounded, since
 * the documents come from the checkout.
 */
export function flattenYaml(
  value: unknown,
  visit: (key: string, scalar: YamlScalar) => void,
  prefix = '',
  budget = { left: MAX_FLATTENED },
): void {
  if (value === undefined || --budget.left < 0) return;
  if (Array.isArray(value))
    value.forEach((item, i) => {
      flattenYaml(item, visit, `${prefix}[${i}]`, budget);
    });
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flattenYaml(v, visit, prefix ? `${prefix}.${k}` : k, budget);
  else if (prefix !== '') visit(prefix, value as YamlScalar);
}
