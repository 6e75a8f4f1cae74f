import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { localRepo } from '../../src/checkout/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';

const fixture = (name: string) => localRepo(join(import.meta.dirname, '../fixtures/code', name));

describe('the wire model of the code view', () => {
  it('reports the whole user row a TypeORM query joins, and nothing of a relation no query loads', async () => {
    const result = await analyze({ repo: fixture('nest-typeorm'), config: defaultConfig(), docs: ['openapi.yaml'] });
    const one = result.findings.filter((f) => f.operation === 'GET /articles/{id}');
    const author = one.find((f) => f.rule === 'undocumented-response-field');
    expect(author?.subject).toBe('response.200.author');
    expect(author?.confidence).toBe('likely');
    expect(author?.message).toContain('email');
    expect(author?.message).toContain('passwordHash');
    // `select: false` columns and `@Exclude()` properties never reach the response.
    expect(author?.message).not.toContain('resetToken');
    expect(author?.message).not.toContain('internalNotes');
    expect(one.some((f) => f.rule === 'undocumented-pii' && f.subject === 'response.200.author.email')).toBe(true);
    // The list query loads no relation: no field of the author, PII or otherwise.
    expect(result.findings.filter((f) => f.operation === 'GET /articles')).toEqual([]);
  });

  it('a real NestJS + Prisma app: the feed that includes the author sends its email and name, the post that does not sends none of its fields', async () => {
    const app = localRepo(join(import.meta.dirname, '../fixtures/real-apps/prisma-rest-nestjs'));
    const result = await analyze({ repo: app, config: defaultConfig(), docs: ['openapi.yaml'] });
    const feed = result.findings.filter((f) => f.operation === 'GET /feed');
    const author = feed.find((f) => f.rule === 'undocumented-response-field');
    expect(author?.subject).toBe('response.200.[].author');
    expect(author?.confidence).toBe('likely');
    expect(author?.message).toContain('(id, email, name)');
    expect(
      feed
        .filter((f) => f.rule === 'undocumented-pii')
        .map((f) => [f.subject, f.confidence])
        .sort(),
    ).toEqual([
      ['response.200.[].author.email', 'likely'],
      ['response.200.[].author.name', 'likely'],
    ]);
    // `post.findUnique` without `include`: the author relation is not on the wire, so nothing of it is reported.
    expect(result.findings.filter((f) => f.operation === 'GET /post/{id}' && /author/.test(f.subject ?? ''))).toEqual(
      [],
    );
  });

  it('lists inferred field findings at info, in the details, when the check counts only certain ones', async () => {
    const config = { ...defaultConfig(), fieldConfidence: 'certain' as const };
    const result = await analyze({ repo: fixture('nest-typeorm'), config, docs: ['openapi.yaml'] });
    const author = result.findings.find((f) => f.subject === 'response.200.author');
    expect(author?.confidence).toBe('likely');
    expect(author?.severity).toBe('info');
  });

  it('does not call a pydantic field with a default optional in a response: it is always sent', async () => {
    const repo = memoryRepo({
      'requirements.txt': 'fastapi\n',
      'app/main.py': [
        'from fastapi import FastAPI',
        'from pydantic import BaseModel',
        '',
        'app = FastAPI()',
        '',
        'class Item(BaseModel):',
        '    name: str',
        '    image: str | None = None',
        '    tags: list[str] = []',
        '',
        '@app.get("/items/{item_id}", response_model=Item)',
        'def read_item(item_id: int):',
        '    return Item(name="x")',
        '',
      ].join('\n'),
      'openapi.yaml': [
        'openapi: 3.0.3',
        'info: {title: t, version: "1"}',
        'paths:',
        '  /items/{item_id}:',
        '    get:',
        '      parameters:',
        '        - {name: item_id, in: path, required: true, schema: {type: integer}}',
        '      responses:',
        '        "200":',
        '          description: ok',
        '          content:',
        '            application/json:',
        '              schema:',
        '                type: object',
        '                required: [name, image, tags]',
        '                properties:',
        '                  name: {type: string}',
        '                  image: {type: string, nullable: true}',
        '                  tags: {type: array, items: {type: string}}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
    expect(result.findings.filter((f) => f.rule === 'field-required-mismatch')).toEqual([]);
  });
});

describe("FastAPI's own answer to a request its signature rejects", () => {
  const spec = (todo422: boolean) =>
    [
      'openapi: 3.0.3',
      'info: {title: t, version: "1"}',
      'paths:',
      '  /todos:',
      '    get:',
      '      parameters:',
      '        - {name: q, in: query, schema: {type: string}}',
      '      responses:',
      '        "200": {description: ok}',
      '    post:',
      '      requestBody:',
      '        content:',
      '          application/json:',
      '            schema: {type: object, properties: {name: {type: string}}, required: [name]}',
      '      responses:',
      '        "201": {description: created}',
      ...(todo422 ? ['        "422": {description: invalid}'] : []),
      '  /todos/{todo_id}:',
      '    get:',
      '      parameters:',
      '        - {name: todo_id, in: path, required: true, schema: {type: string}}',
      '        - {name: top, in: query, schema: {type: integer}}',
      '      responses:',
      '        "200": {description: ok}',
      '        default: {description: error}',
      '  /lists/{list_id}:',
      '    get:',
      '      parameters:',
      '        - {name: list_id, in: path, required: true, schema: {type: string}}',
      '      responses:',
      '        "200": {description: ok}',
      '',
    ].join('\n');
  const app = (handler: string[]) =>
    [
      'from typing import Optional',
      '',
      'from fastapi import FastAPI, Query',
      'from fastapi.exceptions import RequestValidationError',
      'from fastapi.responses import JSONResponse',
      'from pydantic import BaseModel',
      '',
      'app = FastAPI()',
      ...handler,
      '',
      'class TodoIn(BaseModel):',
      '    name: str',
      '',
      '@app.get("/todos")',
      'def list_todos(q: Optional[str] = None):',
      '    return []',
      '',
      '@app.post("/todos", status_code=201)',
      'def create_todo(todo: TodoIn):',
      '    return todo',
      '',
      '@app.get("/todos/{todo_id}")',
      'def get_todo(todo_id: str, top: Optional[int] = None):',
      '    return {}',
      '',
      '@app.get("/lists/{list_id}")',
      'def get_list(list_id: str = Query(min_length=24, max_length=24)):',
      '    return {}',
      '',
    ].join('\n');
  const statusFindings = async (files: Record<string, string>) => {
    const result = await analyze({ repo: memoryRepo(files), config: defaultConfig(), docs: ['openapi.yaml'] });
    return result.findings
      .filter((f) => f.rule === 'undocumented-status')
      .map((f) => `${f.operation} ${f.subject}`)
      .sort();
  };

  it('reports 422 where a body, a typed or constrained parameter can be refused and the spec lists neither 422 nor default', async () => {
    const found = await statusFindings({
      'requirements.txt': 'fastapi\n',
      'app/main.py': app([]),
      'openapi.yaml': spec(false),
    });
    // An optional `str` query parameter is never refused; `default` covers the integer `top`.
    expect(found).toEqual(['GET /lists/{list_id} 422', 'POST /todos 422']);
  });

  it('reports nothing where the spec documents the 422', async () => {
    const found = await statusFindings({
      'requirements.txt': 'fastapi\n',
      'app/main.py': app([]),
      'openapi.yaml': spec(true),
    });
    expect(found).toEqual(['GET /lists/{list_id} 422']);
  });

  it("reports the status the project's RequestValidationError handler answers instead", async () => {
    const found = await statusFindings({
      'requirements.txt': 'fastapi\n',
      'app/main.py': app([
        '',
        '@app.exception_handler(RequestValidationError)',
        'async def invalid(request, exc):',
        '    return JSONResponse(status_code=400, content={"detail": str(exc)})',
      ]),
      'openapi.yaml': spec(true),
    });
    expect(found).toEqual(['GET /lists/{list_id} 400', 'POST /todos 400']);
  });
});

describe('Spring: what Jackson writes', () => {
  const pom = `<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>`;
  const controller = `package com.example.todo;

import java.util.List;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/lists")
public class TodoListController {
    private final TodoListRepository repository;

    public TodoListController(TodoListRepository repository) {
        this.repository = repository;
    }

    @GetMapping("/{listId}")
    public TodoList getListById(@PathVariable String listId) {
        return repository.findById(listId).orElseThrow();
    }
}
`;
  const spec = [
    'openapi: 3.0.3',
    'info: {title: Todo, version: "1.0"}',
    'paths:',
    '  /lists/{listId}:',
    '    get:',
    '      parameters:',
    '        - {name: listId, in: path, required: true, schema: {type: string}}',
    '      responses:',
    '        "200":',
    '          description: the list',
    '          content:',
    '            application/json:',
    '              schema:',
    '                type: object',
    '                required: [id, name, description]',
    '                properties:',
    '                  id: {type: string}',
    '                  name: {type: string}',
    '                  description: {type: string, nullable: true}',
    '',
  ].join('\n');
  const model = (annotation: string) => `package com.example.todo;

${annotation ? 'import com.fasterxml.jackson.annotation.JsonInclude;\n\n' : ''}${annotation}public class TodoList {
    private String id;
    private String name;
    private String description;

    public String getId() { return id; }
    public String getName() { return name; }
    public String getDescription() { return description; }
}
`;
  const app = (annotation: string, properties = '') =>
    memoryRepo({
      'pom.xml': pom,
      'src/main/java/com/example/todo/TodoListController.java': controller,
      'src/main/java/com/example/todo/TodoList.java': model(annotation),
      'src/main/resources/application.properties': properties,
      'openapi.yaml': spec,
    });
  const requiredMismatches = async (repo: ReturnType<typeof memoryRepo>) =>
    (await analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] })).findings
      .filter((f) => f.rule === 'field-required-mismatch')
      .map((f) => f.subject)
      .sort();

  it('every property is in the response by default, null or not: no field the docs require is said to be left out', async () => {
    expect(await requiredMismatches(app(''))).toEqual([]);
  });

  it('@JsonInclude(NON_NULL) on the class, or the default inclusion set to non_null, may leave each one out', async () => {
    const leftOut = ['response.200.description', 'response.200.id', 'response.200.name'];
    expect(await requiredMismatches(app('@JsonInclude(JsonInclude.Include.NON_NULL)\n'))).toEqual(leftOut);
    expect(await requiredMismatches(app('', 'spring.jackson.default-property-inclusion=non_null\n'))).toEqual(leftOut);
  });
});

