import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localRepo } from '../../../src/checkout/index.js';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';

const FIXTURES = 'test/fixtures/code';

async function extract(framework: string) {
  return extractImplementedSurface(localRepo(`${FIXTURES}/${framework}`));
}

function truth(framework: string): string[] {
  return (JSON.parse(readFileSync(`${FIXTURES}/${framework}/truth.json`, 'utf8')) as string[]).sort();
}

function where(result: Awaited<ReturnType<typeof extract>>, label: string): string | undefined {
  const op = result.surface.operations.find((o) => `${o.method} ${o.path}` === label);
  const e = op?.evidence[0];
  return e && e.source === 'implemented' ? `${e.file}:${e.line} ${e.framework}` : undefined;
}

describe.each(['express', 'fastify', 'koa', 'hono', 'nestjs', 'nextjs'])('%s fixture app', (framework) => {
  it('extracts exactly the routes of the truth list', async () => {
    const result = await extract(framework);
    const found = result.surface.operations.map((o) => `${o.method} ${o.path}`).sort();
    expect(found).toEqual(truth(framework));
    expect(result.frameworks).toContain(framework);
  });
});

describe('evidence', () => {
  it('points at the declaring line in the file that declares the route', async () => {
    const express = await extract('express');
    expect(where(express, 'GET /api/articles/{slug}/comments')).toBe('src/routes/api/comments.js:5 express');
    expect(where(express, 'PUT /api/articles/{slug}')).toBe('src/routes/api/articles.js:13 express');
    const nest = await extract('nestjs');
    expect(where(nest, 'GET /api/v2/cats/{id}')).toBe('src/cats/cats.controller.ts:23 nestjs');
    const next = await extract('nextjs');
    expect(where(next, 'GET /api/items/{id}')).toBe('src/app/api/items/[id]/route.ts:3 nextjs');
    const fastify = await extract('fastify');
    expect(where(fastify, 'DELETE /api/v1/users/{id}')).toBe('src/routes/users/_id/index.js:7 fastify');
  });

  it('reports an unparsable file and still extracts the rest', async () => {
    const express = await extract('express');
    expect(express.unparsed).toEqual([expect.objectContaining({ file: 'src/legacy/broken.js', line: 4 })]);
    expect(express.surface.operations.length).toBeGreaterThan(10);
  });

  it('skips test folders', async () => {
    const express = await extract('express');
    expect(express.surface.operations.some((o) => o.path === '/only-in-tests')).toBe(false);
  });
});

describe('handler details', () => {
  it('reads query parameters, statuses and declared body types', async () => {
    const express = await extract('express');
    const list = express.surface.operations.find((o) => o.method === 'GET' && o.path === '/api/articles');
    expect(list?.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(['tag', 'author', 'limit']);
    const follow = express.surface.operations.find((o) => o.path === '/api/profiles/{username}/follow');
    expect(follow?.responses.map((r) => r.status)).toEqual(['201']);
    expect(follow?.requestBody?.content['application/json']?.schema).toEqual({ $ref: 'FollowBody' });
    expect(express.surface.schemas.Profile).toEqual({
      type: ['object'],
      properties: {
        username: { type: ['string'] },
        bio: { type: ['null', 'string'] },
        image: { type: ['string'] },
        following: { type: ['boolean'] },
      },
      required: ['bio', 'following', 'username'],
    });
  });

  it('reads NestJS DTOs, @Query, @HttpCode and the default POST status', async () => {
    const nest = await extract('nestjs');
    const create = nest.surface.operations.find((o) => o.method === 'POST' && o.path === '/api/v1/cats');
    expect(create?.responses.map((r) => r.status)).toEqual(['201']);
    expect(nest.surface.schemas.CreateCatDto?.required).toEqual(['age', 'name']);
    const remove = nest.surface.operations.find((o) => o.method === 'DELETE' && o.path === '/api/v1/cats/{id}');
    expect(remove?.responses.map((r) => r.status)).toEqual(['204']);
    const list = nest.surface.operations.find((o) => o.method === 'GET' && o.path === '/api/v1/cats');
    expect(list?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['query:limit']);
  });

  it('reads Fastify route schemas', async () => {
    const fastify = await extract('fastify');
    const list = fastify.surface.operations.find((o) => o.method === 'GET' && o.path === '/api/v1/users');
    expect(list?.parameters.find((p) => p.name === 'page')?.schema).toEqual({ type: ['integer'] });
    const create = fastify.surface.operations.find((o) => o.method === 'POST' && o.path === '/api/v1/users');
    expect(create?.responses.map((r) => r.status)).toEqual(['201']);
    expect(create?.requestBody?.content['application/json']?.schema?.required).toEqual(['email']);
  });

  it("reads Fastify's route generics on the route call: Body, Querystring and a Reply keyed by status", async () => {
    // The form Fastify's TypeScript guide teaches: the generic on the route method, the handler's parameters untyped.
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': '{"dependencies":{"fastify":"^4.28.0"}}',
        'src/types.ts': `export interface NoteBody {
  title: string;
  content: string;
  tags?: string[];
}
export interface Note extends NoteBody {
  id: string;
  createdAt: string;
}
export interface ListNotes {
  Querystring: { page?: number; tag?: string };
  Reply: Note[];
}
`,
        'src/server.ts': `import Fastify from 'fastify';
import type { ListNotes, Note, NoteBody } from './types';
import { notes } from './store';

const server = Fastify({ logger: true });

server.get<ListNotes>('/notes', async (request) => {
  const { page = 1, tag } = request.query;
  return notes.list(page, tag);
});

server.post<{ Body: NoteBody; Reply: { 201: Note; 409: { message: string } } }>('/notes', async (request, reply) => {
  const { title, content, tags } = request.body;
  if (await notes.exists(title)) return reply.code(409).send({ message: 'a note with this title exists' });
  return reply.code(201).send(await notes.create({ title, content, tags }));
});

server.listen({ port: 3000 });
`,
        'src/store.ts': `import type { Note, NoteBody } from './types';
const rows = new Map<string, Note>();
export const notes = {
  list: async (page: number, tag?: string): Promise<Note[]> => [...rows.values()].slice((page - 1) * 20, page * 20),
  exists: async (title: string) => [...rows.values()].some((n) => n.title === title),
  create: async (body: NoteBody): Promise<Note> => ({ ...body, id: String(rows.size + 1), createdAt: new Date().toISOString() }),
};
`,
      }),
    );
    const list = result.surface.operations.find((o) => o.method === 'GET' && o.path === '/notes');
    expect(list?.parameters.map((p) => `${p.name}:${p.schema?.type}`)).toEqual(['page:number', 'tag:string']);
    const listed = list?.responses.find((r) => r.status === '200')?.content['application/json']?.schema;
    expect(listed?.type).toEqual(['array']);

    const create = result.surface.operations.find((o) => o.method === 'POST' && o.path === '/notes');
    const body = create?.requestBody?.content['application/json']?.schema;
    const named = body?.$ref !== undefined ? result.surface.schemas[body.$ref] : body;
    expect(Object.keys(named?.properties ?? {})).toEqual(['title', 'content', 'tags']);
    expect(create?.responses.map((r) => r.status)).toEqual(['201', '409']);
    const created = create?.responses.find((r) => r.status === '201')?.content['application/json']?.schema;
    const createdShape = created?.$ref !== undefined ? result.surface.schemas[created.$ref] : created;
    expect(Object.keys(createdShape?.properties ?? {})).toEqual(expect.arrayContaining(['id', 'createdAt', 'title']));
  });
});

