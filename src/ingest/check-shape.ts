import type { ExchangeShape } from '../sources/traffic/index.js';

const SEGMENT_KINDS = new Set([
  'static',
  'int',
  'uuid',
  'ulid',
  'objectid',
  'hash',
  'date',
  'email',
  'ip',
  'phone',
  'ssn',
  'token',
  'opaque',
  'other',
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isShortString = (value: unknown, max = 256): value is string => typeof value === 'string' && value.length <= max;

const isStringArray = (value: unknown): boolean =>
  Array.isArray(value) && value.length <= 512 && value.every((item) => isShortString(item));

function isBodyShape(value: unknown): boolean {
  return value === undefined || (isRecord(value) && isShortString(value.mediaType) && typeof value.size === 'number');
}

/**
 * Whether a shape received over the network has the structure the accumulators expect. Ingestion is not trusted:
 * a shape that merely claims `shape: 1` must not plant arbitrary structures in the store.
 */
export function isWellFormedShape(value: unknown): value is ExchangeShape {
  if (!isRecord(value) || value.shape !== 1) return false;
  if (typeof value.method !== 'string' || !/^[A-Z][A-Z-]{0,19}$/.test(value.method)) return false;
  if (!Array.isArray(value.segments) || value.segments.length > 64) return false;
  for (const segment of value.segments) {
    if (!isRecord(segment) || typeof segment.kind !== 'string' || !SEGMENT_KINDS.has(segment.kind)) return false;
    if (segment.kind === 'static' ? !isShortString(segment.text) : segment.text !== undefined) return false;
    if (segment.ext !== undefined && !isShortString(segment.ext, 16)) return false;
    if (segment.h !== undefined && !Number.isInteger(segment.h)) return false;
  }
  if (!Number.isInteger(value.status) || (value.status as number) < 0 || (value.status as number) > 999) return false;
  if (typeof value.time !== 'string' || Number.isNaN(Date.parse(value.time))) return false;
  if (!isRecord(value.query) || !isStringArray(value.requestHeaders) || !isStringArray(value.responseHeaders))
    return false;
  if (!Array.isArray(value.auth) || !value.auth.every(isRecord) || typeof value.credentials !== 'boolean') return false;
  if (value.origin !== undefined && !isShortString(value.origin)) return false;
  if (value.template !== undefined && !isShortString(value.template, 2048)) return false;
  return isBodyShape(value.request) && isBodyShape(value.response);
}
