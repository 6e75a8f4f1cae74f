// Keys of shape records come from traffic (header, query, field, media type names): lookups must not reach
// Object.prototype, and `__proto__` must never be assigned.

/** The record's own entry for `key`, never an inherited one. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether a traffic-supplied name may be used as a record key. */
export function isSafeKey(key: string): boolean {
  return key !== '__proto__';
}

/** Adds `n` to a counter. */
export function bump(record: Record<string, number>, key: string, n = 1): void {
  if (key === '__proto__') return;
  record[key] = (own(record, key) ?? 0) + n;
}

/** The record's own entry for `key`, created with `make` when absent; undefined for an unsafe key. */
export function slot<T>(record: Record<string, T>, key: string, make: () => T): T | undefined {
  if (key === '__proto__') return undefined;
  let value = own(record, key);
  if (value === undefined) {
    value = make();
    record[key] = value;
  }
  return value;
}