describe('prefixes', () => {
  it('resolves env defaults and keeps routes whose prefix is unknown, marked', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ dependencies: { express: '4' } }),
      '.env.example': 'API_BASE=/v3\n',
      'src/server.ts': [
        "import express from 'express';",
        "import { orders } from './orders';",
        'const app = express();',
        "app.use(process.env.API_BASE ?? '/api', orders);",
        'app.use(process.env.MOUNT_POINT, orders);',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture's source text is a template literal
        'app.use(`${process.env.API_BASE}/admin`, orders);',
      ].join('\n'),
      'src/orders.ts': [
        "import { Router } from 'express';",
        'export const orders = Router();',
        "orders.get('/orders/:orderId', (req, res) => res.json({}));",
      ].join('\n'),
    });
    const { surface } = await extractImplementedSurface(repo);
    const ops = surface.operations.map(
      (o) => `${o.method} ${o.path}${o.unresolvedPrefix ? ` <${o.unresolvedPrefix}>` : ''}`,
    );
    expect(ops.sort()).toEqual([
      'GET /orders/{orderId} <process.env.MOUNT_POINT>',
      'GET /v3/admin/orders/{orderId}',
      'GET /v3/orders/{orderId}',
    ]);
  });

  it('takes the branch a mount prefix ternary picks when it can be decided, and says so when it cannot', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ dependencies: { express: '4' } }),
      '.env.example': 'API_VERSION=v2\n',
      'src/server.ts': [
        "import express from 'express';",
        "import { orders } from './orders';",
        "import { settings } from './settings';",
        'const app = express();',
        "app.use(process.env.API_VERSION === 'v2' ? '/api/v2' : '/api/v1', orders);",
        "app.use(process.env.NODE_ENV === 'production' ? '/live' : '/dev', orders);",
        "app.use(!process.env.LEGACY ? '/shop' : '/legacy-shop', orders);",
        "app.use(settings().useTenants ? '/t' : '/single', orders);",
        "app.use(settings().useTenants ? '/same' : '/same', orders);",
      ].join('\n'),
      'src/settings.ts': 'export function settings() { return JSON.parse(process.argv[2]); }',
      'src/orders.ts': [
        "import { Router } from 'express';",
        'export const orders = Router();',
        "orders.get('/orders', (req, res) => res.json([]));",
      ].join('\n'),
    });
    const { surface } = await extractImplementedSurface(repo);
    const ops = surface.operations.map(
      (o) => `${o.method} ${o.path}${o.unresolvedPrefix ? ` <${o.unresolvedPrefix}>` : ''}`,
    );
    // A condition on a run-time value is not guessed: the prefix is unresolved and named, never the false branch.
    expect(ops.sort()).toEqual([
      'GET /api/v2/orders',
      'GET /dev/orders',
      "GET /orders <settings().useTenants ? '/t' : '/single'>",
      'GET /same/orders',
      'GET /shop/orders',
    ]);
  });

  it('maps code paths onto doc paths with the configured base path', async () => {
    const { surface } = await extractImplementedSurface(localRepo(`${FIXTURES}/hono`), { basePath: '/svc' });
    expect(surface.basePath).toBe('/svc');
    expect(surface.operations.some((o) => o.path === '/api/books/{id}')).toBe(true);
  });

  it('follows routers handed to functions and classes that register routes', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ dependencies: { express: '4' } }),
      'app.js': [
        "const express = require('express');",
        'const app = express();',
        'const api = express.Router();',
        "require('./routes/users')(api);",
        "app.use('/api', api);",
      ].join('\n'),
      'routes/users.js': [
        'module.exports = (router) => {',
        "  router.get('/users', (req, res) => res.json([]));",
        "  router.post('/users', (req, res) => res.status(201).json({}));",
        '};',
      ].join('\n'),
    });
    const { surface } = await extractImplementedSurface(repo);
    expect(surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /api/users',
      'POST /api/users',
    ]);
  });

  it('does not take HTTP client calls for routes', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ dependencies: { express: '4', axios: '1' } }),
      'client.js': [
        "const axios = require('axios');",
        "async function load(api) { return api.get('/users', { params: {} }); }",
        "axios.get('/status', () => {});",
        'module.exports = load;',
      ].join('\n'),
    });
    const { surface } = await extractImplementedSurface(repo);
    expect(surface.operations).toEqual([]);
  });
});

describe('catch-all routes', () => {
  it('are left out with the reason, never dropped: the root GET one as a fallback, one under a prefix naming it', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
        'src/app.js': `const express = require('express');
const api = require('./api');
const app = express();
app.use('/api', api);
app.get('*', (req, res) => res.sendFile('index.html'));
module.exports = app;
`,
        'src/api.js': `const { Router } = require('express');
const router = Router();
router.get('/clinics', (req, res) => res.json([]));
router.all('*', (req, res) => res.status(404).json({ error: 'not found' }));
module.exports = router;
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /api/clinics']);
    const leftOut = result.leftOut.map((l) => `${l.method} ${l.path} ${l.file}:${l.line} ${l.reason}`);
    expect(leftOut).toContain(
      'GET /* src/app.js:5 machinery: catch-all fallback for every other GET (static files or SPA)',
    );
    expect(leftOut).toContain(
      'DELETE /api/* src/api.js:4 machinery: catch-all fallback for every other path under /api',
    );
  });
});

describe('routes declared in a loop over a Map', () => {
  it('each entry of a Map built from an array literal is a route', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
        'app.js': `const express = require('express');
const app = express();
const libFiles = new Map([
  ['/js/lib/chart.min.js', 'node_modules/chart.js/dist/chart.min.js'],
  ['/css/lib/theme.css', 'node_modules/theme/dist/theme.css'],
]);
for (const [fileUrl, filePath] of libFiles) {
  app.get(fileUrl, (req, res) => res.sendFile(filePath));
}
module.exports = app;
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /css/lib/theme.css',
      'GET /js/lib/chart.min.js',
    ]);
  });
});

describe("routes registered through the project's own helpers", () => {
  it('reads register(router, method, path, handler) at its call, with the guards used before it', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': '{"dependencies":{"express":"^4.19.2"}}',
        'src/lib/register.js': `function register(router, method, path, ...handlers) {
  router[method](path, ...handlers);
}
function get(router, path, handler) {
  router.get(path, handler);
}
module.exports = { register, get };
`,
        'src/routes/orders.js': `const express = require('express');
const { register, get } = require('../lib/register');
const { requireAuth } = require('../middleware/auth');
const router = express.Router();
register(router, 'get', '/health', (req, res) => res.json({ ok: true }));
router.use(requireAuth);
register(router, 'get', '/orders', (req, res) => res.json([]));
register(router, 'delete', '/orders/:id', (req, res) => res.status(204).end());
get(router, '/orders/:id', (req, res) => res.json({}));
module.exports = router;
`,
        'src/middleware/auth.js': `exports.requireAuth = (req, res, next) => {
  if (!req.headers.authorization) return res.status(401).json({ error: 'unauthorized' });
  next();
};
`,
        'src/app.js': `const express = require('express');
const app = express();
app.use('/api', require('./routes/orders'));
module.exports = app;
`,
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path} ${r.file}:${r.line} ${r.auth?.state}`)).toEqual([
      'GET /api/health src/routes/orders.js:5 none',
      'GET /api/orders src/routes/orders.js:7 required',
      'DELETE /api/orders/{id} src/routes/orders.js:8 required',
      'GET /api/orders/{id} src/routes/orders.js:9 required',
    ]);
  });
});

describe('Next.js Pages Router API catch-alls', () => {
  it('reads a catch-all whose default export never checks req.method as answering every method', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { next: '13.4.0', 'next-auth': '4.22.0' } }),
        'pages/api/auth/[...nextauth].ts':
          "import NextAuth from 'next-auth';\nimport { authOptions } from '../../../lib/auth';\n\nexport default NextAuth(authOptions);\n",
        'pages/api/files/[[...path]].ts':
          "export default function handler(req, res) {\n  if (req.method === 'DELETE') return res.status(204).end();\n  res.status(405).end();\n}\n",
        'pages/api/hello.ts':
          "export default function handler(req, res) {\n  res.status(200).json({ name: 'x' });\n}\n",
        'lib/auth.ts': 'export const authOptions = { providers: [] };\n',
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path} ${r.file}:${r.line}`).sort()).toEqual([
      'DELETE /api/auth/{nextauth} pages/api/auth/[...nextauth].ts:4',
      'DELETE /api/files/{path} pages/api/files/[[...path]].ts:2',
      'GET /api/auth/{nextauth} pages/api/auth/[...nextauth].ts:4',
      'GET /api/hello pages/api/hello.ts:1',
      'HEAD /api/auth/{nextauth} pages/api/auth/[...nextauth].ts:4',
      'OPTIONS /api/auth/{nextauth} pages/api/auth/[...nextauth].ts:4',
      'PATCH /api/auth/{nextauth} pages/api/auth/[...nextauth].ts:4',
      'POST /api/auth/{nextauth} pages/api/auth/[...nextauth].ts:4',
      'PUT /api/auth/{nextauth} pages/api/auth/[...nextauth].ts:4',
    ]);
  });
});

