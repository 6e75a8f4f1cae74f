import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { localRepo } from '../../src/checkout/index.js';
import { defaultConfig } from '../../src/config/index.js';
import type { Finding } from '../../src/model/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';

/**
 * Docs written in code beside a committed spec: two documented views of one API, matched to the code once. A drift
 * both miss is one finding, named by the spec's path, with the evidence of each.
 */

const SPEC = `openapi: 3.0.3
info: { title: Items, version: '1' }
servers: [{ url: /api }]
paths:
  /items/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: one } }
  /items:
    get:
      responses: { '200': { description: all } }
`;

const MAIN = `import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('Items').build());
  SwaggerModule.setup('docs', app, document);
  await app.listen(3000);
}
void bootstrap();
`;

const CONTROLLER = `import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';

@ApiTags('items')
@Controller('items')
export class ItemsController {
  @Get()
  @ApiOkResponse({ description: 'All items' })
  findAll() {
    return [];
  }

  @Get(':id')
  @ApiOkResponse({ description: 'One item' })
  findOne(@Param('id') id: string) {
    if (id === '0') throw new NotFoundException('No such item');
    return { id };
  }
}
`;

function scan() {
  const repo = memoryRepo({
    'package.json':
      '{ "name": "items", "dependencies": { "@nestjs/common": "^10.0.0", "@nestjs/core": "^10.0.0", "@nestjs/swagger": "^7.0.0" } }',
    'openapi.yaml': SPEC,
    'src/main.ts': MAIN,
    'src/items.controller.ts': CONTROLLER,
  });
  return analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
}

const documentedFiles = (f: Finding) =>
  f.evidence.flatMap((e) => (e.source === 'documented' ? [`${e.file}:${e.line}`] : [])).sort();

describe('docs in code beside a committed spec', () => {
  it('reports a status neither documents once, under the spec path, with both documentations as evidence', async () => {
    const { findings } = await scan();
    const statuses = findings.filter((f) => f.rule === 'undocumented-status');
    expect(statuses.map((f) => `${f.operation} ${f.subject}`)).toEqual(['GET /api/items/{id} 404']);
    const files = documentedFiles(statuses[0] as Finding).map((at) => at.split(':')[0]);
    expect(files).toEqual(['openapi.yaml', 'src/items.controller.ts']);
  });

  it('names no operation by the code path when the spec serves it under its base path', async () => {
    const { findings } = await scan();
    expect(findings.filter((f) => f.operation?.startsWith('GET /items'))).toEqual([]);
  });

  it('names the docs in code in a finding only they make (the spec lists the status, the decorator does not)', async () => {
    const app = join(import.meta.dirname, '../fixtures/code/nest-swagger');
    const { findings } = await analyze({ repo: localRepo(app), config: defaultConfig(), docs: ['openapi.yaml'] });
    const statuses = findings.filter((f) => f.rule === 'undocumented-status');
    expect(statuses.map((f) => [f.operation, f.subject, documentedFiles(f)])).toEqual([
      ['DELETE /items/{id}', '204', ['src/items.controller.ts:13']],
    ]);
    expect(statuses[0]?.message).toContain('a status the @nestjs/swagger documentation in code does not list');
  });

  it('reports each drift of the NestJS tuning app once, though its decorators and its spec.json both document it', async () => {
    const app = join(import.meta.dirname, '../fixtures/real-apps/rsschool-nestjs');
    const { findings, inventory } = await analyze({
      repo: localRepo(app),
      config: defaultConfig(),
      docs: ['src/spec.json'],
    });
    // One inventory row per operation, seen by the docs and the code alike.
    expect(
      inventory.operations
        .filter((o) => o.path.endsWith('/disciplines'))
        .map((o) => `${o.method} ${o.path} ${[...o.sources].sort().join(',')}`),
    ).toEqual(['GET /api/v2/disciplines documented,implemented', 'POST /api/v2/disciplines documented,implemented']);
    const onKeptModules = findings.filter((f) => /\/(disciplines|discord-servers)\b/.test(f.operation ?? ''));
    expect(onKeptModules.length).toBeGreaterThan(0);
    // The spec serves every operation under /api/v2: none is named as the bare route the decorators sit on.
    expect(onKeptModules.filter((f) => !f.operation?.includes(' /api/v2/')).map((f) => f.operation)).toEqual([]);
    // Each status finding points at both places a user would fix: the spec line and the decorated handler.
    for (const f of onKeptModules.filter((x) => x.rule === 'undocumented-status')) {
      const files = documentedFiles(f).map((at) => at.replace(/^.*\.controller\.ts:\d+$/, 'controller'));
      expect(new Set(files.map((at) => at.split(':')[0])), `${f.operation} ${f.subject}`).toEqual(
        new Set(['src/spec.json', 'controller']),
      );
    }
  });
});

