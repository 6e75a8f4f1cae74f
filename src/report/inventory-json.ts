import type { InputNotice, Inventory } from '../model/index.js';
import { noticesToJson } from './findings-json.js';

/**
 * The `inventory --format json` contract of DESIGN.md, exactly: no extra keys, stable key order; `notices` (inputs
 * not read) is added when given.
 */
export function inventoryToJson(
  inventory: Inventory,
  notices?: readonly InputNotice[],
): { operations: unknown[]; notices?: InputNotice[] } {
  return {
    operations: inventory.operations.map((op) => ({
      method: op.method,
      path: op.path,
      sources: op.sources,
      evidence: op.evidence,
      security: op.security,
      auth: {
        documented: op.auth?.documented ?? null,
        implemented: op.auth?.implemented ?? null,
        observed: op.auth?.observed ?? null,
      },
      pii: op.pii.map((f) => {
        const field: Record<string, unknown> = { field: f.field, category: f.category };
        if (f.hipaa !== undefined) field.hipaa = f.hipaa;
        field.phi = f.phi;
        field.confidence = f.confidence;
        return field;
      }),
    })),
    ...(notices ? { notices: noticesToJson(notices) } : {}),
  };
}

/** JSON text of {@link inventoryToJson}, newline-terminated. */
export function renderInventoryJson(inventory: Inventory, notices?: readonly InputNotice[]): string {
  return `${JSON.stringify(inventoryToJson(inventory, notices), null, 2)}\n`;
}