describe('NestJS RouterModule', () => {
  it('prefixes every controller a module lists through Object.values of a namespace import', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0' } }),
        'src/app.module.ts': `import { Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { SampleModule } from './sample/sample.module';

@Module({ imports: [SampleModule, RouterModule.register([{ path: 'test', module: SampleModule }])] })
export class AppModule {}
`,
        'src/sample/sample.module.ts': `import { Module } from '@nestjs/common';
import * as controllers from './controllers';

@Module({ controllers: Object.values(controllers) })
export class SampleModule {}
`,
        'src/sample/controllers/index.ts': "export * from './crud.controller';\nexport * from './sample.controller';\n",
        'src/sample/controllers/crud.controller.ts': `import { Controller, Get } from '@nestjs/common';

@Controller('crud')
export class CrudController {
  @Get(':id')
  read() {}
}
`,
        'src/sample/controllers/sample.controller.ts': `import { Controller, Get } from '@nestjs/common';

@Controller('sample')
export class SampleController {
  @Get('hello')
  hello() {}
}
`,
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /test/crud/{id}',
      'GET /test/sample/hello',
    ]);
  });
});

describe('a NestJS global prefix set under a condition', () => {
  it('is applied only when the env defaults make the condition true', async () => {
    const files = (serve: string) =>
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0' } }),
        '.env.example': `SERVE_CLIENT="${serve}"\n`,
        'src/status.controller.ts': `import { Controller, Get } from '@nestjs/common';

@Controller('status')
export class StatusController {
  @Get()
  status() { return { ok: true }; }
}
`,
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
const serveStatic = Boolean(process.env.SERVE_CLIENT);

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  if (serveStatic) {
    app.setGlobalPrefix('/api');
  }
  await app.listen(5000);
}
bootstrap();
`,
      });
    const off = await extractImplementedSurface(files(''));
    expect(off.declared.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /status']);
    const on = await extractImplementedSurface(files('/srv/client'));
    expect(on.declared.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/status']);
  });

  it('is carried as unresolved, naming its condition where it is set, when nothing in the checkout decides it', async () => {
    const NEST = JSON.stringify({ dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0' } });
    const controller = `import { Controller, Get } from '@nestjs/common';

@Controller('status')
export class StatusController {
  @Get()
  status() { return { ok: true }; }
}
`;
    const guarded = await extractImplementedSurface(
      memoryRepo({
        'package.json': NEST,
        'src/status.controller.ts': controller,
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
const serveStatic = Boolean(process.env.SERVE_CLIENT);

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  if (serveStatic) {
    app.setGlobalPrefix('/api');
  }
  await app.listen(5000);
}
bootstrap();
`,
      }),
    );
    expect(guarded.surface.operations.map((o) => `${o.method} ${o.path} ${o.unresolvedPrefix}`)).toEqual([
      "GET /status setGlobalPrefix('/api') only when serveStatic",
    ]);
    expect(guarded.surface.diagnostics.filter((d) => d.code === 'prefix-not-resolved').map((d) => d.message)).toEqual([
      "prefix not resolved: setGlobalPrefix('/api') only when serveStatic at src/main.ts:8 (matched as a wildcard prefix)",
    ]);

    const chosen = await extractImplementedSurface(
      memoryRepo({
        'package.json': NEST,
        'src/status.controller.ts': controller,
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix(process.env.BEHIND_GATEWAY === 'true' ? '' : 'api/v1');
  await app.listen(3000);
}
bootstrap();
`,
      }),
    );
    expect(chosen.surface.operations.map((o) => `${o.method} ${o.path} ${o.unresolvedPrefix}`)).toEqual([
      "GET /status setGlobalPrefix(process.env.BEHIND_GATEWAY === 'true' ? '' : 'api/v1')",
    ]);
    expect(chosen.surface.diagnostics.map((d) => d.message)).toContain(
      "prefix not resolved: setGlobalPrefix(process.env.BEHIND_GATEWAY === 'true' ? '' : 'api/v1') at src/main.ts:6 (matched as a wildcard prefix)",
    );
  });
});

describe("NestJS controllers and routes declared through the project's own decorators", () => {
  const NEST = JSON.stringify({ dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0' } });

  it('reads the prefix and routes of a controller whose decorator applies Controller inside applyDecorators', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': NEST,
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('api');
}
`,
        'src/common/api-controller.decorator.ts': `import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JwtGuard } from './jwt.guard';

export function ApiController(path = '', tag?: string) {
  return applyDecorators(Controller(path), ApiTags(tag ?? path), UseGuards(JwtGuard));
}

export const PortalController = (portal: string, path: string) => applyDecorators(Controller(\`\${portal}/\${path}\`));

export const LogController = (options: { context: string; path: string }) =>
  applyDecorators(ApiTags(options.context), Controller(options));

export const ScopedController = ({ scope, ...options }: { scope: string; path: string }) =>
  applyDecorators(ApiTags(scope), Controller(options));

export function ApiGet(path: string, summary: string) {
  const decorators = [Get(path), ApiOperation({ summary })];
  return applyDecorators(...decorators);
}
`,
        'src/common/jwt.guard.ts': `import { AuthGuard } from '@nestjs/passport';
export class JwtGuard extends AuthGuard('jwt') {}
`,
        'src/users/users.controller.ts': `import { Get, Post } from '@nestjs/common';
import { ApiController, ApiGet } from '../common/api-controller.decorator';

@ApiController('users')
export class UsersController {
  @Get(':id')
  one() {}

  @Post()
  create() {}

  @ApiGet('me/profile', 'The signed-in user')
  profile() {}
}
`,
        'src/root.controller.ts': `import { Get } from '@nestjs/common';
import { ApiController } from './common/api-controller.decorator';

@ApiController()
export class RootController {
  @Get('ping')
  ping() {}
}
`,
        'src/admin/users.controller.ts': `import { Delete } from '@nestjs/common';
import { PortalController } from '../common/api-controller.decorator';

@PortalController('admin', 'users')
export class AdminUsersController {
  @Delete(':id')
  remove() {}
}
`,
        'src/debug/log.controller.ts': `import { Get } from '@nestjs/common';
import { LogController } from '../common/api-controller.decorator';

@LogController({ context: 'debug', path: 'debug/log' })
export class SimpleLogController {
  @Get()
  log() {}
}
`,
        'src/audit/audit.controller.ts': `import { Get } from '@nestjs/common';
import { ScopedController } from '../common/api-controller.decorator';

@ScopedController({ scope: 'audit', path: 'audit/events' })
export class AuditController {
  @Get()
  list() {}
}
`,
      }),
    );
    const routes = result.declared.map((r) => `${r.method} ${r.path} ${r.file}:${r.line}`).sort();
    expect(routes).toEqual([
      'DELETE /api/admin/users/{id} src/admin/users.controller.ts:6',
      'GET /api/audit/events src/audit/audit.controller.ts:6',
      'GET /api/debug/log src/debug/log.controller.ts:6',
      'GET /api/ping src/root.controller.ts:6',
      'GET /api/users/me/profile src/users/users.controller.ts:12',
      'GET /api/users/{id} src/users/users.controller.ts:6',
      'POST /api/users src/users/users.controller.ts:9',
    ]);
    // The guard the custom decorator applies guards the controller's routes.
    const users = result.surface.operations.filter((o) => o.path.startsWith('/api/users'));
    expect(users.map((o) => o.auth?.state)).toEqual(['required', 'required', 'required']);
  });

  it("follows the project's own function named Controller to the Nest decorator it wraps under another name", async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': NEST,
        'src/common/controller.helper.ts': `import { Controller as C, applyDecorators } from '@nestjs/common';
export const Controller = (name = '') => applyDecorators(C(\`v2/\${name}\`));
`,
        'src/cities.controller.ts': `import { Get } from '@nestjs/common';
import { Controller } from './common/controller.helper';

@Controller('cities')
export class CitiesController {
  @Get()
  all() {}
}
`,
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/cities']);
  });
});

