import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputNotice } from '../../src/model/index.js';
import { renderNoticesMarkdown } from '../../src/report/notices-markdown.js';
import { runSpecwatch } from './run-cli.js';

interface ScanOutput {
  notices?: { file: string; line?: number; view: string; reason: string; detail: string }[];
}

describe('a body whose type is declared in another Go module', () => {
  it('is said to be not compared in every output, per operation, at the line that sends it', async () => {
    // free5gc's AUSF answers its errors with `models.ProblemDetails` from the github.com/free5gc/openapi module,
    // which go.mod requires and the checkout does not hold: those fields cannot be read.
    const dir = 'test/fixtures/real-apps/free5gc-ausf';
    const json = await runSpecwatch(['scan', dir, '--format', 'json']);
    const outside = (JSON.parse(json.stdout) as ScanOutput).notices?.filter((n) =>
      n.detail.includes('outside the checkout'),
    );
    expect(outside?.map((n) => `${n.file}:${n.line} ${n.view} ${n.reason} ${n.detail}`)).toEqual([
      'internal/sbi/api_ueauthentication.go:123 implemented unresolved POST /nausf-auth/v1/ue-authentications/{authCtxId}/eap-session: response body type github.com/free5gc/openapi/models.ProblemDetails is outside the checkout: not compared',
      'internal/sbi/api_ueauthentication.go:158 implemented unresolved POST /nausf-auth/v1/ue-authentications: response body type github.com/free5gc/openapi/models.ProblemDetails is outside the checkout: not compared',
      'internal/sbi/api_ueauthentication.go:192 implemented unresolved PUT /nausf-auth/v1/ue-authentications/{authCtxId}/5g-aka-confirmation: response body type github.com/free5gc/openapi/models.ProblemDetails is outside the checkout: not compared',
    ]);
    expect(json.stderr).toContain(
      'POST /nausf-auth/v1/ue-authentications: response body type github.com/free5gc/openapi/models.ProblemDetails is outside the checkout: not compared',
    );
    // The PR comment and the check run list the same notices under "Not read".
    expect(renderNoticesMarkdown(outside as InputNotice[])).toContain(
      'models.ProblemDetails is outside the checkout: not compared',
    );
  });

  it('names a request body bound from another module, and not a type of the checkout or the standard library', async () => {
    // iam-apiserver binds `v1.Policy` and `v1.Secret` from github.com/marmotedu/api; its own request types (in the
    // checkout) and `metav1` options read through the standard binders are compared as usual.
    const scan = await runSpecwatch(['scan', 'test/fixtures/real-apps-holdout-5/iam-apiserver', '--format', 'json']);
    const outside = (JSON.parse(scan.stdout) as ScanOutput).notices
      ?.filter((n) => n.detail.includes('outside the checkout'))
      .map((n) => n.detail.replace(/ is outside.*/, ''));
    expect(outside).toEqual(
      expect.arrayContaining([
        'POST /v1/policies: request body type github.com/marmotedu/api/apiserver/v1.Policy',
        'PUT /v1/secrets/{name}: request body type github.com/marmotedu/api/apiserver/v1.Secret',
      ]),
    );
    expect(outside?.every((d) => d.includes('github.com/marmotedu/'))).toBe(true);
  });
});

