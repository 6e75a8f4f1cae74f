import type { Inventory } from '../../src/model/index.js';

/** The clinic example's inventory as the views would report it, plus awkward paths for escaping. */
export function clinicInventory(): Inventory {
  return {
    operations: [
      {
        method: 'GET',
        path: '/patients/{id}',
        sources: ['documented', 'implemented'],
        evidence: [
          { source: 'documented', file: 'openapi.yaml', line: 12 },
          { source: 'implemented', file: 'src/routes/patients.ts', line: 40, framework: 'express' },
        ],
        security: [],
        pii: [
          { field: 'response.200.ssn', category: 'ssn', hipaa: 'G', phi: true, confidence: 0.97, documented: false },
          { field: 'response.200.birthDate', category: 'birth-date', hipaa: 'C', phi: true, confidence: 0.95 },
        ],
      },
      {
        method: 'POST',
        path: '/patients',
        sources: ['documented', 'implemented', 'observed'],
        evidence: [
          { source: 'observed', count: 1204, firstSeen: '2025-06-01T00:00:00Z', lastSeen: '2025-06-30T00:00:00Z' },
        ],
        security: ['bearerAuth'],
        pii: [{ field: 'request.email', category: 'email', hipaa: 'F', phi: false, confidence: 0.83 }],
        observedWithoutAuth: 0,
      },
      {
        method: 'GET',
        path: '/search/a,"b"',
        sources: ['observed'],
        evidence: [],
        security: ['bearerAuth'],
        pii: [],
      },
      {
        method: 'DELETE',
        path: '/tags/a|b',
        sources: ['implemented'],
        evidence: [],
        security: ['bearerAuth'],
        pii: [],
      },
    ],
  };
}