describe('static-file mounts and CORS preflight answers below the root', () => {
  it('leaves them out of the view and lists each with its reason', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^4.18.0', cors: '^2.8.5', 'serve-static': '^1' } }),
        'app.js': `const express = require('express');
const cors = require('cors');
const serveStatic = require('serve-static');
const app = express();
const api = express.Router();
app.options('/api/*', cors());
app.use('/static', express.static('public'));
app.use('/media', serveStatic('media'));
api.get('/items', (req, res) => res.json([]));
api.get('/files/*', (req, res) => res.sendFile(req.params[0]));
app.all('/api/ping', (req, res) => res.send('pong'));
app.use('/api', api);
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'DELETE /api/ping',
      'GET /api/files/*',
      'GET /api/items',
      'GET /api/ping',
      'HEAD /api/ping',
      'OPTIONS /api/ping',
      'PATCH /api/ping',
      'POST /api/ping',
      'PUT /api/ping',
    ]);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.file}:${l.line} ${l.reason}`).sort()).toEqual([
      'GET /media/* app.js:8 machinery: static files under /media',
      'GET /static/* app.js:7 machinery: static files under /static',
      'OPTIONS /api/* app.js:6 machinery: CORS preflight answer',
    ]);
  });
});

describe('@hono/zod-openapi routes', () => {
  it('reads app.openapi(createRoute(…), handler) with configs imported as a namespace, routers mounted in a loop, and a route middleware as a guard', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { '@hono/zod-openapi': '^1.0.0', 'hono-jwt-kit': '^1' } }),
        'src/lib/types.ts': `import type { OpenAPIHono } from '@hono/zod-openapi';
export type ClinicApp = OpenAPIHono<{ Variables: { user: string } }>;
`,
        'src/lib/create-app.ts': `import { OpenAPIHono } from '@hono/zod-openapi';
export function createRouter() {
  return new OpenAPIHono({ strict: false });
}
`,
        'src/lib/auth.ts': `export async function requireAuth(c, next) {
  if (!c.req.header('Authorization')) return c.json({ message: 'Unauthorized' }, 401);
  await next();
}
`,
        'src/routes/patients.routes.ts': `import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth';
export const list = createRoute({ path: '/patients', method: 'get', responses: {} });
export const getOne = createRoute({
  path: '/patients/{patientId}',
  method: 'get',
  middleware: [requireAuth] as const,
  request: { params: z.object({ patientId: z.string().openapi({ example: 'p1' }) }) },
  responses: {},
});
`,
        'src/routes/patients.index.ts': `import { createRouter } from '../lib/create-app';
import * as routes from './patients.routes';
const router = createRouter()
  .openapi(routes.list, (c) => c.json([]))
  .openapi(routes.getOne, (c) => c.json({}));
export default router;
`,
        'src/routes/health.route.ts': `import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../lib/create-app';
export default createRouter().openapi(createRoute({ method: 'get', path: '/health', responses: {} }), (c) => c.text('ok'));
`,
        'src/docs.ts': `import { swaggerUI } from '@hono/swagger-ui';
import type { ClinicApp } from './lib/types';
export function configureDocs(app: ClinicApp) {
  app.doc('/openapi', { openapi: '3.0.0', info: { title: 'Clinic', version: '1' } });
  app.get('/ui', swaggerUI({ url: '/openapi' }));
}
`,
        'src/app.ts': `import { createRouter } from './lib/create-app';
import { configureDocs } from './docs';
import patients from './routes/patients.index';
import health from './routes/health.route';
const app = createRouter();
configureDocs(app);
const routes = [health, patients] as const;
routes.forEach((route) => {
  app.route('/v1', route);
});
export default app;
`,
      }),
    );
    const ops = Object.fromEntries(result.surface.operations.map((o) => [`${o.method} ${o.path}`, o.auth?.state]));
    expect(ops).toEqual({
      'GET /v1/health': 'none',
      'GET /v1/patients': 'none',
      'GET /v1/patients/{patientId}': 'required',
    });
    // The parameter typed through a project alias of OpenAPIHono is the app, so its docs routes are read, and left out.
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.reason}`).sort()).toEqual([
      'GET /openapi machinery: generated spec served by the app',
      'GET /ui machinery: API docs UI served by the app',
    ]);
  });

  it('leaves out an Express mount of swagger-ui-express and a Scalar reference route', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({
          dependencies: { express: '^4.18.0', 'swagger-ui-express': '^5', '@scalar/express-api-reference': '^0.4' },
        }),
        'app.js': `const express = require('express');
const swaggerUI = require('swagger-ui-express');
const { apiReference } = require('@scalar/express-api-reference');
const doc = require('./openapi.json');
const app = express();
app.get('/lists', (req, res) => res.json([]));
app.get('/reference', apiReference({ url: '/openapi.json' }));
app.use('/', swaggerUI.serve, swaggerUI.setup(doc));
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /lists']);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.file}:${l.line} ${l.reason}`).sort()).toEqual([
      'GET /* app.js:8 machinery: API docs UI served by the app',
      'GET /reference app.js:7 machinery: API docs UI served by the app',
    ]);
  });
});