describe('a Beanie document as a FastAPI response model', () => {
  it("sends Beanie's id as _id, the fields of the project's base document, and null for an optional field", async () => {
    const repo = memoryRepo({
      'requirements.txt': 'fastapi\nbeanie\n',
      'app/models.py': [
        'from datetime import datetime',
        'from typing import Optional',
        '',
        'from beanie import Document',
        'from pydantic import Field',
        '',
        '',
        'class TimestampedDocument(Document):',
        '    createdDate: datetime = Field(default_factory=datetime.utcnow)',
        '    updatedDate: Optional[datetime] = None',
        '',
        '',
        'class TodoList(TimestampedDocument):',
        '    name: str',
        '    description: Optional[str] = None',
        '',
        '    class Settings:',
        '        name = "TodoList"',
        '',
      ].join('\n'),
      'app/main.py': [
        'from fastapi import FastAPI',
        '',
        'from .models import TodoList',
        '',
        'app = FastAPI()',
        '',
        '',
        '@app.get("/lists/{list_id}", response_model=TodoList)',
        'async def get_list(list_id: str):',
        '    return await TodoList.get(list_id)',
        '',
      ].join('\n'),
      'openapi.yaml': [
        'openapi: 3.0.3',
        'info: {title: t, version: "1"}',
        'paths:',
        '  /lists/{list_id}:',
        '    get:',
        '      parameters:',
        '        - {name: list_id, in: path, required: true, schema: {type: string}}',
        '      responses:',
        '        "200":',
        '          description: ok',
        '          content:',
        '            application/json:',
        '              schema:',
        '                type: object',
        '                required: [name]',
        '                properties:',
        '                  name: {type: string}',
        '                  description: {type: string}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
    const fields = result.findings
      .filter((f) => f.rule === 'undocumented-response-field' || f.rule === 'field-type-mismatch')
      .map((f) => `${f.rule} ${f.subject}`)
      .sort();
    expect(fields).toEqual([
      'field-type-mismatch response.200.description#null',
      'undocumented-response-field response.200._id',
      'undocumented-response-field response.200.createdDate',
      'undocumented-response-field response.200.updatedDate',
    ]);
  });
});

describe('statuses NestJS answers through exceptions', () => {
  it('reads a service that throws NotFoundException, and an ORM lookup an app-wide filter answers, but not a lookup of the row just saved', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ dependencies: { '@nestjs/common': '^10.0.0', '@nestjs/core': '^10.0.0' } }),
      'src/main.ts': [
        "import { NestFactory } from '@nestjs/core';",
        "import { AppModule } from './app.module';",
        "import { MissingRowFilter } from './missing-row.filter';",
        'async function bootstrap() {',
        '  const app = await NestFactory.create(AppModule);',
        '  app.useGlobalFilters(new MissingRowFilter());',
        '  await app.listen(3000);',
        '}',
        'bootstrap();',
        '',
      ].join('\n'),
      'src/missing-row.filter.ts': [
        "import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';",
        "import { EntityNotFoundError } from 'typeorm';",
        '@Catch(EntityNotFoundError)',
        'export class MissingRowFilter implements ExceptionFilter {',
        '  catch(_: EntityNotFoundError, host: ArgumentsHost) {',
        '    host.switchToHttp().getResponse().status(404).json({ message: "not found" });',
        '  }',
        '}',
        '',
      ].join('\n'),
      'src/app.module.ts': [
        "import { Module } from '@nestjs/common';",
        "import { NotesController } from './notes.controller';",
        "import { NotesService } from './notes.service';",
        '@Module({ controllers: [NotesController], providers: [NotesService] })',
        'export class AppModule {}',
        '',
      ].join('\n'),
      'src/notes.service.ts': [
        "import { Injectable, NotFoundException } from '@nestjs/common';",
        "import { Repository } from 'typeorm';",
        'export class Note { id: number; text: string; }',
        '@Injectable()',
        'export class NotesService {',
        '  constructor(private readonly repository: Repository<Note>) {}',
        '  async archived(id: number): Promise<Note> {',
        '    const note = await this.repository.findOneBy({ id });',
        '    if (!note) throw new NotFoundException();',
        '    return note;',
        '  }',
        '  async create(text: string): Promise<Note> {',
        '    const { id } = await this.repository.save({ text });',
        '    return this.repository.findOneByOrFail({ id });',
        '  }',
        '  async rename(id: number, text: string): Promise<Note> {',
        '    await this.repository.update(id, { text });',
        '    return this.repository.findOneByOrFail({ id });',
        '  }',
        '}',
        '',
      ].join('\n'),
      'src/notes.controller.ts': [
        "import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';",
        "import { Note, NotesService } from './notes.service';",
        "@Controller('notes')",
        'export class NotesController {',
        '  constructor(private readonly notes: NotesService) {}',
        "  @Get(':id/archived')",
        "  archived(@Param('id') id: string): Promise<Note> {",
        '    return this.notes.archived(Number(id));',
        '  }',
        '  @Post()',
        "  create(@Body('text') text: string): Promise<Note> {",
        '    return this.notes.create(text);',
        '  }',
        "  @Put(':id')",
        "  rename(@Param('id') id: string, @Body('text') text: string): Promise<Note> {",
        '    return this.notes.rename(Number(id), text);',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ repo, config: defaultConfig() });
    const statuses = Object.fromEntries(
      (result.implemented?.surface.operations ?? []).map((o) => [
        `${o.method} ${o.path}`,
        o.responses.map((r) => `${r.status}${r.confidence ? ` ${r.confidence}` : ''}`).sort(),
      ]),
    );
    expect(statuses).toEqual({
      // Thrown in the service the handler calls: inferred through the call.
      'GET /notes/{id}/archived': ['200', '404 likely'],
      // `findOneByOrFail` of the row `save` just returned cannot miss.
      'POST /notes': ['201'],
      // It can after an update of an id the caller sent: the app's filter answers its EntityNotFoundError with 404.
      'PUT /notes/{id}': ['200', '404 likely'],
    });
  });
});