/** Writes a small app to a fresh folder and returns its `routes --format json` notices about bodies not compared. */
async function outsideNotices(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'specwatch-outside-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = await runSpecwatch(['routes', dir, '--format', 'json']);
    expect(run.code).toBe(0);
    return ((JSON.parse(run.stdout) as ScanOutput).notices ?? [])
      .filter((n) => n.detail.includes('outside the checkout'))
      .map((n) => `${n.file}:${n.line} ${n.detail}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a body type imported from an installed package, in Express, Fastify, Flask and a Go middleware', () => {
  it('Express: a request body typed by Request<…> and a response typed by Response<…> are named, a type of the checkout is not', async () => {
    expect(
      await outsideNotices({
        'package.json': JSON.stringify({ dependencies: { express: '^4.19.2', '@acme/contracts': '^1.0.0' } }),
        'src/app.ts': `import express, { Request, Response } from 'express';
import { CreateOrder, Order } from '@acme/contracts';
import { Health } from './types';
const app = express();
app.use(express.json());
app.post('/orders', (req: Request<{}, Order, CreateOrder>, res: Response<Order>) => {
  res.status(201).json({ id: '1', ...req.body } as Order);
});
app.get('/health', (req: Request, res: Response<Health>) => {
  res.json({ ok: true });
});
export default app;
`,
        'src/types.ts': 'export interface Health { ok: boolean }\n',
      }),
    ).toEqual([
      'src/app.ts:6 POST /orders: request body type @acme/contracts.CreateOrder, response body type @acme/contracts.Order are outside the checkout: not compared',
    ]);
  });

  it('Fastify: a Body route type from a package is named', async () => {
    expect(
      await outsideNotices({
        'package.json': JSON.stringify({ dependencies: { fastify: '^4.26.0', '@acme/contracts': '^1.0.0' } }),
        'src/server.ts': `import Fastify, { type FastifyRequest } from 'fastify';
import type { NewUser } from '@acme/contracts';
const app = Fastify();
app.post('/users', async (request: FastifyRequest<{ Body: NewUser }>, reply) => {
  reply.code(201);
  return { id: 1 };
});
app.listen({ port: 3000 });
`,
      }),
    ).toEqual([
      'src/server.ts:4 POST /users: request body type @acme/contracts.NewUser is outside the checkout: not compared',
    ]);
  });

  it('Flask: a marshmallow schema from a package, loaded from the request or dumped in the answer, is named', async () => {
    expect(
      await outsideNotices({
        'requirements.txt': 'flask\nmarshmallow\nacme-contracts\n',
        'app.py': `from flask import Flask, jsonify, request
from acme_contracts.schemas import OrderSchema, OrderInSchema

from local_schemas import HealthSchema

app = Flask(__name__)
order_schema = OrderSchema()


@app.post("/orders")
def create_order():
    data = OrderInSchema().load(request.get_json())
    return jsonify(order_schema.dump(data)), 201


@app.get("/health")
def health():
    return jsonify(HealthSchema().dump({"ok": True}))
`,
        'local_schemas.py': `from marshmallow import Schema, fields


class HealthSchema(Schema):
    ok = fields.Boolean()
`,
      }),
    ).toEqual([
      'app.py:12 POST /orders: request body type acme_contracts.schemas.OrderInSchema is outside the checkout: not compared',
      'app.py:13 POST /orders: response body type acme_contracts.schemas.OrderSchema is outside the checkout: not compared',
    ]);
  });

  it('Go: a body decoded by a middleware into another module’s type is named for the routes behind it', async () => {
    const notices = await outsideNotices({
      'go.mod':
        'module example.com/shop\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.1.0\n\tgithub.com/acme/billing v1.0.0\n)\n',
      'main.go': `package main

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/acme/billing"
	"github.com/go-chi/chi/v5"
)

type ctxKey struct{}

func decodeInvoice(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var invoice billing.Invoice
		if err := json.NewDecoder(r.Body).Decode(&invoice); err != nil {
			http.Error(w, "bad invoice", http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, invoice)))
	})
}

func main() {
	r := chi.NewRouter()
	r.With(decodeInvoice).Post("/invoices", createInvoice)
	http.ListenAndServe(":3333", r)
}

func createInvoice(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusCreated)
}
`,
    });
    expect(notices).toEqual([
      expect.stringMatching(
        /^main\.go:\d+ POST \/invoices: request body type github\.com\/acme\/billing\.Invoice is outside the checkout: not compared$/,
      ),
    ]);
  });
});