describe('modules listed by a glob and route tables iterated per module', () => {
  const KOA_PKG = JSON.stringify({
    dependencies: { koa: '^2.15.0', 'koa-router': '^7.0.1', glob: '^7.1.1', 'koa-mount': '^4', 'koa-static': '^5' },
  });

  it('lists the folders a glob callback receives from the checkout files, ignore applied, each loaded by a computed require', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': KOA_PKG,
        'src/server.js': `import Koa from 'koa';
const app = new Koa();
require('./modules')(app);
export default app;
`,
        'src/modules/index.js': `import glob from 'glob';
import Router from 'koa-router';
exports = module.exports = function initModules(app) {
  glob(\`\${__dirname}/*\`, { ignore: '**/index.js' }, (err, matches) => {
    matches.forEach((mod) => {
      const table = require(\`\${mod}/router\`);
      const instance = new Router({ prefix: table.baseUrl });
      table.default.forEach(({ method, route, handler }) => instance[method.toLowerCase()](route, handler));
      app.use(instance.routes());
    });
  });
};
`,
        'src/modules/orders/router.js': `export const baseUrl = '/orders';
export default [
  { method: 'GET', route: '/', handler: async (ctx) => { ctx.body = []; } },
  { method: 'POST', route: '/', handler: async (ctx) => { ctx.status = 201; } },
];
`,
        'src/modules/stock/router.js': `export const baseUrl = '/stock';
export default [{ method: 'GET', route: '/:sku', handler: async (ctx) => { ctx.body = {}; } }];
`,
        'src/elsewhere/router.js': `export const baseUrl = '/hidden';
export default [{ method: 'GET', route: '/', handler: async (ctx) => { ctx.body = {}; } }];
`,
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path} ${r.file}:${r.line}`).sort()).toEqual([
      'GET /orders src/modules/orders/router.js:3',
      'GET /stock/{sku} src/modules/stock/router.js:2',
      'POST /orders src/modules/orders/router.js:4',
    ]);
  });

  it('reads glob.sync over files, each required by the path it lists', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^4.19.2', glob: '^7.1.1' } }),
        'app.js': `const express = require('express');
const glob = require('glob');
const app = express();
glob.sync(\`\${__dirname}/routes/*.js\`).forEach((file) => app.use('/api', require(file)));
module.exports = app;
`,
        'routes/pets.js': `const router = require('express').Router();
router.get('/pets', (req, res) => res.json([]));
module.exports = router;
`,
        'routes/vets.js': `const router = require('express').Router();
router.delete('/vets/:id', (req, res) => res.status(204).end());
module.exports = router;
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'DELETE /api/vets/{id}',
      'GET /api/pets',
    ]);
  });

  it('makes a router per loop iteration, each with its own prefix', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': KOA_PKG,
        'app.js': `const Koa = require('koa');
const Router = require('koa-router');
const app = new Koa();
['users', 'teams'].forEach((name) => {
  const router = new Router({ prefix: \`/\${name}\` });
  router.get('/', async (ctx) => { ctx.body = []; });
  app.use(router.routes());
});
module.exports = app;
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(['GET /teams', 'GET /users']);
  });

  it('places a route of a table at the entry where its path is written', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
        'app.js': `const express = require('express');
const router = express.Router();
const table = [
  { method: 'get', path: '/books', handler: (req, res) => res.json([]) },
  { method: 'put', path: '/books/:id', handler: (req, res) => res.json({}) },
];
table.forEach(({ method, path, handler }) => router[method](path, handler));
router.get('/ping', (req, res) => res.send('pong'));
module.exports = router;
`,
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path} ${r.file}:${r.line}`).sort()).toEqual([
      'GET /books app.js:4',
      'GET /ping app.js:8',
      'PUT /books/{id} app.js:5',
    ]);
  });

  it('reads middleware through koa-convert and koa-mount: a static folder left out, a Koa app under a prefix', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': KOA_PKG,
        'app.js': `const Koa = require('koa');
const Router = require('koa-router');
const mount = require('koa-mount');
const serve = require('koa-static');
const convert = require('koa-convert');
const app = new Koa();
const api = new Koa();
const router = new Router();
router.get('/status', async (ctx) => { ctx.body = { ok: true }; });
api.use(router.routes());
app.use(convert(mount('/docs', serve(\`\${process.cwd()}/docs\`))));
app.use(mount('/v1', api));
module.exports = app;
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /v1/status']);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.file}:${l.line} ${l.reason}`)).toEqual([
      'GET /docs/* app.js:11 machinery: static files under /docs',
    ]);
  });
});

describe('one Express API router mounted at two prefixes', () => {
  const routesOf = async (files: Record<string, string>) =>
    (await extractImplementedSurface(memoryRepo(files))).surface.operations.map((o) => {
      const e = o.evidence[0];
      return `${o.method} ${o.path} ${e?.source === 'implemented' ? `${e.file}:${e.line}` : '?'}`;
    });

  it('a router from an index that hands on another module (`module.exports = require(…)`) is served under each mount', async () => {
    const ops = await routesOf({
      'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
      'server/server.js': `const express = require('express');
const routes = require('./routes');
const app = express();
app.use('/', routes.render);
app.use('/api/v2', routes.api);
app.use('/api', routes.api);
app.listen(3000);
`,
      'server/routes/index.js': `module.exports = require('./routes');
`,
      'server/routes/routes.js': `const { Router } = require('express');
const links = require('./link.routes');
const renderRouter = Router();
renderRouter.get('/about', (req, res) => res.render('about'));
const apiRouter = Router();
apiRouter.use('/links', links);
module.exports = { api: apiRouter, render: renderRouter };
`,
      'server/routes/link.routes.js': `const { Router } = require('express');
const router = Router();
router.get('/', (req, res) => res.json([]));
router.delete('/:id', (req, res) => res.json({}));
module.exports = router;
`,
    });
    expect(ops.sort()).toEqual(
      [
        'GET /about server/routes/routes.js:4',
        'GET /api/links server/routes/link.routes.js:3',
        'DELETE /api/links/{id} server/routes/link.routes.js:4',
        'GET /api/v2/links server/routes/link.routes.js:3',
        'DELETE /api/v2/links/{id} server/routes/link.routes.js:4',
      ].sort(),
    );
  });

  it('routers spread into use() from an array another module exports are mounted at each prefix', async () => {
    const ops = await routesOf({
      'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
      'index.js': `const express = require('express');
const appRoute = require('./src/Routes/index');
const app = express();
app.use('/api', appRoute);
module.exports = app;
`,
      'src/Routes/index.js': `const Router = require('express').Router();
const v1Routes = require('./Appv1');
Router.use('/v1', ...v1Routes);
Router.use('/', ...v1Routes);
module.exports = Router;
`,
      'src/Routes/Appv1/index.js': `const users = require('./users');
const orders = require('./orders');
module.exports = [users, orders];
`,
      'src/Routes/Appv1/users.js': `const router = require('express').Router();
router.get('/users', (req, res) => res.json([]));
module.exports = router;
`,
      'src/Routes/Appv1/orders.js': `const router = require('express').Router();
router.post('/orders', (req, res) => res.json({}));
module.exports = router;
`,
    });
    expect(ops.sort()).toEqual(
      [
        'GET /api/users src/Routes/Appv1/users.js:2',
        'GET /api/v1/users src/Routes/Appv1/users.js:2',
        'POST /api/orders src/Routes/Appv1/orders.js:2',
        'POST /api/v1/orders src/Routes/Appv1/orders.js:2',
      ].sort(),
    );
  });
});

