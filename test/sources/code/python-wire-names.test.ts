import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analyze/index.js';
import { defaultConfig } from '../../../src/config/index.js';
import type { Schema } from '../../../src/model/index.js';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { generatedAlias } from '../../../src/sources/code/python/python-types.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';

/** The implemented surface of a small FastAPI app, with helpers to read an operation and a named schema. */
async function surfaceOf(files: Record<string, string>) {
  const { surface } = await extractImplementedSurface(
    memoryRepo({ 'requirements.txt': 'fastapi==0.115.0\npydantic==2.9.0\n', ...files }),
  );
  const op = (method: string, path: string) => {
    const found = surface.operations.find((o) => o.method === method && o.path === path);
    if (found === undefined) throw new Error(`no ${method} ${path}`);
    return found;
  };
  const schema = (ref: Schema | undefined): Schema => {
    const key = ref?.$ref;
    if (key === undefined) throw new Error('not a named schema');
    return surface.schemas[key] as Schema;
  };
  return { op, schema };
}

describe('pydantic field names on the wire', () => {
  it('renames fields by the alias_generator a base model configures, explicit aliases first', async () => {
    const { op, schema } = await surfaceOf({
      'app/schemas.py': `from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

CAMEL = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


class ApiModel(BaseModel):
    model_config = CAMEL


class Invoice(ApiModel):
    invoice_id: int
    issued_at: str
    address_line_2: str | None = None
    total: float
    vat_number: str = Field(alias="vat")
    customer_ref: str = Field(serialization_alias="customer")
    alreadyCamel: bool = False


class Plain(BaseModel):
    created_at: str
`,
      'app/main.py': `from fastapi import FastAPI

from app.schemas import Invoice, Plain

app = FastAPI()


@app.get("/invoices/{invoice_id}", response_model=Invoice)
def read_invoice(invoice_id: int):
    ...


@app.get("/invoices/{invoice_id}/raw", response_model=Invoice, response_model_by_alias=False)
def read_raw_invoice(invoice_id: int):
    ...


@app.get("/plain", response_model=Plain)
def read_plain():
    ...
`,
    });
    const invoice = schema(op('GET', '/invoices/{invoice_id}').responses[0]?.content['application/json']?.schema);
    expect(Object.keys(invoice.properties ?? {})).toEqual([
      'invoiceId',
      'issuedAt',
      'addressLine2',
      'total',
      'vat',
      'customer',
      'alreadyCamel',
    ]);
    expect(invoice.required).toEqual(['invoiceId', 'issuedAt', 'total', 'vat', 'customer']);
    const plain = schema(op('GET', '/plain').responses[0]?.content['application/json']?.schema);
    expect(Object.keys(plain.properties ?? {})).toEqual(['created_at']);
    // The same model answered with response_model_by_alias=False: its fields by their declared names.
    const byName = schema(op('GET', '/invoices/{invoice_id}/raw').responses[0]?.content['application/json']?.schema);
    expect(Object.keys(byName.properties ?? {})).toEqual([
      'invoice_id',
      'issued_at',
      'address_line_2',
      'total',
      'vat_number',
      'customer_ref',
      'alreadyCamel',
    ]);
  });

  it("follows the serialization half of AliasGenerator and a project's own camel and Pascal functions", async () => {
    const { op, schema } = await surfaceOf({
      'app/main.py': `from fastapi import FastAPI
from pydantic import AliasGenerator, BaseModel, ConfigDict
from pydantic.alias_generators import to_camel, to_snake


def snake_to_pascal(value: str) -> str:
    return "".join(part.title() for part in value.split("_"))


class Out(BaseModel):
    model_config = ConfigDict(alias_generator=AliasGenerator(validation_alias=to_snake, serialization_alias=to_camel))
    user_name: str


class Legacy(BaseModel):
    model_config = ConfigDict(alias_generator=snake_to_pascal)
    user_name: str


app = FastAPI()


@app.get("/out", response_model=Out)
def out():
    ...


@app.get("/legacy", response_model=Legacy)
def legacy():
    ...
`,
    });
    const out = schema(op('GET', '/out').responses[0]?.content['application/json']?.schema);
    expect(Object.keys(out.properties ?? {})).toEqual(['userName']);
    const legacy = schema(op('GET', '/legacy').responses[0]?.content['application/json']?.schema);
    expect(Object.keys(legacy.properties ?? {})).toEqual(['UserName']);
  });

  it("matches pydantic's to_camel and to_pascal on digits, capitals and leading underscores", () => {
    expect(generatedAlias('http_response_code', 'camel')).toBe('httpResponseCode');
    expect(generatedAlias('line_2', 'camel')).toBe('line2');
    expect(generatedAlias('user_ID', 'pascal')).toBe('UserId');
    expect(generatedAlias('userId', 'camel')).toBe('userId');
    expect(generatedAlias('name', 'keep')).toBe('name');
  });
});

