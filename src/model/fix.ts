import type { HttpMethod, Operation, Parameter, Response } from './operation.js';
import type { PiiTag, Schema } from './schema.js';

/**
 * Where a doc fix applies: the operation as the doc writes it. `path` is the doc's own path key (without the doc's
 * base path), so docsync finds `paths[path][method]` directly; for a new operation it is the key to add.
 */
export interface FixTarget {
  /** Entry file of the spec the fix belongs to. */
  spec: string;
  method: HttpMethod;
  path: string;
}

/**
 * A machine-readable fix carried by a finding whose rule can fix it (`Finding.fix`), applied by docsync; `kind`
 * tells the variants apart. Schemas are self-contained: any `$ref` inside points into `schemas`, which carries the named schemas it needs.
 */
export type DocFix =
  | (FixTarget & { kind: 'add-operation'; operation: Operation; schemas: Record<string, Schema> })
  | (FixTarget & { kind: 'add-parameter'; parameter: Parameter; schemas: Record<string, Schema> })
  | (FixTarget & { kind: 'add-response'; response: Response; schemas: Record<string, Schema> })
  | (FixTarget & {
      kind: 'add-field';
      /** `request` body, or a response status. */
      in: 'request' | 'response';
      status?: string;
      mediaType: string;
      /** Dotted path of the new property (`address.postalCode`, arrays as `[]`). */
      field: string;
      schema: Schema;
      required: boolean;
      schemas: Record<string, Schema>;
    })
  | (FixTarget & {
      kind: 'mark-pii';
      in: 'request' | 'response' | 'parameter';
      status?: string;
      field: string;
      pii: PiiTag;
    })
  | (FixTarget & { kind: 'deprecate-operation' })
  | (FixTarget & { kind: 'remove-operation' });
