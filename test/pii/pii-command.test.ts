import { describe, expect, it } from 'vitest';
import { runSpecwatch } from '../cli/run-cli.js';

/** Runs `specwatch …args` with `stdin` as standard input. */
const run = (args: string[], stdin: string) => runSpecwatch(args, { stdin });

const ndjson = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n');

describe('specwatch pii', () => {
  it('classifies one field per line in input order, never echoing samples', async () => {
    const input = ndjson([
      { path: 'customer.email', type: 'string', samples: ['jane.doe@example.org', 'li.wei@example.net'] },
      { path: 'customer.id', type: 'string', samples: ['cus_9s6XKzkNRiz8i3'] },
      {
        path: 'ssn',
        type: 'string',
        format: null,
        samples: ['219-09-9998', '457-55-5462'],
        operation: 'GET /patients/{id}',
        in: 'response',
      },
      { path: 'orderNumber', type: 'string', samples: ['219099998', '457555462', '512345678'] },
    ]);
    const { code, stdout } = await run(['pii', '--format', 'json'], input);
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.path)).toEqual(['customer.email', 'customer.id', 'ssn', 'orderNumber']);
    expect(rows[0]).toMatchObject({ pii: true, phi: false, category: 'email', hipaa: 'F' });
    expect(rows[1]).toMatchObject({ pii: false, category: null });
    expect(rows[2]).toMatchObject({ pii: true, phi: true, category: 'ssn', hipaa: 'G' });
    expect(rows[3].pii).toBe(false);
    expect(Object.keys(rows[0])).toEqual(['path', 'pii', 'phi', 'category', 'hipaa', 'confidence']);
    for (const secret of ['jane.doe', '219-09-9998', '457555462', 'cus_9s6']) expect(stdout).not.toContain(secret);
  });

  it('reads FHIR sibling systems from the input to decide identifier values', async () => {
    const input = ndjson([
      { path: 'Patient.identifier[].system', type: 'string', samples: ['http://hl7.org/fhir/sid/us-ssn'] },
      { path: 'Patient.identifier[].value', type: 'string', samples: ['999-12-3456'] },
    ]);
    const { stdout } = await run(['pii', '--format', 'json'], input);
    const [system, value] = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(system.pii).toBe(false);
    expect(value).toMatchObject({ pii: true, category: 'ssn' });
  });

  it('prints an aligned table by default and honours --allow', async () => {
    const input = ndjson([
      { path: 'email', type: 'string' },
      { path: 'patient.mrn', type: 'string' },
    ]);
    const { code, stdout } = await run(['pii', '--allow', '*.mrn'], input);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PATH\s+PII\s+PHI\s+CATEGORY\s+HIPAA\s+CONFIDENCE$/m);
    expect(stdout).toMatch(/^email\s+yes\s+no\s+email\s+F\s+0\.\d\d$/m);
    expect(stdout).toMatch(/^patient\.mrn\s+no/m);
  });

  it('exits 2 naming the malformed line', async () => {
    const { code, stderr, stdout } = await run(['pii', '--format', 'json'], `{"path":"email"}\n\n{"path": 3}\n`);
    expect(code).toBe(2);
    expect(stderr).toContain('stdin line 3');
    expect(stdout).toBe('');
    const notJson = await run(['pii'], '{"path":"email"}\nnot json\n');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('stdin line 2: not JSON');
  });

  it('documents the input and output contract in --help', async () => {
    const { code, stdout } = await run(['pii', '--help'], '');
    expect(code).toBe(0);
    expect(stdout).toContain('"samples"');
    expect(stdout).toContain('--format');
  });
});
