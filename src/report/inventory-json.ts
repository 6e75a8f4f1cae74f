import type { Inventory } from '../model/index.js';

/** The `inventory --format json` contract of DESIGN.md, exactly: no extra keys, stable key order. */
export function inventoryToJson(inventory: Inventory): { operations: unknown[] } {
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
  };
}

/** JSON text of {@link inventoryToJson}, newline-terminated. */
export function renderInventoryJson(inventory: Inventory, indent = 2): string {
  return `${JSON.stringify(inventoryToJson(inventory), null, indent)}\n`;
}
