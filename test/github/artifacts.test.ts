import { zipSync } from 'fflate';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type GitHub, readRunArtifact, unzip } from '../../src/github/index.js';
import { isolateNetwork, makeZip, testGitHub } from './helpers.js';

const ref = { owner: 'acme', repo: 'clinic-api' };
const R = '/repos/acme/clinic-api';
const SPEC = '{"openapi":"3.1.0","info":{"title":"x","version":"1"},"paths":{}}';

/** The archive with the declared uncompressed size of its first entry overwritten (local and central headers). */
function withDeclaredSize(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  out.writeUInt32LE(size, 22);
  const central = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  out.writeUInt32LE(size, central + 24);
  return out;
}

describe('unzip (artifact archives, through fflate)', () => {
  it('reads the deflated entries of archives from two writers', () => {
    const ours = unzip(makeZip({ 'openapi.json': SPEC, 'traffic/a.ndjson': '{}\n' }), 1000);
    expect(ours.map((e) => [e.path, e.content.toString()])).toEqual([
      ['openapi.json', SPEC],
      ['traffic/a.ndjson', '{}\n'],
    ]);
    const fflate = Buffer.from(zipSync({ 'docs/openapi.json': new TextEncoder().encode(SPEC), 'docs/': {} }));
    expect(unzip(fflate, 1000).map((e) => [e.path, e.content.toString()])).toEqual([['docs/openapi.json', SPEC]]);
  });

  it('refuses an archive whose declared sizes are over the bound before inflating anything', () => {
    const zip = makeZip({ 'a.json': 'a'.repeat(600), 'b.json': 'b'.repeat(600) });
    expect(() => unzip(zip, 1000)).toThrow(/declares 1200 bytes uncompressed, over the 1000-byte limit; not inflated/);
  });

  it('a bomb that declares a small size inflates no further than it declares, and fails its CRC', () => {
    // 50 MB of zeros deflate to ~50 KB; the headers claim 100 bytes.
    const bomb = withDeclaredSize(makeZip({ 'openapi.json': '\0'.repeat(50 * 1024 * 1024) }), 100);
    expect(() => unzip(bomb, 1000)).toThrow(/openapi\.json: CRC mismatch/);
  });

  it('a corrupt entry fails its CRC', () => {
    const zip = makeZip({ 'openapi.json': SPEC });
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE((zip.readUInt32LE(central + 16) ^ 1) >>> 0, central + 16);
    expect(() => unzip(zip, 1000)).toThrow(/CRC mismatch/);
  });
});

describe('readRunArtifact', () => {
  let gh: GitHub;
  isolateNetwork();
  beforeEach(async () => {
    gh = await testGitHub();
  });

  it('refuses an artifact GitHub lists as over the bound, without downloading it', async () => {
    const scope = nock('https://api.github.com')
      .get(`${R}/actions/runs/9/artifacts`)
      .query(true)
      .reply(200, { total_count: 1, artifacts: [{ id: 5, name: 'spec', expired: false, size_in_bytes: 5000 }] });
    await expect(readRunArtifact({ gh, ref, runId: 9, name: 'spec', maxBytes: 1000 })).rejects.toThrow(
      /artifact spec is 5000 bytes, over the 1000-byte limit; not downloaded/,
    );
    expect(scope.isDone()).toBe(true);
  });

  it('reads an artifact within the bound', async () => {
    const zip = makeZip({ 'openapi.json': SPEC });
    nock('https://api.github.com')
      .get(`${R}/actions/runs/9/artifacts`)
      .query(true)
      .reply(200, { total_count: 1, artifacts: [{ id: 5, name: 'spec', expired: false, size_in_bytes: zip.length }] })
      .get(`${R}/actions/artifacts/5/zip`)
      .reply(200, zip, { 'content-type': 'application/zip' });
    expect(await readRunArtifact({ gh, ref, runId: 9, name: 'spec', maxBytes: 1000 })).toEqual({
      'openapi.json': SPEC,
    });
  });
});
