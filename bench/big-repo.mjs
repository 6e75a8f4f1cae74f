// `npm run bench:big-repo -- PATH`: a push to a repository holding DigitalOcean's published API description (a
// checkout of github.com/digitalocean/openapi, Apache-2.0: ~2,900 files) reaches its completed check run against a
// local GitHub API; prints the seconds and how the commit was read (one tarball instead of one blob per file).
// The description is not vendored: give the path of a checkout (or set SPECWATCH_BIG_REPO).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const source = process.argv[2] ?? process.env.SPECWATCH_BIG_REPO;
if (!source || !existsSync(join(resolve(source), 'specification', 'DigitalOcean-public.v2.yaml'))) {
  console.error(
    'bench:big-repo: MISSING the DigitalOcean description: pass the path of a checkout of github.com/digitalocean/openapi\n' +
      '  (git clone https://github.com/digitalocean/openapi && npm run bench:big-repo -- ./openapi). Nothing was measured.',
  );
  process.exit(2);
}
const result = spawnSync('npx', ['vitest', 'run', 'test/e2e/big-repo.test.ts', '--reporter=verbose'], {
  env: { ...process.env, SPECWATCH_BIG_REPO: resolve(source), NO_COLOR: '1', FORCE_COLOR: '0' },
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const output = `${result.stdout}\n${result.stderr}`;
const line = output
  .split('\n')
  .map((l) => l.slice(Math.max(0, l.indexOf('big-repo: '))))
  .find((l) => l.startsWith('big-repo: push'));
if (!line || result.status !== 0) {
  console.error(output.slice(-4000));
  console.error('bench:big-repo: the run failed');
  process.exit(1);
}
console.log(line);
const seconds = Number(/in ([\d.]+) s/.exec(line)?.[1]);
console.log(
  `${seconds.toFixed(2)} s against the 10 s target (${(10 / seconds).toFixed(1)}× under); before the tarball: 59.5 s, 2,021 blob reads`,
);
