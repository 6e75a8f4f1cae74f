import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
const env = { PATH: process.env.PATH, APP_ID: '42', PRIVATE_KEY_PATH: '/tmp/k.pem', WEBHOOK_SECRET: 's', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...(process.argv[2] === 'scale' ? { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', REDIS_URL: 'redis://127.0.0.1:6379', SPECWATCH_QUEUE_PREFIX: 'blast' + Date.now() } : { SPECWATCH_DB: '/tmp/blast.db', GHE_HOST: '127.0.0.1:1', GHE_PROTOCOL: 'http' }) };
const child = spawn(process.execPath, ['dist/cli/main.js', 'app'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
const url = await new Promise((res) => { const on = (c) => { out += c; const m = /listening on (\S+)/.exec(out); if (m) res(m[1]); }; child.stderr.on('data', on); child.stdout.on('data', on); });
async function one(i) {
  const body = JSON.stringify({ ref: 'refs/heads/main', before: 'a'.repeat(40), after: randomUUID().replace(/-/g, '').padEnd(40, '0'), deleted: false, repository: { id: 1, name: 'r' + (i % 20), full_name: 'blast/r' + (i % 20), owner: { login: 'blast', name: 'blast' }, default_branch: 'main' }, sender: { login: 'a', type: 'User' }, installation: { id: 1 } });
  const t = performance.now();
  const r = await fetch(url + '/api/github/webhooks', { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': 'sha256=' + createHmac('sha256', 's').update(body).digest('hex') }, body });
  await r.text(); return [r.status, performance.now() - t];
}
for (const round of [1, 2]) {
  const res = await Promise.all(Array.from({ length: 200 }, (_, i) => one(i)));
  const ms = res.map((r) => r[1]).sort((a, b) => a - b);
  console.log(round, 'status', [...new Set(res.map((r) => r[0]))], 'p50', ms[100].toFixed(1), 'p99', ms[197].toFixed(1));
}
child.kill('SIGKILL');
