import { cpSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, InputNotice } from '../../src/model/index.js';
import { runSpecwatch } from './run-cli.js';

/**
 * A real Express app (node-express-boilerplate, kept verbatim) documented exactly as its route truth says, scanned
 * whole and then with one route file unreadable: the routes that file declares must not come out as plain
 * `unimplemented-operation` findings, and the file must be named.
 */
const APP = resolve('test/fixtures/real-apps/express-boilerplate');
const UNREAD = 'src/routes/v1/user.route.js';

interface Route {
  method: string;
  path: string;
  file: string;
}

/** An OpenAPI document listing the truth's routes (what the app serves), each with a 200 answer. */
function specOf(routes: readonly Route[]): string {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, unknown>)[r.method.toLowerCase()] = {
      ...(params.length > 0 ? { parameters: params } : {}),
      responses: { '200': { description: 'OK' } },
    };
  }
  return dump({ openapi: '3.0.3', info: { title: 'boilerplate', version: '1' }, paths });
}

describe('scan with a source file that cannot be read', () => {
  let root: string;
  let routes: Route[];
  const scan = async (dir: string) => {
    const run = await runSpecwatch(['scan', dir, '--format', 'json']);
    return { run, json: JSON.parse(run.stdout) as { findings: Finding[]; notices: InputNotice[] } };
  };
  const copy = (name: string): string => {
    const dir = join(root, name);
    cpSync(APP, dir, { recursive: true });
    writeFileSync(join(dir, 'openapi.yaml'), specOf(routes));
    return dir;
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'specwatch-partial-'));
    const { readFile } = await import('node:fs/promises');
    routes = (JSON.parse(await readFile(join(APP, 'routes.truth.json'), 'utf8')) as { routes: Route[] }).routes;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('read whole, the documented routes are all served', async () => {
    const { json } = await scan(copy('whole'));
    expect(json.findings.filter((f) => f.rule === 'unimplemented-operation')).toEqual([]);
    expect(json.notices.filter((n) => n.view === 'implemented')).toEqual([]);
  });

  it('a route file that cannot be read is named, and the operations it could serve are held back to info', async () => {
    const dir = copy('unread');
    // A link out of the checkout is refused (an untrusted repo must not make Specwatch read elsewhere).
    unlinkSync(join(dir, UNREAD));
    symlinkSync(join(APP, UNREAD), join(dir, UNREAD));
    const { run, json } = await scan(dir);
    expect(json.notices.filter((n) => n.view === 'implemented').map((n) => [n.file, n.reason])).toEqual([
      [UNREAD, 'rejected'],
    ]);
    expect(run.stderr).toContain(UNREAD);
    const unimplemented = json.findings.filter((f) => f.rule === 'unimplemented-operation');
    const fromUnread = routes.filter((r) => r.file === UNREAD).map((r) => `${r.method} ${r.path}`);
    expect(unimplemented.map((f) => f.operation).sort()).toEqual(fromUnread.sort());
    for (const f of unimplemented) {
      expect(f.severity).toBe('info');
      expect(f.message).toContain(`not read: ${UNREAD} (rejected)`);
    }
  });
});