describe('FastAPI request bodies built from several parameters', () => {
  it('nests a Body(embed=True) model under its alias, and two body parameters under their names', async () => {
    const { op } = await surfaceOf({
      'app/main.py': `from typing import Annotated

from fastapi import Body, FastAPI, Form
from pydantic import BaseModel


class UserIn(BaseModel):
    email: str


class Item(BaseModel):
    name: str


app = FastAPI()


@app.post("/users")
def create_user(user: UserIn = Body(..., embed=True, alias="user")):
    ...


@app.put("/items/{item_id}")
def update_item(item_id: int, item: Item, importance: Annotated[int, Body()], note: str | None = Body(None)):
    ...


@app.post("/items")
def create_item(item: Item):
    ...


@app.post("/login")
def login(username: Annotated[str, Form()], password: Annotated[str, Form()]):
    ...
`,
    });
    const user = op('POST', '/users').requestBody?.content['application/json']?.schema;
    expect(user?.properties?.user).toMatchObject({ $ref: 'UserIn' });
    expect(user?.required).toEqual(['user']);

    const update = op('PUT', '/items/{item_id}').requestBody?.content['application/json']?.schema;
    expect(Object.keys(update?.properties ?? {})).toEqual(['item', 'importance', 'note']);
    expect(update?.required).toEqual(['item', 'importance']);

    expect(op('POST', '/items').requestBody?.content['application/json']?.schema).toMatchObject({ $ref: 'Item' });

    const login = op('POST', '/login').requestBody?.content['application/x-www-form-urlencoded']?.schema;
    expect(Object.keys(login?.properties ?? {})).toEqual(['username', 'password']);
  });
});