describe('Express handlers with TypeScript-typed bodies', () => {
  it('sends the type a repository method declares, requires no field of an unchecked body, and accepts only the fields the code reads', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ dependencies: { express: '^4.19.0' } }),
      'openapi.yaml': `openapi: 3.0.0
info: { title: Notes, version: '1' }
paths:
  /notes:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Note' }
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Note' }
  /notes/{id}:
    put:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Note' }
      responses:
        '200':
          description: updated
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Note' }
        '404': { description: not found }
components:
  schemas:
    Note:
      type: object
      required: [title, body, priority]
      properties:
        id: { type: string }
        title: { type: string }
        body: { type: string }
        priority: { type: integer }
`,
      'src/note.ts': `export type Note = {
  id: string
  title: string
  body?: string
  createdAt?: Date
}
`,
      'src/notes-repository.ts': `import { Note } from './note';
export class NotesRepository {
  async create(note: Partial<Note>): Promise<Note> {
    const created: Note = { id: 'n1', title: note.title || '', body: note.body, createdAt: new Date() };
    return created;
  }
  async update(id: string, note: Partial<Note>): Promise<Note | null> {
    const updated: Note = { ...note, id, title: note.title ?? '' };
    return store(updated);
  }
}
declare function store(note: Note): Note;
`,
      'src/app.ts': `import express, { Request } from 'express';
import { Note } from './note';
import { NotesRepository } from './notes-repository';
const app = express();
app.use(express.json());
app.post('/notes', async (req: Request<unknown, unknown, Note>, res) => {
  const repository = new NotesRepository();
  const note = await repository.create(req.body);
  res.status(201).json(note);
});
app.put('/notes/:id', async (req: Request<{ id: string }, unknown, Note>, res) => {
  const repository = new NotesRepository();
  const updated = await repository.update(req.params.id, req.body);
  if (!updated) return res.status(404).send();
  res.json(updated);
});
`,
    });
    const result = await analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
    const found = result.findings
      .filter((f) => f.rule.startsWith('undocumented-') || f.rule.startsWith('field-'))
      .map((f) => `${f.rule} ${f.operation} ${f.subject}`)
      .sort();
    expect(found).toEqual([
      // Nothing checks a TypeScript type at run time: the documented required fields may be left out.
      'field-required-mismatch POST /notes request.body',
      // The code never reads priority, so a request without it is accepted too; and never sends it.
      'field-required-mismatch POST /notes request.priority',
      'field-required-mismatch POST /notes request.title',
      // The type says body is optional, and create() stores it as sent.
      'field-required-mismatch POST /notes response.201.body',
      'field-required-mismatch POST /notes response.201.priority',
      'field-required-mismatch PUT /notes/{id} request.body',
      'field-required-mismatch PUT /notes/{id} request.priority',
      'field-required-mismatch PUT /notes/{id} request.title',
      'field-required-mismatch PUT /notes/{id} response.200.body',
      'field-required-mismatch PUT /notes/{id} response.200.priority',
      // update() spreads the body into what it stores; create() copies title and body only.
      'undocumented-request-field PUT /notes/{id} request.createdAt',
      // What the repository methods declare they return is what the handlers send.
      'undocumented-response-field POST /notes response.201.createdAt',
      'undocumented-response-field PUT /notes/{id} response.200.createdAt',
    ]);
  });
});

