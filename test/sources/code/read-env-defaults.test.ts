import { describe, expect, it } from 'vitest';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { isEnvFile } from '../../../src/sources/code/read-env-defaults.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';

const EXPRESS_APP = {
  'package.json': '{"dependencies":{"express":"^4.21.0","dotenv":"^16.4.5"}}',
  'src/routes/patients.js': `const express = require('express');
const router = express.Router();
router.get('/patients', (req, res) => res.json([]));
router.get('/patients/:id', (req, res) => res.json({ id: req.params.id }));
module.exports = router;
`,
  'src/app.js': `require('dotenv').config();
const express = require('express');
const app = express();
app.use(process.env.API_PREFIX, require('./routes/patients'));
app.listen(process.env.PORT || 3000);
`,
};

describe('env files committed as configuration defaults', () => {
  it('reads templates however the project names them, and not one deployment’s own env file', () => {
    for (const file of [
      '.env',
      '.env.example',
      'server/.env.sample',
      '.env.production.example',
      'env.example',
      'example.env',
      'docker.template.env',
      'config/app.env.sample',
      'deploy/api.env.example',
    ])
      expect(isEnvFile(file), file).toBe(true);
    for (const file of ['prod.env', '.env.production', 'src/environment.ts', 'envs/staging.yaml', '.envrc'])
      expect(isEnvFile(file), file).toBe(false);
  });

  it('resolves a mount prefix from a template under config/ named app.env.sample', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({ ...EXPRESS_APP, 'config/app.env.sample': 'PORT=8080\nAPI_PREFIX=/api/v2\n' }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /api/v2/patients',
      'GET /api/v2/patients/{id}',
    ]);
  });

  it('names an env file too large to read, and carries the prefix it would have set as unresolved', async () => {
    const padding = Array.from({ length: 9000 }, (_, i) => `FEATURE_FLAG_${i}=off # kept for the old deploy scripts`);
    const result = await extractImplementedSurface(
      memoryRepo({ ...EXPRESS_APP, '.env.example': ['API_PREFIX=/api/v2', ...padding].join('\n') }),
    );
    expect(result.notices).toContainEqual(
      expect.objectContaining({
        file: '.env.example',
        view: 'implemented',
        reason: 'oversized',
        detail: expect.stringMatching(/^env file not read \(\d+ bytes, over the 262144 bytes read of one\)/),
      }),
    );
    expect(result.surface.operations.some((o) => o.path.startsWith('/api/v2'))).toBe(false);
    expect(result.notices.some((n) => n.reason === 'unresolved' && /API_PREFIX/.test(n.detail ?? ''))).toBe(true);
  });
});
