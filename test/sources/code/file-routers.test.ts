import { describe, expect, it } from 'vitest';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';

async function routesOf(files: Record<string, string>): Promise<string[]> {
  const { surface } = await extractImplementedSurface(memoryRepo(files));
  return surface.operations.map((o) => `${o.method} ${o.path}`).sort();
}

const pkg = (deps: Record<string, string>) => JSON.stringify({ name: 'app', dependencies: deps });

describe('file-system routers', () => {
  it('Nitro: method suffixes, index, catch-all, route groups, server/routes, baseURL from nuxt.config', async () => {
    const routes = await routesOf({
      'package.json': pkg({ nuxt: '^3.12.0' }),
      'nuxt.config.ts': "export default defineNuxtConfig({ app: { baseURL: '/shop/' } })",
      'server/api/items/index.get.ts': 'export default defineEventHandler(() => [])',
      'server/api/items/[id].put.ts': 'export default defineEventHandler(() => ({}))',
      'server/api/(admin)/stats.get.ts': 'export default defineEventHandler(() => ({}))',
      'server/api/files/[...path].get.ts': 'export default defineEventHandler(() => "")',
      'server/routes/sitemap.xml.get.ts': 'export default defineEventHandler(() => "")',
      'server/utils/db.ts': 'export const useDb = () => null',
    });
    expect(routes).toEqual([
      'GET /shop/api/files/{path}',
      'GET /shop/api/items',
      'GET /shop/api/stats',
      'GET /shop/sitemap.xml',
      'PUT /shop/api/items/{id}',
    ]);
  });

  it('SvelteKit: exported methods of +server files, optional and rest segments, groups, kit.paths.base', async () => {
    const routes = await routesOf({
      'package.json': pkg({ '@sveltejs/kit': '^2.0.0' }),
      'svelte.config.js': "export default { kit: { paths: { base: '/app' } } }",
      'src/routes/(api)/items/[id=integer]/+server.ts':
        'export const GET = async () => new Response();\nexport async function DELETE() { return new Response(); }',
      'src/routes/[[lang]]/about/+server.ts': 'export function GET() { return new Response(); }',
      'src/routes/files/[...rest]/+server.js': 'export const GET = () => new Response();',
      'src/routes/items/+page.server.ts': 'export const actions = {};',
    });
    expect(routes).toEqual([
      'DELETE /app/items/{id}',
      'GET /app/about',
      'GET /app/files/{rest}',
      'GET /app/items/{id}',
      'GET /app/{lang}/about',
    ]);
  });

  it('Astro: endpoint files under srcDir/pages, index, dotted names, ALL, base; pages and _partials left out', async () => {
    const routes = await routesOf({
      'package.json': pkg({ astro: '^4.0.0' }),
      'astro.config.mjs': "export default defineConfig({ base: '/docs-site', output: 'server' })",
      'src/pages/api/index.ts': 'export const GET: APIRoute = () => new Response();',
      'src/pages/api/feed.json.ts': 'export function GET() { return new Response(); }',
      'src/pages/api/[id].ts': 'export const ALL = () => new Response();',
      'src/pages/api/_helpers.ts': 'export function GET() {}',
      'src/pages/index.astro': '---\n---\n<h1>hi</h1>',
    });
    expect(routes).toContain('GET /docs-site/api');
    expect(routes).toContain('GET /docs-site/api/feed.json');
    expect(routes).toContain('DELETE /docs-site/api/{id}');
    expect(routes.some((r) => r.includes('_helpers'))).toBe(false);
  });

  it('Remix: resource routes only, flat-route names, folders with route.ts, pathless layouts, splats', async () => {
    const routes = await routesOf({
      'package.json': pkg({ '@remix-run/node': '^2.0.0' }),
      'app/routes/api.users.$userId.ts': 'export async function loader() { return json({}); }',
      'app/routes/api.orders/route.ts': 'export const action = async () => json({});',
      'app/routes/_auth.api.session.ts': 'export const loader = () => null;',
      'app/routes/files.$.ts': 'export const loader = () => null;',
      'app/routes/sitemap[.]xml.ts': 'export const loader = () => null;',
      'app/routes/users.$userId.tsx':
        'export const loader = () => null;\nexport default function User() { return null; }',
    });
    expect(routes).toEqual([
      'DELETE /api/orders',
      'GET /api/session',
      'GET /api/users/{userId}',
      'GET /files/{path}',
      'GET /sitemap.xml',
      'PATCH /api/orders',
      'POST /api/orders',
      'PUT /api/orders',
    ]);
  });

  it('Next.js: basePath from next.config applies to route handlers', async () => {
    const routes = await routesOf({
      'package.json': pkg({ next: '^14.0.0' }),
      'next.config.js': "module.exports = { basePath: '/portal' };",
      'app/api/items/[id]/route.ts': 'export async function GET() { return Response.json({}); }',
    });
    expect(routes).toEqual(['GET /portal/api/items/{id}']);
  });
});