/**
 * microsoft/presidio's anonymizer service (a public Flask app, kept under test/fixtures/real-apps-holdout-4): its
 * handlers read `content = request.get_json()` and then `content.get("text", "")`, `content.get("anonymizers")`.
 */
describe('Flask: body fields read with .get from the decoded JSON', () => {
  it('reports a documented required field the code reads with a default, and none for one read without', async () => {
    const app = localRepo(join(import.meta.dirname, '../fixtures/real-apps-holdout-4/presidio-anonymizer'));
    const { findings, implemented } = await analyze({
      repo: app,
      config: defaultConfig(),
      docs: ['docs/api-docs/api-docs.yml'],
    });
    const body = implemented?.surface.operations.find((o) => o.method === 'POST' && o.path === '/anonymize')
      ?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(body?.properties ?? {}).sort()).toEqual(['analyzer_results', 'anonymizers', 'text']);
    // `text` defaults to "" when absent: optional, said outright. `analyzer_results` is read with a bare `.get`, whose
    // None the converter refuses: nothing is said about it.
    expect(
      findings
        .filter((f) => f.rule === 'field-required-mismatch')
        .map((f) => `${f.operation} ${f.subject}`)
        .sort(),
    ).toEqual(['POST /anonymize request.text', 'POST /deanonymize request.text']);
  });
});