describe('route modules loaded from a folder by readdir', () => {
  const EXPRESS_PKG = JSON.stringify({ dependencies: { express: '^4.19.2' } });

  it("mounts each module's { path, router } at its path, a factory called with the app included", async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': EXPRESS_PKG,
        'app.js': `const express = require('express');
const fs = require('fs');
const path = require('path');
const app = express();
const dir = path.join(__dirname, 'routes');
fs.readdirSync(dir).forEach((f) => {
  const m = require(path.join(dir, f));
  const route = typeof m === 'function' ? m(app) : m;
  app.use(route.path ?? '/', route.router);
});
module.exports = app;
`,
        'routes/info.js': `const router = require('express').Router();
router.get('/', (req, res) => res.json({ name: 'svc' }));
router.get('/version', (req, res) => res.json({ version: '1' }));
module.exports = (app) => ({ path: '/_info', router });
`,
        'routes/pets.js': `const router = require('express').Router();
router.get('/:id', (req, res) => res.json({}));
module.exports = { path: '/pets', router };
`,
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path} ${r.file}:${r.line}`).sort()).toEqual([
      'GET /_info routes/info.js:2',
      'GET /_info/version routes/info.js:3',
      'GET /pets/{id} routes/pets.js:2',
    ]);
  });

  it('mounts each router of a folder at its file name (replace, split, basename), the loader itself skipped', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': EXPRESS_PKG,
        'app.js': `const express = require('express');
const app = express();
app.use('/api', require('./routes'));
app.use('/v2', require('./v2'));
module.exports = app;
`,
        'routes/index.js': `const router = require('express').Router();
const fs = require('fs');
fs.readdirSync(__dirname).forEach((file) => {
  if (file === 'index.js') return;
  router.use(\`/\${file.replace(/\\.js$/, '')}\`, require(\`./\${file}\`));
});
module.exports = router;
`,
        'routes/users.js': `const router = require('express').Router();
router.get('/:id', (req, res) => res.json({}));
module.exports = router;
`,
        'v2/index.js': `const router = require('express').Router();
const fs = require('fs');
const path = require('path');
for (const file of fs.readdirSync(__dirname)) {
  if (file === 'index.js') continue;
  router.use('/' + path.basename(file, '.js'), require(path.join(__dirname, file)));
}
module.exports = router;
`,
        'v2/orders.js': `const router = require('express').Router();
router.post('/', (req, res) => res.status(201).json({}));
module.exports = router;
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /api/users/{id}',
      'POST /v2/orders',
    ]);
  });

  it('applies a rewrite of the path that depends only on the module object (a version prefix unless skip_domain)', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': EXPRESS_PKG,
        'app.js': `const express = require('express');
const fs = require('fs');
function makeRouter() {
  const options = { mergeParams: true };
  return new express.Router(options);
}
function loadRoutes(app, dir) {
  fs.readdirSync(dir).forEach((fname) => {
    const route = require(\`\${dir}/\${fname}\`)(app);
    if (route.path[0] !== '/') route.path = \`/\${route.path}\`;
    if (!route.skip_domain) route.path = \`/:domain/v\${route.api_version}\${route.path}\`;
    app.use(route.path, route.router);
  });
}
const app = express();
loadRoutes(app, \`\${__dirname}/routes\`);
module.exports = { makeRouter };
`,
        'routes/info.js': `const router = require('../app').makeRouter();
router.get('/name', (req, res) => res.json({}));
module.exports = () => ({ path: '/_info', skip_domain: true, router });
`,
        'routes/v1.js': `const router = require('../app').makeRouter();
router.get('/page/:title', (req, res) => res.send(''));
module.exports = () => ({ path: '/', api_version: 1, router });
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /_info/name',
      'GET /{domain}/v1/page/{title}',
    ]);
  });
});

describe('a folder handed to an exported loader by its one call site', () => {
  const files = (before: string, folders: string[]): Record<string, string> => ({
    'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
    'lib/loader.js': `const fs = require('fs');
export function loadRoutes(app, dir) {
  fs.readdirSync(dir).forEach((fname) => {
    const route = require(\`\${dir}/\${fname}\`)(app);
    app.use(route.path, route.router);
  });
}
export function preloadRoutes(app) {
  return app;
}
`,
    'app.js': `const express = require('express');
import { loadRoutes, preloadRoutes } from './lib/loader';
const app = express();
${before}
${folders.map((folder) => `loadRoutes(app, \`\${__dirname}/${folder}\`);`).join('\n')}
module.exports = app;
`,
    'routes/info.js': `const router = require('express').Router();
router.get('/name', (req, res) => res.json({}));
module.exports = () => ({ path: '/info', router });
`,
  });

  it('reads the folder the one call gives, a call of another function whose name ends the same not counted', async () => {
    const result = await extractImplementedSurface(memoryRepo(files('preloadRoutes(app);', ['routes'])));
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toContain('GET /info/name');
  });

  it('reads no folder when the loader is called twice: which call a route comes from cannot be told', async () => {
    const result = await extractImplementedSurface(memoryRepo(files('', ['routes', 'other'])));
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).not.toContain('GET /info/name');
  });
});

describe('a route that answers only with the spec or its docs page', () => {
  it('is left out as docs machinery when every other request is passed on with next()', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
        'app.js': `const express = require('express');
const swaggerUi = require('./lib/swagger-ui');
const app = express();
app.get('/', (req, res, next) => {
  if ('spec' in req.query) res.json(app.conf.spec);
  else if ('doc' in req.query) return swaggerUi.processRequest(app, req, res);
  else next();
});
app.get('/robots.txt', (req, res, next) => {
  if (req.query.plain) res.type('text/plain').end('User-agent: *');
  else next();
});
module.exports = app;
`,
        'lib/swagger-ui.js': 'module.exports = { processRequest: (app, req, res) => res.send("<html>") };\n',
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /robots.txt']);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.reason}`)).toContain(
      'GET / machinery: API docs UI served by the app',
    );
  });
});

describe('controller classes handed to an app class and mounted in a loop', () => {
  it('keeps the version prefix of the loop mount, the controllers followed from the constructor to `new App([…])`', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^4.19.2', 'redoc-express': '^2.1.0' } }),
        'src/constants.ts': "export const API_VERSION = 'v1';\n",
        'src/app.ts': `import express from 'express';
import { Router } from 'express';
import { API_VERSION } from './constants';
export interface Controller { basepath: string; boot(): Router | Promise<Router>; }
export class App {
  private app = express();
  constructor(private readonly controllers: Controller[]) {}
  public async init() {
    this.app.use(express.json());
    await this.initializeControllers(this.controllers);
  }
  private async initializeControllers(controllers: Controller[]) {
    for (const controller of controllers) {
      this.app.use(\`/\${API_VERSION}\`, await controller.boot());
    }
  }
}
`,
        'src/server.ts': `import { App } from './app';
import { ValidateController } from './controllers/validate.controller';
import { DocsController } from './controllers/docs.controller';
const app = new App([new ValidateController(), new DocsController()]);
app.init();
`,
        'src/controllers/validate.controller.ts': `import { Router, Request, Response } from 'express';
export class ValidateController {
  public basepath = '/validate';
  private async validate(req: Request, res: Response) { res.status(204).end(); }
  public async boot(): Promise<Router> {
    const router = Router();
    router.post(\`\${this.basepath}\`, this.validate.bind(this));
    return router;
  }
}
`,
        'src/controllers/docs.controller.ts': `import { Router } from 'express';
import redoc from 'redoc-express';
export class DocsController {
  public basepath = '/docs';
  public boot(): Router {
    const router = Router();
    router.get(\`\${this.basepath}/openapi.yaml\`, (req, res) => res.sendFile('openapi.yaml'));
    router.get(this.basepath, redoc({ title: 'API', specUrl: '/v1/docs/openapi.yaml' }));
    return router;
  }
}
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['POST /v1/validate']);
    expect(result.leftOut.map((l) => `${l.method} ${l.path}`).sort()).toEqual([
      'GET /v1/docs',
      'GET /v1/docs/openapi.yaml',
    ]);
  });
});

describe("routes declared on a NestJS app's HTTP adapter", () => {
  it('are served at the root whatever setGlobalPrefix says, on Express or on the Fastify instance', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({
          dependencies: {
            '@nestjs/core': '^10.0.0',
            '@nestjs/common': '^10.0.0',
            '@nestjs/platform-fastify': '^10.0.0',
          },
        }),
        'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());
  app.getHttpAdapter().get('/', async (req, reply) => reply.send({ ok: true }));
  app.setGlobalPrefix('/api');
  app.getHttpAdapter().getInstance().get('/health', async (req, reply) => reply.send({ ok: true }));
  await app.listen(3000);
}
bootstrap();
`,
        'src/app.module.ts': `import { Module } from '@nestjs/common';
import { CatsController } from './cats.controller';
@Module({ controllers: [CatsController] })
export class AppModule {}
`,
        'src/cats.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('cats')
export class CatsController {
  @Get()
  findAll() { return []; }
}
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /',
      'GET /api/cats',
      'GET /health',
    ]);
  });
});

describe('Hono endpoints served by middleware, and 404-only subtrees', () => {
  it('a GraphQL server on one exact path answers every method; a subtree answering only 404 is left out', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { hono: '^4.5.0', '@hono/graphql-server': '^0.5.0' } }),
        'src/index.ts': `import { Hono } from 'hono';
import { graphqlServer } from '@hono/graphql-server';
import { logger } from 'hono/logger';
import { schema } from './schema';
const app = new Hono();
const mcp = new Hono();
mcp.all('/', async (c) => c.json({ jsonrpc: '2.0' }));
app.use('*', logger());
app.use('/api/*', async (c, next) => { await next(); });
app.use('/graphql', graphqlServer({ schema }));
app.use('/ping', async (c) => c.text('pong'));
app.get('/content/*', (c) => c.notFound());
app.route('/mcp', mcp);
export default app;
`,
        'src/schema.ts': 'export const schema = {};\n',
      }),
    );
    const keys = result.surface.operations.map((o) => `${o.method} ${o.path}`);
    for (const path of ['/graphql', '/ping', '/mcp'])
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) expect(keys).toContain(`${method} ${path}`);
    expect(keys.filter((k) => !/ \/(graphql|ping|mcp)$/.test(k))).toEqual([]);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.reason}`)).toContain(
      'GET /content/* machinery: catch-all answering 404 under /content',
    );
  });
});

describe('Express 5 wildcard syntax', () => {
  it('reads `{/*rest}` and `/*splat` as catch-alls, left out, and an optional group as the part it holds', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^5.1.0' } }),
        'app.js': `const express = require('express');
const app = express();
app.get('/users{/:id}', (req, res) => res.json({}));
app.get('/files/*splat', (req, res) => res.sendFile(req.params.splat.join('/')));
app.all('{/*rest}', (req, res) => res.status(404).json({ error: 'not found' }));
module.exports = app;
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /files/{splat}',
      'GET /users/{id}',
    ]);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.reason}`)).toContain(
      'POST /{rest} machinery: catch-all fallback for every other path',
    );
  });
});

describe('an Express sub-router no mount was found for', () => {
  it('is listed at the root with its prefix marked unresolved, so the output says where it is not known', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
        'app.js': `const express = require('express');
const app = express();
for (const c of loadControllers()) app.use('/v1', c.router);
app.get('/health', (req, res) => res.json({}));
module.exports = app;
`,
        'users.js': `const router = require('express').Router();
router.get('/users', (req, res) => res.json([]));
module.exports = { router };
`,
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path} ${r.unresolvedPrefix ?? ''}`.trim()).sort()).toEqual([
      'GET /health',
      'GET /users (mount of this router not found)',
    ]);
  });

  it('reads a config object handed to loader modules as { config } at the prefix the loader mounts the API at', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ dependencies: { express: '4' } }),
      'src/config/index.js': [
        "import dotenv from 'dotenv';",
        'dotenv.config();',
        'export default { VERSION: process.env.API_VERSION || 2, PORT: process.env.PORT || 3000 };',
      ].join('\n'),
      'src/index.js': [
        "import appLoader from './loaders';",
        "import config from './config';",
        '(async () => {',
        '  const app = await appLoader({ config });',
        '  app.listen(config.PORT);',
        '})();',
      ].join('\n'),
      'src/loaders/index.js': [
        "import expressLoader from './expressLoader';",
        'export default async ({ config }) => {',
        '  const app = expressLoader({ config });',
        '  return app;',
        '};',
      ].join('\n'),
      'src/loaders/expressLoader.js': [
        "import express from 'express';",
        "import apiRoutes from '../api';",
        'export default ({ config }) => {',
        '  const app = express();',
        '  app.use(express.json());',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture's source text is a template literal
        '  app.use(`/api/v${config.VERSION}`, apiRoutes());',
        '  return app;',
        '};',
      ].join('\n'),
      'src/api/index.js': [
        "import { Router } from 'express';",
        "import OrdersRoute from './orders';",
        'export default () => {',
        '  const router = Router();',
        '  OrdersRoute(router);',
        '  return router;',
        '};',
      ].join('\n'),
      'src/api/orders/index.js': [
        "import { Router } from 'express';",
        'const route = Router();',
        'export default function (root) {',
        "  root.use('/orders', route);",
        "  route.get('/', (req, res) => res.json([]));",
        "  route.get('/:orderId', (req, res) => res.json({}));",
        '}',
      ].join('\n'),
    });
    const { surface } = await extractImplementedSurface(repo);
    const ops = surface.operations.map(
      (o) => `${o.method} ${o.path}${o.unresolvedPrefix ? ` <${o.unresolvedPrefix}>` : ''}`,
    );
    expect(ops.sort()).toEqual(['GET /api/v2/orders', 'GET /api/v2/orders/{orderId}']);
  });

  it('reads the routes loader modules declare on the app they are given, under a prefix from a config object', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({
        dependencies: { express: '4', 'express-jwt': '6', agendash: '2', 'express-basic-auth': '1', typedi: '0.8' },
      }),
      'src/config/index.ts': [
        "import dotenv from 'dotenv';",
        "process.env.NODE_ENV = process.env.NODE_ENV || 'development';",
        'const envFound = dotenv.config();',
        'if (envFound.error) throw new Error("no .env");',
        'export default {',
        '  port: parseInt(process.env.PORT, 10),',
        '  jwtSecret: process.env.JWT_SECRET,',
        "  api: { prefix: '/api' },",
        "  agendash: { user: 'agendash', password: '123456' },",
        '};',
      ].join('\n'),
      'src/app.ts': [
        "import express from 'express';",
        "import config from './config';",
        'async function startServer() {',
        '  const app = express();',
        "  await require('./loaders').default({ expressApp: app });",
        '  app.listen(config.port);',
        '}',
        'startServer();',
      ].join('\n'),
      'src/loaders/index.ts': [
        "import expressLoader from './express';",
        'export default async ({ expressApp }) => {',
        '  await expressLoader({ app: expressApp });',
        '};',
      ].join('\n'),
      'src/loaders/express.ts': [
        "import express from 'express';",
        "import routes from '../api';",
        "import config from '../config';",
        'export default ({ app }: { app: express.Application }) => {',
        "  app.get('/status', (req, res) => { res.status(200).end(); });",
        "  app.head('/status', (req, res) => { res.status(200).end(); });",
        '  app.use(express.json());',
        '  app.use(config.api.prefix, routes());',
        '  app.use((err, req, res, next) => { res.status(err.status || 500).json({ errors: { message: err.message } }); });',
        '};',
      ].join('\n'),
      'src/api/index.ts': [
        "import { Router } from 'express';",
        "import auth from './routes/auth';",
        "import user from './routes/user';",
        "import agendash from './routes/agendash';",
        'export default () => {',
        '  const app = Router();',
        '  auth(app);',
        '  user(app);',
        '  agendash(app);',
        '  return app;',
        '};',
      ].join('\n'),
      'src/api/routes/auth.ts': [
        "import { Router, Request, Response } from 'express';",
        'const route = Router();',
        'export default (app: Router) => {',
        "  app.use('/auth', route);",
        "  route.post('/signup', async (req: Request, res: Response) => res.status(201).json({}));",
        "  route.post('/signin', async (req: Request, res: Response) => res.json({}));",
        '};',
      ].join('\n'),
      'src/api/routes/user.ts': [
        "import { Router, Request, Response } from 'express';",
        "import jwt from 'express-jwt';",
        "import config from '../../config';",
        "const isAuth = jwt({ secret: config.jwtSecret, algorithms: ['HS256'] });",
        'const route = Router();',
        'export default (app: Router) => {',
        "  app.use('/users', route);",
        "  route.get('/me', isAuth, (req: Request, res: Response) => res.json({ user: req.user }));",
        '};',
      ].join('\n'),
      'src/api/routes/agendash.ts': [
        "import { Router } from 'express';",
        "import basicAuth from 'express-basic-auth';",
        "import agendash from 'agendash';",
        "import { Container } from 'typedi';",
        "import config from '../../config';",
        'export default (app: Router) => {',
        "  const agendaInstance = Container.get('agendaInstance');",
        "  app.use('/dash', basicAuth({ users: { [config.agendash.user]: config.agendash.password }, challenge: true }), agendash(agendaInstance));",
        '};',
      ].join('\n'),
    });
    const result = await extractImplementedSurface(repo);
    const ops = result.surface.operations.map(
      (o) => `${o.method} ${o.path}${o.unresolvedPrefix ? ` <${o.unresolvedPrefix}>` : ''}`,
    );
    expect(ops.sort()).toEqual([
      'GET /api/users/me',
      'GET /status',
      'HEAD /status',
      'POST /api/auth/signin',
      'POST /api/auth/signup',
    ]);
    // The job dashboard behind basic auth is the operators', not the API's: named among the routes left out.
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.file}:${l.line} ${l.reason}`)).toContain(
      "GET /api/dash/* src/api/routes/agendash.ts:8 machinery: a package's dashboard served by the app",
    );
  });

  it('an Express use() whose handler answers the request itself is the endpoint at that path, every method', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ dependencies: { express: '4', 'express-graphql': '0.12' } }),
      'src/server.js': [
        "const express = require('express');",
        "const { graphqlHTTP } = require('express-graphql');",
        "const schema = require('./schema');",
        'const app = express();',
        "app.use('/graphql', graphqlHTTP({ schema, graphiql: true }));",
        "app.use('/rpc', async (req, res) => {",
        '  const result = await dispatch(req.body);',
        '  res.json(result);',
        '});',
        "app.use('/logs', (req, res, next) => {",
        '  console.log(req.url);',
        '  next();',
        '});',
        "app.use('/api', (req, res) => res.status(404).json({ message: 'Not found' }));",
        "app.get('/health', (req, res) => res.send('ok'));",
        'app.listen(3000);',
      ].join('\n'),
    });
    const { surface } = await extractImplementedSurface(repo);
    const paths = new Map<string, Set<string>>();
    for (const o of surface.operations) paths.set(o.path, (paths.get(o.path) ?? new Set()).add(o.method));
    expect([...paths.keys()].sort()).toEqual(['/graphql', '/health', '/rpc']);
    expect(paths.get('/graphql')).toEqual(expect.objectContaining({ size: paths.get('/rpc')?.size }));
    expect([...(paths.get('/rpc') ?? [])]).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE']));
  });
});

describe('route modules listed by a promise of readdir, in an app that also makes outgoing calls', () => {
  it('mounts each module at its path when the listing arrives in .then((files) => …) and the file imports undici', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^5.1.0', undici: '^7.0.0' } }),
        'app.js': `const express = require('express');
const fs = require('fs');
const { EnvHttpProxyAgent, setGlobalDispatcher } = require('undici');
function initApp() {
  const app = express();
  setGlobalDispatcher(new EnvHttpProxyAgent());
  app.all('/{*catchall}', (req, res, next) => {
    res.header('access-control-allow-origin', '*');
    next();
  });
  return Promise.resolve(app);
}
function loadRoutes(app, dir) {
  return fs.promises.readdir(dir).then((files) => Promise.all(
    files.map((fname) => Promise.try(() => {
      let route;
      route = require(\`\${dir}/\${fname}\`);
      return route(app);
    }).then((route) => {
      if (route.path[route.path.length - 1] !== '/') route.path = \`\${route.path}/\`;
      app.use(route.path, route.router);
    })),
  ));
}
module.exports = () => initApp().then((app) => loadRoutes(app, \`\${__dirname}/routes\`));
`,
        'routes/info.js': `const router = require('express').Router();
router.get('/', (req, res) => res.json({ name: 'svc' }));
router.get('/version', (req, res) => res.json({ version: '1' }));
module.exports = (app) => ({ path: '/_info', skip_domain: true, router });
`,
        'routes/root.js': `const router = require('express').Router();
router.get('/robots.txt', (req, res) => res.type('txt').send('User-agent: *'));
module.exports = (app) => ({ path: '/', skip_domain: true, router });
`,
      }),
    );
    expect(
      result.surface.operations.map((o) => `${o.method} ${o.path} ${where(result, `${o.method} ${o.path}`)}`).sort(),
    ).toEqual([
      'GET /_info routes/info.js:2 express',
      'GET /_info/version routes/info.js:3 express',
      'GET /robots.txt routes/root.js:2 express',
    ]);
    // Express 5's named wildcard on every method only sets headers: a catch-all, named among the left out.
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.reason}`)).toContain(
      'POST /{catchall} machinery: catch-all fallback for every other path',
    );
  });
});

describe('a docs route that answers every request with the spec or the docs page', () => {
  it('is left out though it never calls next()', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
        'app.js': `const express = require('express');
const swaggerUi = require('./lib/swagger-ui');
const app = express();
app.get('/', (req, res, next) => {
  if ({}.hasOwnProperty.call(req.query || {}, 'spec')) {
    res.json(app.conf.spec);
  } else {
    return swaggerUi.processRequest(app, req, res);
  }
});
app.get('/status', (req, res, next) => res.json({ ok: true }));
module.exports = app;
`,
        'lib/swagger-ui.js': 'module.exports = { processRequest: (app, req, res) => res.send("<html>") };\n',
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /status']);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.reason}`)).toContain(
      'GET / machinery: API docs UI served by the app',
    );
  });
});

describe('an Express 4 last parameter taking zero or more segments', () => {
  it('serves the path without it and with it (`/help/:command*?`); a plain optional one stays one route', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
        'src/help.ts': `import { Router } from 'express';
const router = Router();
router.get('/help/:command*?', (req, res) => res.json(req.params.command ? { command: req.params.command } : []));
router.get('/files/:path*', (req, res) => res.json({}));
router.get('/siteinfo/:prop?', (req, res) => res.json({}));
export default router;
`,
        'src/app.ts': `import express from 'express';
import help from './help';
const app = express();
app.use('/v1', help);
export default app;
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /v1/files',
      'GET /v1/files/{path}',
      'GET /v1/help',
      'GET /v1/help/{command}',
      'GET /v1/siteinfo/{prop}',
    ]);
  });
});

describe('a Hono endpoint server made per request in a use() middleware', () => {
  it('answers every method on its exact path though the wrapper hands next along', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ dependencies: { hono: '^4.5.0', '@hono/graphql-server': '^0.5.0' } }),
        'src/index.ts': `import { Hono } from 'hono';
import { graphqlServer } from '@hono/graphql-server';
import { getSchema } from './schema';
const app = new Hono();
app.use('*', async (c, next) => { c.set('BASE_URL', new URL('/', c.req.url).toString()); await next(); });
app.use('/graphql', (c, next) => {
  return graphqlServer({ schema: getSchema({ c }) })(c, next);
});
app.use('/audit', (c, next) => {
  console.log(c.req.path);
  return next();
});
app.get('/shops', (c) => c.json([]));
export default app;
`,
        'src/schema.ts': 'export const getSchema = (o: unknown) => ({ o });\n',
      }),
    );
    const keys = result.surface.operations.map((o) => `${o.method} ${o.path}`);
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) expect(keys).toContain(`${method} /graphql`);
    expect(keys.filter((k) => !k.endsWith(' /graphql')).sort()).toEqual(['GET /shops']);
  });
});

describe('a NestJS body whose type comes from an installed package', () => {
  it('is named as not compared, per operation and line; a DTO of the checkout is compared as usual', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({
          dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0', '@acme/contracts': '^2.1.0' },
        }),
        'src/orders.controller.ts': `import { Body, Controller, Get, Post } from '@nestjs/common';
import { CreateOrderDto, OrderView } from '@acme/contracts';
import { NoteDto } from './note.dto';

@Controller('orders')
export class OrdersController {
  @Post()
  create(@Body() dto: CreateOrderDto): Promise<OrderView> {
    return this.orders.create(dto);
  }

  @Post('notes')
  note(@Body() note: NoteDto): NoteDto {
    return note;
  }
}
`,
        'src/note.dto.ts': `export class NoteDto {
  text: string;
}
`,
      }),
    );
    expect(
      result.notices
        .filter((n) => n.detail.includes('outside the checkout'))
        .map((n) => `${n.file}:${n.line} ${n.detail}`),
    ).toEqual([
      'src/orders.controller.ts:8 POST /orders: request body type @acme/contracts.CreateOrderDto, response body type @acme/contracts.OrderView are outside the checkout: not compared',
    ]);
  });
});