describe('FastAPI parameters read from the body without a marker', () => {
  it('names a body part whose type it cannot read instead of dropping it', async () => {
    // fastapi-mongo's idiom: FastAPI's `HTTPBasicCredentials` subclassed in the checkout is a class of an installed
    // base the reader does not describe; the route's notice says its fields are not compared. A Beanie `Document` is
    // a pydantic model and is read (with the `_id` Beanie sends).
    const repo = memoryRepo({
      'models/admin.py': `from beanie import Document
from fastapi.security import HTTPBasicCredentials


class Admin(Document):
    fullname: str
    email: str


class AdminSignIn(HTTPBasicCredentials):
    pass
`,
      'routes/admin.py': `from fastapi import APIRouter, Body, FastAPI

from models.admin import Admin, AdminSignIn

app = FastAPI()


@app.post("/admin/login")
async def admin_login(credentials: AdminSignIn = Body(...)):
    ...


@app.post("/admin")
async def admin_signup(admin: Admin = Body(...)):
    ...
`,
    });
    const { surface, notices } = await extractImplementedSurface(repo);
    expect(surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(['POST /admin', 'POST /admin/login']);
    expect(
      notices.filter((n) => n.detail.includes('not understood')).map((n) => `${n.file}:${n.line} ${n.detail}`),
    ).toEqual(['routes/admin.py:9 POST /admin/login: request body type AdminSignIn is not understood: not compared']);
    const signup = surface.operations.find((o) => o.path === '/admin');
    const body = signup?.requestBody?.content['application/json']?.schema;
    const model = body?.$ref === undefined ? undefined : surface.schemas[body.$ref];
    expect(Object.keys(model?.properties ?? {}).sort()).toEqual(['_id', 'email', 'fullname']);
    expect(model?.required).toEqual(['fullname', 'email']);
  });

  it('reads an UploadFile parameter as a multipart file part, never as a query parameter', async () => {
    const { op } = await surfaceOf({
      'app/main.py': `from typing import Optional

from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/import")
async def import_sheet(xlsx: UploadFile, sheet: str = "Sheet1"):
    ...


@app.post("/attachments")
async def attach(files: list[UploadFile], cover: Optional[UploadFile] = None):
    ...
`,
    });
    const sheet = op('POST', '/import');
    // The file travels in the form; the plain string beside it stays a query parameter, as FastAPI reads it.
    expect(sheet.parameters.map((p) => `${p.in}.${p.name}`)).toEqual(['query.sheet']);
    expect(Object.keys(sheet.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
    const attach = op('POST', '/attachments');
    expect(attach.parameters).toEqual([]);
    const form = attach.requestBody?.content['multipart/form-data']?.schema;
    expect(Object.keys(form?.properties ?? {}).sort()).toEqual(['cover', 'files']);
    expect(form?.required).toEqual(['files']);
  });

  it('reads an optional model and a list of models from the body, and a body parameter a dependency factory returns', async () => {
    const { op } = await surfaceOf({
      'app/deps.py': `from typing import Any

from fastapi import Body, Depends


def LimitBody() -> Any:
    def get_limit(limit: int = Body(None, description="Page size.")):
        return limit if limit is not None else 200

    return Depends(get_limit)
`,
      'app/main.py': `from typing import Optional, Sequence

from fastapi import Body, FastAPI
from pydantic import BaseModel

from app import deps


class LogCreate(BaseModel):
    message: str


class LogFilter(BaseModel):
    level: int | None = None


app = FastAPI()


@app.post("/logs")
def create_logs(logs: Sequence[LogCreate]):
    ...


@app.post("/logs/filter")
def read_logs(limit: int = deps.LimitBody(), offset: int = Body(0, ge=0), logs: Optional[LogFilter] = None, tags: list[str] | None = None):
    ...
`,
    });
    const create = op('POST', '/logs');
    expect(create.parameters).toEqual([]);
    expect(create.requestBody?.content['application/json']?.schema).toMatchObject({
      type: ['array'],
      items: { $ref: 'LogCreate' },
    });

    const filter = op('POST', '/logs/filter');
    expect(filter.parameters.map((p) => `${p.in}.${p.name}`)).toEqual(['query.tags']);
    const body = filter.requestBody?.content['application/json']?.schema;
    expect(Object.keys(body?.properties ?? {})).toEqual(['limit', 'offset', 'logs']);
    expect(body?.required).toBeUndefined();
  });
});

describe('a status set on the injected response', () => {
  it('is a status the handler answers with, besides its declared one', async () => {
    const { op } = await surfaceOf({
      'app/main.py': `from fastapi import FastAPI, Response, status

app = FastAPI()


@app.put("/searches")
async def put_search(response: Response) -> dict:
    created = True
    if created:
        response.status_code = status.HTTP_201_CREATED
    return {}


@app.get("/searches")
async def list_searches() -> list:
    return []
`,
    });
    expect(op('PUT', '/searches').responses.map((r) => r.status)).toEqual(['200', '201']);
    expect(op('GET', '/searches').responses.map((r) => r.status)).toEqual(['200']);
  });
});

describe('a body field typed as a union of models written with `|`', () => {
  it('matches each documented alternative, so no field of one model is reported missing from another', async () => {
    const files = {
      'requirements.txt': 'fastapi==0.115.0\npydantic==2.9.0\n',
      'app/main.py': `from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel


class SystemMessage(BaseModel):
    role: Literal["system"]
    content: str


class UserMessage(BaseModel):
    role: Literal["user"]
    content: str
    name: str | None = None


class AssistantMessage(BaseModel):
    role: Literal["assistant"]
    content: str
    refusal: str | None = None


class ToolMessage(BaseModel):
    role: Literal["tool"]
    content: str
    tool_call_id: str


class ChatRequest(BaseModel):
    messages: list[SystemMessage | UserMessage | AssistantMessage | ToolMessage]


app = FastAPI()


@app.post("/chat")
def chat(body: ChatRequest) -> dict:
    return {}
`,
      'openapi.json': JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'chat', version: '1' },
        paths: {
          '/chat': {
            post: {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: { $ref: '#/components/schemas/ChatRequest' } } },
              },
              responses: { '200': { description: 'OK', content: { 'application/json': { schema: {} } } } },
            },
          },
        },
        components: {
          schemas: {
            ChatRequest: {
              type: 'object',
              required: ['messages'],
              properties: {
                messages: {
                  type: 'array',
                  items: {
                    anyOf: [
                      { $ref: '#/components/schemas/SystemMessage' },
                      { $ref: '#/components/schemas/UserMessage' },
                      { $ref: '#/components/schemas/AssistantMessage' },
                      { $ref: '#/components/schemas/ToolMessage' },
                    ],
                  },
                },
              },
            },
            SystemMessage: {
              type: 'object',
              required: ['role', 'content'],
              properties: { role: { type: 'string', const: 'system' }, content: { type: 'string' } },
            },
            UserMessage: {
              type: 'object',
              required: ['role', 'content'],
              properties: {
                role: { type: 'string', const: 'user' },
                content: { type: 'string' },
                name: { anyOf: [{ type: 'string' }, { type: 'null' }] },
              },
            },
            AssistantMessage: {
              type: 'object',
              required: ['role', 'content'],
              properties: {
                role: { type: 'string', const: 'assistant' },
                content: { type: 'string' },
                refusal: { anyOf: [{ type: 'string' }, { type: 'null' }] },
              },
            },
            ToolMessage: {
              type: 'object',
              required: ['role', 'content', 'tool_call_id'],
              properties: {
                role: { type: 'string', const: 'tool' },
                content: { type: 'string' },
                tool_call_id: { type: 'string' },
              },
            },
          },
        },
      }),
    };
    // `A | B | C | D` parses as `((A | B) | C) | D`: read as nested unions, one documented model was compared with
    // another and a field of the one reported missing from the other.
    const scan = await analyze({ repo: memoryRepo(files), config: defaultConfig(), docs: ['openapi.json'] });
    expect(scan.findings.filter((f) => f.rule === 'undocumented-request-field').map((f) => f.subject)).toEqual([]);
  });
});