describe("Express: statuses of the project's response helpers", () => {
  const repo = () =>
    memoryRepo({
      'package.json': JSON.stringify({ name: 'items', dependencies: { express: '^4.18.0' } }),
      'src/utils/response.js': `
function success(res, data, statusCode = 200) {
  return res.status(statusCode).json({ success: true, data });
}
function created(res, data) {
  return success(res, data, 201);
}
function sendError(res, status, message) {
  return res.status(status).json({ success: false, message });
}
module.exports = { success, created, sendError };
`,
      'src/app.js': `
const express = require('express');
const { success, created, sendError } = require('./utils/response');
const app = express();
app.delete('/items/:id', (req, res) => {
  if (!req.params.id) return sendError(res, 404, 'missing');
  return success(res, null);
});
app.post('/items', (req, res) => created(res, { id: 1 }));
app.listen(3000);
`,
      'openapi.yaml': `openapi: 3.0.0
info: {title: items, version: '1'}
paths:
  /items/{id}:
    delete:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok}
  /items:
    post:
      responses:
        '200': {description: ok}
`,
    });

  it('answers the status a helper given `res` writes: passed in, its default, or one helper down', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['openapi.yaml'] });
    const statuses = findings.filter((f) => f.rule === 'undocumented-status');
    expect(statuses.map((f) => `${f.operation} ${f.subject} ${f.confidence}`).sort()).toEqual([
      // `sendError(res, 404, …)` → `res.status(status)`; the DELETE's 200 is the default of `success`'s parameter.
      'DELETE /items/{id} 404 likely',
      // `created(res, …)` → `success(res, data, 201)`.
      'POST /items 201 likely',
    ]);
  });
});