describe('Go net/http', () => {
  it('reads 1.22 patterns, the default mux, sub-muxes and http.StripPrefix', async () => {
    const { surface, frameworks } = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/shop\n\ngo 1.22\n',
        'main.go': `package main

import "net/http"

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", getItem)
	mux.Handle("POST /items", withAuth(http.HandlerFunc(createItem)))
	mux.HandleFunc("DELETE example.com/items/{id}", deleteItem)
	mux.HandleFunc("GET /{$}", home)
	admin := http.NewServeMux()
	admin.HandleFunc("GET /stats", stats)
	mux.Handle("/admin/", http.StripPrefix("/admin", admin))
	http.HandleFunc("/healthz", health)
	registerFiles(mux)
	http.ListenAndServe(":8080", mux)
}

func registerFiles(mux *http.ServeMux) {
	mux.HandleFunc("GET /files/{path...}", file)
}

func withAuth(h http.Handler) http.Handler { return h }
func getItem(w http.ResponseWriter, r *http.Request) {}
func createItem(w http.ResponseWriter, r *http.Request) {}
func deleteItem(w http.ResponseWriter, r *http.Request) {}
func home(w http.ResponseWriter, r *http.Request) {}
func stats(w http.ResponseWriter, r *http.Request) {}
func health(w http.ResponseWriter, r *http.Request) {}
func file(w http.ResponseWriter, r *http.Request) {}
`,
      }),
    );
    const routes = surface.operations.map((o) => `${o.method} ${o.path}`);
    expect(frameworks).toContain('nethttp');
    for (const r of [
      'GET /items/{id}',
      'POST /items',
      'DELETE /items/{id}',
      'GET /',
      'GET /admin/stats',
      'GET /healthz',
      'POST /healthz',
      'GET /files/{path}',
    ])
      expect(routes).toContain(r);
    expect(routes).not.toContain('GET /stats');
  });
});

describe('machinery and hidden routes', () => {
  it('leaves out docs UIs and include_in_schema=False routes, listing each with the reason', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'fastapi==0.110.0\n',
        'app/main.py': `from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
def items():
    return []


@app.get("/internal/metrics", include_in_schema=False)
def metrics():
    return {}


@app.get("/api-docs")
def docs():
    return {}
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /items']);
    expect(result.leftOut).toEqual([
      expect.objectContaining({ method: 'GET', path: '/internal/metrics', reason: 'hidden: include_in_schema=False' }),
      expect.objectContaining({ method: 'GET', path: '/api-docs', file: 'app/main.py', line: 16 }),
    ]);
  });

  it('leaves out the routes of a router made or included with include_in_schema=False, only where it is so mounted', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'requirements.txt': 'fastapi==0.110.0\n',
        'app/main.py': `from fastapi import APIRouter, FastAPI

health = APIRouter(tags=["health"], include_in_schema=False)


@health.get("/healthz")
def healthz():
    return {}


orders = APIRouter(prefix="/orders")


@orders.get("/{order_id}")
def order(order_id: int):
    return {}


app = FastAPI()
app.include_router(health)
app.include_router(orders, prefix="/v1")
app.include_router(orders, prefix="/legacy", include_in_schema=False)
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /v1/orders/{order_id}']);
    expect(result.leftOut.map((r) => `${r.method} ${r.path} ${r.reason}`).sort()).toEqual([
      'GET /healthz hidden: include_in_schema=False',
      'GET /legacy/orders/{order_id} hidden: include_in_schema=False',
    ]);
  });
});