describe('FastAPI form fields typed with a type alias of another module', () => {
  it('reads them with the aliased type under their wire names, and an alias carrying Depends as no field', async () => {
    const { op } = await surfaceOf({
      'app/types.py': `from typing import Annotated, Literal

from fastapi import Depends
from pydantic import Field

ModelId = Annotated[str, Field(min_length=1)]
Granularities = list[Literal["segment", "word"]]


def get_user() -> dict:
    return {}


CurrentUser = Annotated[dict, Depends(get_user)]
`,
      'app/main.py': `from typing import Annotated

from fastapi import FastAPI, Form

from app.types import CurrentUser, Granularities, ModelId

app = FastAPI()


@app.post("/transcriptions")
def transcribe(
    user: CurrentUser,
    model: Annotated[ModelId, Form()],
    granularities: Annotated[
        Granularities,
        # the OpenAI clients send the list with brackets
        Form(alias="timestamp_granularities[]"),
    ] = ["segment"],
) -> dict:
    return {}
`,
    });
    const form = op('POST', '/transcriptions').requestBody?.content['application/x-www-form-urlencoded']?.schema;
    expect(Object.keys(form?.properties ?? {}).sort()).toEqual(['model', 'timestamp_granularities[]']);
    expect(form?.properties?.model?.type).toEqual(['string']);
    expect(form?.properties?.['timestamp_granularities[]']?.type).toEqual(['array']);
  });
});