describe('Express: an object literal sent as the body', () => {
  it('reports the wrapper key the docs do not show, the documented fields it lacks, and an error body without a required field', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ name: 'pets', dependencies: { express: '^4.18.0' } }),
      'app.js': `
const express = require('express');
const { Pets } = require('./services');
const app = express();
const pets = new Pets();
app.get('/pets/:id', function (req, res) {
  const pet = pets.findById(req.params.id);
  return pet ? res.json({ pet }) : res.status(404).json({ message: 'not found' });
});
app.get('/pets', (req, res) => res.json({ ...pets.page(req.query), count: 2 }));
app.listen(3000);
`,
      'services.js': 'module.exports.Pets = class { findById(id) { return undefined; } page() { return {}; } };\n',
      'api.yaml': `openapi: 3.0.0
info: {title: pets, version: '1'}
paths:
  /pets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: pet
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
        default:
          description: error
          content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}
  /pets:
    get:
      responses:
        '200':
          description: pets
          content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}}}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties: {id: {type: integer}, name: {type: string}}
    Error:
      type: object
      required: [code, message]
      properties: {code: {type: integer}, message: {type: string}}
`,
    });
    const { findings } = await analyze({ repo, config: defaultConfig(), docs: ['api.yaml'] });
    expect(findings.map((f) => `${f.rule} ${f.operation} ${f.subject ?? ''}`).sort()).toEqual([
      // `{ pet }` nests the pet: its documented required fields are not at the top.
      'field-required-mismatch GET /pets/{id} response.200.id',
      'field-required-mismatch GET /pets/{id} response.200.name',
      // `{ message }` under `default`, whose Error requires `code`.
      'field-required-mismatch GET /pets/{id} response.404.code',
      'undocumented-response-field GET /pets/{id} response.200.pet',
      // The list's literal spreads another object: its keys are not known, nothing is judged.
    ]);
  });
});

describe('Express: a handler array exported by a controller', () => {
  it('reads the body of the array’s last function, after the guard and validators before it', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ name: 'books', dependencies: { express: '^4.18.0', 'express-jwt': '^5.3.1' } }),
      'app.js': `
const express = require('express');
const BookController = require('./BookController');
const app = express();
app.get('/books/:id', BookController.bookDetail);
app.listen(3000);
`,
      'jwt.js': `const jwt = require('express-jwt');
module.exports = jwt({ secret: process.env.JWT_SECRET });
`,
      'BookController.js': `const auth = require('./jwt');
exports.bookDetail = [
  auth,
  function (req, res) {
    return res.status(200).json({ title: 'Dune', isbn: '9780441013593', owner: 'someone' });
  },
];
`,
      'api.yaml': `openapi: 3.0.0
info: {title: books, version: '1'}
paths:
  /books/{id}:
    get:
      security: [{bearer: []}]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: book
          content: {application/json: {schema: {type: object, properties: {title: {type: string}, isbn: {type: string}}}}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
`,
    });
    const { findings } = await analyze({ repo, config: defaultConfig(), docs: ['api.yaml'] });
    expect(findings.map((f) => `${f.rule} ${f.operation} ${f.subject ?? ''}`).sort()).toEqual([
      'undocumented-response-field GET /books/{id} response.200.owner',
    ]);
  });
});