describe('security declared in docs in code', () => {
  const nestApp = (controller: string) =>
    memoryRepo({
      'package.json':
        '{ "name": "notes", "dependencies": { "@nestjs/common": "^10.0.0", "@nestjs/core": "^10.0.0", "@nestjs/passport": "^10.0.0", "@nestjs/swagger": "^7.0.0" } }',
      'src/main.ts': MAIN,
      'src/notes.controller.ts': controller,
    });

  it('reads @ApiBearerAuth on a controller or a method: a guarded route it documents is not "undocumented auth"', async () => {
    const repo = nestApp(`import { Controller, Delete, Get, Param, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';

@ApiBearerAuth()
@Controller('notes')
export class NotesController {
  @Get()
  @UseGuards(AuthGuard('jwt'))
  findAll() {
    return [];
  }

  @Delete(':id')
  @ApiSecurity('api-key')
  @UseGuards(AuthGuard('jwt'))
  remove(@Param('id') id: string) {}
}

@Controller('drafts')
export class DraftsController {
  @Get()
  @UseGuards(AuthGuard('jwt'))
  findAll() {
    return [];
  }
}
`);
    const { implemented, findings } = await analyze({ repo, config: defaultConfig(), docs: [] });
    const security = Object.fromEntries(
      (implemented?.codeDocs?.operations ?? []).map((o) => [`${o.method} ${o.path}`, o.security]),
    );
    expect(security).toEqual({
      'GET /notes': [{ bearer: [] }],
      'DELETE /notes/{id}': [{ bearer: [] }, { 'api-key': [] }],
      'GET /drafts': undefined,
    });
    // Only the guarded route whose docs name no security is reported.
    expect(findings.filter((f) => f.rule === 'auth-undocumented').map((f) => f.operation)).toEqual(['GET /drafts']);
  });

  it('reads swaggo @Security lines (|| alternatives, && together) and a flasgger docstring security list', async () => {
    const { extractImplementedSurface } = await import('../../src/sources/code/index.js');
    const go = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
        'main.go': `package main

import "github.com/gin-gonic/gin"

// ListNotes godoc
// @Success 200 {array} string
// @Security ApiKeyAuth || OAuth2Application[read]
// @Security BasicAuth && ApiKeyAuth
// @Router /notes [get]
func ListNotes(c *gin.Context) { c.JSON(200, []string{}) }

func main() {
	r := gin.Default()
	r.GET("/notes", ListNotes)
	r.Run()
}
`,
      }),
    );
    expect(go.codeDocs?.operations.map((o) => o.security)).toEqual([
      [{ ApiKeyAuth: [] }, { OAuth2Application: [] }, { BasicAuth: [], ApiKeyAuth: [] }],
    ]);
    const py = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'flask==3.0.3\nflasgger==0.9.7.1\n',
        'app.py': `from flasgger import Swagger
from flask import Flask, jsonify

app = Flask(__name__)
Swagger(app)


@app.route("/notes")
def list_notes():
    """List notes
    ---
    security:
      - Bearer: []
    responses:
      200:
        description: the notes
    """
    return jsonify([])
`,
      }),
    );
    expect(py.codeDocs?.operations.map((o) => o.security)).toEqual([[{ Bearer: [] }]]);
  });
});
