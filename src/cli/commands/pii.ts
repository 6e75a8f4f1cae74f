import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, parseConfigText } from '../../config/index.js';
import {
  classifyField,
  compileClassifierOptions,
  type FieldClassification,
  type FieldInput,
  type FieldLocation,
  type FieldStructure,
  type PiiSettings,
  parseFieldPath,
  summarizeValues,
} from '../../pii/index.js';
import { type CliIo, CliUsageError } from '../io.js';
import { formatOption } from '../options.js';

const MAX_INPUT_BYTES = 64 * 1024 * 1024;
const LOCATIONS = new Set<FieldLocation>(['request', 'response', 'query', 'path', 'header', 'cookie']);

interface PiiCommandOptions {
  format: string;
  config?: string;
  allow?: string[];
}

/** One input line, validated. Samples stay here, in memory, for the validators only. */
interface InputLine {
  line: number;
  path: string;
  type?: string | string[];
  format?: string;
  samples: unknown[];
  operation?: string;
  in?: FieldLocation;
  enum?: unknown[];
  description?: string;
}

async function readAll(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw new CliUsageError(`stdin is larger than ${MAX_INPUT_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseLine(text: string, line: number): InputLine {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`stdin line ${line}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new CliUsageError(`stdin line ${line}: expected a JSON object`);
  const o = data as Record<string, unknown>;
  const fail = (why: string): never => {
    throw new CliUsageError(`stdin line ${line}: ${why}`);
  };
  if (typeof o.path !== 'string' || o.path.length === 0) fail('"path" must be a non-empty string');
  const type = o.type;
  if (
    type !== undefined &&
    type !== null &&
    typeof type !== 'string' &&
    !(Array.isArray(type) && type.every((t) => typeof t === 'string'))
  ) {
    fail('"type" must be a string or an array of strings');
  }
  if (o.format !== undefined && o.format !== null && typeof o.format !== 'string') fail('"format" must be a string');
  if (o.samples !== undefined && !Array.isArray(o.samples)) fail('"samples" must be an array');
  if (o.operation !== undefined && typeof o.operation !== 'string') fail('"operation" must be a string');
  if (o.in !== undefined && !LOCATIONS.has(o.in as FieldLocation))
    fail(`"in" must be one of ${[...LOCATIONS].join(', ')}`);
  if (o.enum !== undefined && !Array.isArray(o.enum)) fail('"enum" must be an array');
  return {
    line,
    path: o.path as string,
    type: (type ?? undefined) as string | string[] | undefined,
    format: (o.format ?? undefined) as string | undefined,
    samples: (o.samples as unknown[] | undefined) ?? [],
    operation: o.operation as string | undefined,
    in: o.in as FieldLocation | undefined,
    enum: o.enum as unknown[] | undefined,
    description: typeof o.description === 'string' ? o.description : undefined,
  };
}

/** Parent path of a field (`contact.telecom[].value` → `contact.telecom[]`) and its leaf name. */
function splitParent(path: string): [string, string] {
  const segments = parseFieldPath(path).segments;
  const leaf = segments[segments.length - 1] ?? path;
  const cut = path.lastIndexOf(leaf);
  return [cut > 0 ? path.slice(0, cut).replace(/[.[\]/]+$/, '') : '', leaf];
}

/** FHIR codes a sibling `system` or `type.coding[].code` sample may carry: URIs and short codes, never free values. */
function codeSample(line: InputLine | undefined): string | undefined {
  const value = line?.samples.find((s): s is string => typeof s === 'string');
  if (value === undefined) return undefined;
  return /^(?:https?:\/\/|urn:)[\w./:-]+$/.test(value) || /^[A-Za-z][A-Za-z0-9-]{0,15}$/.test(value)
    ? value
    : undefined;
}

function toFieldInputs(lines: readonly InputLine[]): FieldInput[] {
  const groupKey = (l: InputLine, parent: string): string => `${l.operation ?? ''}\u0000${l.in ?? ''}\u0000${parent}`;
  const groups = new Map<string, InputLine[]>();
  const byPath = new Map<string, InputLine>();
  for (const l of lines) {
    const [parent] = splitParent(l.path);
    const key = groupKey(l, parent);
    groups.set(key, [...(groups.get(key) ?? []), l]);
    byPath.set(`${l.operation ?? ''}\u0000${l.in ?? ''}\u0000${l.path.replace(/\[\d*\]/g, '')}`, l);
  }
  return lines.map((l) => {
    const [parent, leaf] = splitParent(l.path);
    const siblings = (groups.get(groupKey(l, parent)) ?? []).filter((s) => s !== l).map((s) => splitParent(s.path)[1]);
    let structure: FieldStructure | undefined;
    if (leaf === 'value') {
      const at = (suffix: string) =>
        byPath.get(`${l.operation ?? ''}\u0000${l.in ?? ''}\u0000${parent.replace(/\[\d*\]/g, '')}.${suffix}`);
      const system = codeSample(at('system'));
      const typeCode = codeSample(at('type.coding.code'));
      if (system !== undefined || typeCode !== undefined) structure = { system, typeCode };
    }
    const types = typeof l.type === 'string' ? [l.type] : l.type;
    const input: FieldInput = {
      path: l.path,
      type: types,
      format: l.format,
      enum: l.enum,
      description: l.description,
      operation: l.operation,
      location: l.in,
      siblings,
      structure,
    };
    if (l.samples.length > 0) input.values = summarizeValues(l.samples);
    return input;
  });
}

async function loadSettings(io: CliIo, options: PiiCommandOptions): Promise<PiiSettings> {
  const settings: { categories: PiiSettings['categories']; allow: string[] } = {
    categories: [],
    allow: [...(options.allow ?? [])],
  };
  if (options.config !== undefined) {
    const file = resolve(io.cwd, options.config);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new CliUsageError(`cannot read config ${options.config}`);
    }
    try {
      const config = parseConfigText(text, options.config);
      settings.categories = config.pii.categories;
      settings.allow.push(...config.pii.allow);
    } catch (error) {
      if (error instanceof ConfigError) throw new CliUsageError(error.message);
      throw error;
    }
  }
  return settings;
}