describe('file-based route handlers (SvelteKit +server, Nitro server/api)', () => {
  const spec = `openapi: 3.0.3
info: {title: status, version: "1"}
paths:
  /api/monitor:
    get:
      parameters: [{name: tag, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {tag: {type: string}, uptime: {type: integer}}}
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {tag: {type: string}}}
      responses:
        "201": {description: created}
`;

  it('SvelteKit: compares the query, statuses, response fields and body fields a +server handler reads and answers', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ name: 'status', devDependencies: { '@sveltejs/kit': '^2.0.0' } }),
      'svelte.config.js': 'export default { kit: {} };\n',
      'src/routes/api/monitor/+server.js': `import { json, error } from '@sveltejs/kit';

export async function GET({ url }) {
  const tag = url.searchParams.get('tag');
  const since = url.searchParams.get('since');
  if (!tag) return json({ error: 'not found' }, { status: 404 });
  return json({ tag, since, uptime: null, checkedAt: Date.now() });
}

export async function POST({ request }) {
  const { tag, interval } = await request.json();
  if (!tag) error(400, 'tag is required');
  return new Response(JSON.stringify({ tag, interval }), { status: 201 });
}
`,
      'openapi.yaml': spec,
    });
    const result = await analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
    expect(result.findings.map((f) => `${f.rule} ${f.operation} ${f.subject ?? ''}`).sort()).toEqual([
      'field-type-mismatch GET /api/monitor response.200.uptime#null',
      'undocumented-parameter GET /api/monitor query.since',
      'undocumented-request-field POST /api/monitor request.interval',
      'undocumented-response-field GET /api/monitor response.200.checkedAt',
      'undocumented-response-field GET /api/monitor response.200.since',
      'undocumented-status GET /api/monitor 404',
      'undocumented-status POST /api/monitor 400',
    ]);
    // What is read is no longer said to be unread.
    expect(result.notices.filter((n) => n.detail.includes('not read for what they receive'))).toEqual([]);
  });

  it('SvelteKit: a body validated with zod, in the handler or by a project helper handed the request, is what the schema accepts; fields of an undocumented body are undocumented', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ name: 'flows', devDependencies: { '@sveltejs/kit': '^2.0.0', zod: '^3.23.0' } }),
      'svelte.config.js': 'export default { kit: {} };\n',
      'src/lib/server/body.ts': `import type { z } from 'zod';

export const parseBody = async <T extends z.Schema>(req: Request, schema: T) => {
  const body = await req.json();
  const result = await schema.safeParseAsync(body);
  return result.success ? { data: result.data, error: undefined } : { data: undefined, error: result.error };
};
`,
      'src/lib/schemas.ts': `import { z } from 'zod';

export const point = z.object({ x: z.number(), y: z.number() });
export const flowSchema = z.object({
  name: z.string().trim().min(1),
  tags: z.array(z.string()).optional(),
  origin: point,
});
`,
      'src/routes/api/flows/+server.ts': `import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { parseBody } from '$lib/server/body';
import { flowSchema } from '$lib/schemas';

const renameSchema = z.object({ name: z.string(), notify: z.boolean().default(false) });

export const POST = async ({ request }) => {
  const body = await parseBody(request, flowSchema.extend({ draft: z.boolean().nullable() }));
  if (body.error) error(400, body.error.message);
  return json({ ok: true });
};

export const PATCH = async ({ request }) => {
  const parsed = renameSchema.safeParse(await request.json());
  if (!parsed.success) error(400, 'invalid');
  return json({ ok: true });
};
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: flows, version: "1"}
paths:
  /api/flows:
    post:
      responses:
        "200": {description: ok}
        "400": {description: invalid}
    patch:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        "200": {description: ok}
        "400": {description: invalid}
`,
    });
    const result = await analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
    expect(result.findings.map((f) => `${f.rule} ${f.operation} ${f.subject ?? ''}`).sort()).toEqual([
      'field-required-mismatch PATCH /api/flows request.name',
      'undocumented-request-field PATCH /api/flows request.notify',
      'undocumented-request-field POST /api/flows request.draft',
      'undocumented-request-field POST /api/flows request.name',
      'undocumented-request-field POST /api/flows request.origin',
      'undocumented-request-field POST /api/flows request.tags',
    ]);
  });

  it('SvelteKit: says which request bodies it cannot read (form data, a body handed whole to a package, a helper validating with something else) instead of showing no drift', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ name: 'uploads', devDependencies: { '@sveltejs/kit': '^2.0.0' } }),
      'svelte.config.js': 'export default { kit: {} };\n',
      'src/lib/server/validate.ts': `import * as v from 'valibot';
export const validated = async (req: Request, schema) => v.parse(schema, await req.json());
`,
      'src/routes/api/files/+server.ts': `import { json } from '@sveltejs/kit';
import { db } from '@acme/db';
import { validated } from '$lib/server/validate';
import { FileSchema } from '$lib/schemas';

export const POST = async ({ request }) => {
  const form = await request.formData();
  return json({ name: form.get('file') }, { status: 201 });
};
export const PUT = async ({ request }) => {
  const row = await db.files.update(await request.json());
  return json(row);
};
export const PATCH = async ({ request }) => {
  const body = await validated(request, FileSchema);
  return json(body);
};
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: uploads, version: "1"}
paths:
  /api/files:
    post: {responses: {"201": {description: created}}}
    put: {responses: {"200": {description: ok}}}
    patch: {responses: {"200": {description: ok}}}
`,
    });
    const result = await analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
    const said = result.notices
      .filter((n) => n.view === 'implemented' && n.detail.includes('not compared'))
      .map((n) => n.detail)
      .sort();
    expect(said).toEqual([
      'PATCH /api/files: request body type validated(…) is not understood: not compared',
      'POST /api/files: request body type request.formData() is not understood: not compared',
      'PUT /api/files: request body type request.json() is not understood: not compared',
    ]);
  });

  it('SvelteKit: statuses a project helper handed the request answers for the handler are likely: the 401 it returns when the handler returns it, the 404 it throws', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ name: 'monitors', devDependencies: { '@sveltejs/kit': '^2.0.0' } }),
      'svelte.config.js': 'export default { kit: {} };\n',
      'src/lib/server/api.js': `import { error, json } from '@sveltejs/kit';

export const authenticate = async (request) => {
  const token = request.headers.get('authorization')?.replace('Bearer ', '');
  if (token !== process.env.API_TOKEN) return json({ error: 'invalid token' }, { status: 401 });
  return null;
};

export const loadMonitor = async (id) => {
  const monitor = monitors.get(id);
  if (!monitor) error(404, 'no such monitor');
  return monitor;
};

export const audit = async (request) => {
  console.log(request.method);
  return json({ logged: true }, { status: 202 });
};

const monitors = new Map();
`,
      'src/routes/api/monitors/[id]/+server.js': `import { json } from '@sveltejs/kit';
import { audit, authenticate, loadMonitor } from '$lib/server/api.js';

export async function GET({ request, params }) {
  const auth = await authenticate(request);
  if (auth !== null) return auth;
  await audit(request);
  const monitor = await loadMonitor(params.id);
  return json({ id: monitor.id });
}
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: monitors, version: "1"}
paths:
  /api/monitors/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
`,
    });
    const result = await analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
    // The audit helper's 202 is not answered: the handler does not return what it gives.
    const statuses = result.findings.filter((f) => f.rule === 'undocumented-status');
    expect(statuses.map((f) => `${f.rule} ${f.operation} ${f.subject ?? ''} ${f.confidence}`).sort()).toEqual([
      'undocumented-status GET /api/monitors/{id} 401 likely',
      'undocumented-status GET /api/monitors/{id} 404 likely',
    ]);
  });

  it('Nitro: reads getQuery, readBody, createError and the returned value of a server/api handler', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ name: 'status', devDependencies: { nuxt: '^3.0.0' } }),
      'nuxt.config.ts': 'export default defineNuxtConfig({});\n',
      'server/api/monitor.get.ts': `export default defineEventHandler(async (event) => {
  const { tag, since } = getQuery(event);
  if (!tag) throw createError({ statusCode: 404, statusMessage: 'not found' });
  return { tag, since, uptime: null };
});
`,
      'server/api/monitor.post.ts': `export default defineEventHandler(async (event) => {
  const { tag, interval } = await readBody(event);
  setResponseStatus(event, 201);
  return { tag, interval };
});
`,
      'openapi.yaml': spec,
    });
    const result = await analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
    expect(result.findings.map((f) => `${f.rule} ${f.operation} ${f.subject ?? ''}`).sort()).toEqual([
      'field-type-mismatch GET /api/monitor response.200.uptime#null',
      'undocumented-parameter GET /api/monitor query.since',
      'undocumented-request-field POST /api/monitor request.interval',
      'undocumented-response-field GET /api/monitor response.200.since',
      'undocumented-status GET /api/monitor 404',
    ]);
  });

  it('still says Astro endpoints are not read instead of showing no drift', async () => {
    const repo = memoryRepo({
      'package.json': JSON.stringify({ name: 'status', dependencies: { astro: '^4.0.0' } }),
      'src/pages/api/monitor.ts': `export async function GET({ url }) {
  return new Response(JSON.stringify({ tag: url.searchParams.get('tag') }));
}
`,
      'openapi.yaml': spec,
    });
    const result = await analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
    const said = result.notices.filter((n) => n.view === 'implemented' && n.detail.includes('GET /api/monitor'));
    expect(said.map((n) => `${n.reason}: ${n.detail}`)).toEqual([
      'unresolved: 1 astro operation (GET /api/monitor): handlers of file-based routes are not read for what they receive and send: their parameters, bodies and statuses are not compared',
    ]);
  });
});
