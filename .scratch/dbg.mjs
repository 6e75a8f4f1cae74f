import { readAppEnv, startAppServer } from '../dist/app/index.js';
const env = { ...process.env };
const settings = readAppEnv(env);
console.error('settings ok');
const t = setTimeout(() => { console.error('HANG'); process.exit(3); }, 10000);
const app = await startAppServer({ settings, env, cwd: process.cwd() });
console.error('started', app.url);
await app.stop(); clearTimeout(t); console.error('stopped');