/** One output row: the verdict and the evidence that decided it (name, context, value validator counts), never a value. */
function toOutput(path: string, c: FieldClassification): Record<string, unknown> {
  return {
    path,
    pii: c.pii,
    phi: c.phi,
    category: c.category,
    hipaa: c.hipaa,
    confidence: c.confidence,
    ...(c.secret !== undefined ? { secret: c.secret } : {}),
    evidence: c.evidence,
  };
}

function renderText(rows: readonly Record<string, unknown>[]): string {
  const header = ['PATH', 'PII', 'PHI', 'CATEGORY', 'HIPAA', 'CONFIDENCE'];
  const cells = rows.map((r) => [
    String(r.path),
    r.pii ? 'yes' : 'no',
    r.phi ? 'yes' : 'no',
    String(r.category ?? '-'),
    String(r.hipaa ?? '-'),
    Number(r.confidence).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]!))).join('  ');
  const pii = rows.filter((r) => r.pii).length;
  return `${[line(header), ...cells.map(line)].join('\n')}\n\n${rows.length} fields, ${pii} PII\n`;
}

/** `specwatch pii`: classifies fields read as NDJSON on stdin; samples are validated in memory and never echoed. */
export function registerPiiCommand(program: Command, io: CliIo, _setExit: (code: number) => void): void {
  program
    .command('pii')
    .description('classify fields read from stdin (NDJSON) as PII/PHI, with category, HIPAA letter and confidence')
    .addOption(formatOption(['text', 'json']))
    .option('--config <file>', 'a specwatch.yml whose pii section (categories, allow) applies')
    .option('--allow <globs...>', 'field paths known to be safe (`*.orderNumber`)')
    .addHelpText(
      'after',
      `
Input: one JSON object per line:
  {"path":"customer.email","type":"string","format":"email","samples":["…"]}
  optional: "operation":"GET /v1/customers/{customer}", "in":"response"|"request"|"query"|"path"|"header"|"cookie",
            "enum":[…], "description":"…"
Output (--format json): one line per field, in input order:
  {"path":"customer.email","pii":true,"phi":false,"category":"email","hipaa":"F","confidence":0.93,
   "evidence":["name:strong","value:email 2/2"]}
  "secret" names a credential the field carries (password-hash, access-token, …); "evidence" says what decided it:
  name, context (enclosing names, operation, FHIR structure), format, value validator counts.
Samples are checked by validators in memory only; they are never printed or stored.`,
    )
    .action(async (options: PiiCommandOptions) => {
      const classifierOptions = compileClassifierOptions(await loadSettings(io, options));
      const text = await readAll(io);
      const lines: InputLine[] = [];
      text.split(/\r?\n/).forEach((raw, i) => {
        if (raw.trim().length > 0) lines.push(parseLine(raw, i + 1));
      });
      const inputs = toFieldInputs(lines);
      const rows = inputs.map((input) => toOutput(input.path, classifyField(input, classifierOptions)));
      if (options.format === 'json') io.stdout(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
      else io.stdout(renderText(rows));
    });
}
