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
    expect(Object.keys(rows[0])).toEqual(['path', 'pii', 'phi', 'category', 'hipaa', 'confidence', 'evidence']);
    expect(rows[0].evidence).toEqual(expect.arrayContaining(['value:email 2/2']));
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

  it('never writes a raw sample value to its output, whatever the values are (seeded)', async () => {
    // A small seeded generator: the same values on every run, different kinds of personal data and secrets.
    let seed = 17;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    const digits = (n: number): string => Array.from({ length: n }, () => String(next() % 10)).join('');
    const given = ['Amy', 'Ronald', 'Sarah', 'Kai', 'Ursula', 'Jaqueline'];
    const family = ['Shaw', 'Bone', 'Putten', 'Gehring', 'Leyen', 'Freitas'];
    const rows: object[] = [];
    const values: string[] = [];
    for (let i = 0; i < 30; i++) {
      const name = `${given[next() % given.length]} ${family[next() % family.length]}${digits(2)}`;
      const email = `user${digits(6)}@example.org`;
      const ssn = `${100 + (next() % 600)}-${10 + (next() % 80)}-${1000 + (next() % 8000)}`;
      const hash = `$argon2id$v=19$m=65536,t=3,p=4$${digits(22)}$${digits(43)}`;
      values.push(name, email, ssn, hash);
      rows.push(
        { path: 'subject.display', samples: [name] },
        { path: 'value', samples: [email] },
        { path: 'patient.ssn', samples: [ssn], operation: 'GET /patients/{id}', in: 'response' },
        { path: 'author.digest', samples: [hash], in: 'response' },
      );
    }
    for (const format of ['json', 'text']) {
      const { code, stdout, stderr } = await run(['pii', '--format', format], ndjson(rows));
      expect(code).toBe(0);
      for (const value of values) {
        expect(stdout).not.toContain(value);
        expect(stderr).not.toContain(value);
      }
    }
    const { stdout } = await run(['pii', '--format', 'json'], ndjson(rows.slice(0, 4)));
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((r) => r.secret ?? r.category)).toEqual(['name', null, 'ssn', 'password-hash']);
  });
});
