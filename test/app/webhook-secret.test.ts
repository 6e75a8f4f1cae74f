import { describe, expect, it } from 'vitest';
import { readAppEnv, requireWebhookSecret } from '../../src/app/index.js';
import { runSpecwatch } from '../cli/run-cli.js';
import { generatePrivateKey } from '../e2e/processes.js';

describe('the App and its webhook secret', () => {
  it('refuses to start with APP_ID and a key but no WEBHOOK_SECRET, naming the variable', async () => {
    const run = await runSpecwatch(['app', '--port', '0', '--host', '127.0.0.1'], {
      env: { APP_ID: '42', PRIVATE_KEY: generatePrivateKey(), SPECWATCH_DB: ':memory:' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/WEBHOOK_SECRET is not set: the App refuses to start/);
    expect(run.stderr).not.toMatch(/listening on/);
  });

  it('has no default secret to fall back to', () => {
    const settings = readAppEnv({ APP_ID: '42', PRIVATE_KEY: '-----BEGIN KEY-----\nx\n-----END KEY-----' });
    expect(settings.webhookSecret).toBeUndefined();
    expect(() => requireWebhookSecret(settings)).toThrow(/WEBHOOK_SECRET/);
    expect(requireWebhookSecret(readAppEnv({ WEBHOOK_SECRET: 's3cret' }))).toBe('s3cret');
  });
});
