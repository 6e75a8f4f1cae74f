import type { HttpMethod } from '../../../model/index.js';
import type { GuardVerdict } from '../auth/auth-signals.js';
import type { Expr } from '../tree-sitter/expr.js';
import type { PyModule } from './python-module.js';
import type { PythonProject, PyValue } from './python-project.js';

/**
 * fastapi-users: what the library's router factories serve and what its user dependencies answer. Its routers are
 * built inside the installed package, so no route of theirs is written in the checkout; this table, read from the
 * library's own `fastapi_users/router/*.py` and `authentication/authenticator.py`, stands for that code.
 */

/** Who a library route lets in: anyone, a signed-in active user, or an active superuser. */
export type LibraryGuard = 'none' | 'user' | 'superuser';

export interface LibraryRoute {
  method: HttpMethod;
  path: string;
  guard: LibraryGuard;
  /** The success status when it is not 200 (login's depends on the transport: 200 for a bearer token). */
  status?: number;
  /** What else the route answers: its own `raise HTTPException(…)` and its user dependency's. */
  errors: number[];
}

/** A route a library factory serves, as the route graph carries it: where it is included and what guards it. */
export interface LibraryRouteInfo {
  /** The factory that builds the router (`get_users_router`). */
  factory: string;
  /** The route as the library writes it, relative to its router (`GET /me`). */
  route: string;
  guard: LibraryGuard;
  errors: number[];
}

/** The routes of each `FastAPIUsers` router factory, relative to the prefix the router is included at. */
const ROUTERS: Readonly<Record<string, readonly LibraryRoute[]>> = {
  // `/logout` depends on `current_user_token(active=True)`; `/login` exchanges a password form for a token.
  get_auth_router: [
    { method: 'POST', path: '/login', guard: 'none', errors: [400] },
    { method: 'POST', path: '/logout', guard: 'user', status: 204, errors: [401] },
  ],
  get_register_router: [{ method: 'POST', path: '/register', guard: 'none', status: 201, errors: [400] }],
  get_reset_password_router: [
    { method: 'POST', path: '/forgot-password', guard: 'none', status: 202, errors: [] },
    { method: 'POST', path: '/reset-password', guard: 'none', errors: [400] },
  ],
  get_verify_router: [
    { method: 'POST', path: '/request-verify-token', guard: 'none', status: 202, errors: [] },
    { method: 'POST', path: '/verify', guard: 'none', errors: [400] },
  ],
  // `/me` depends on `current_user(active=True)`, `/{id}` on `current_user(active=True, superuser=True)`.
  get_users_router: [
    { method: 'GET', path: '/me', guard: 'user', errors: [401] },
    { method: 'PATCH', path: '/me', guard: 'user', errors: [400, 401] },
    { method: 'GET', path: '/{id}', guard: 'superuser', errors: [401, 403, 404] },
    { method: 'PATCH', path: '/{id}', guard: 'superuser', errors: [400, 401, 403, 404] },
    { method: 'DELETE', path: '/{id}', guard: 'superuser', status: 204, errors: [401, 403, 404] },
  ],
  // The OAuth flow: the provider's code comes back to `/callback`, a credential exchange.
  get_oauth_router: [
    { method: 'GET', path: '/authorize', guard: 'none', errors: [] },
    { method: 'GET', path: '/callback', guard: 'none', errors: [400] },
  ],
  // Associating an OAuth account with the signed-in user: both routes depend on `current_user(active=True)`.
  get_oauth_associate_router: [
    { method: 'GET', path: '/authorize', guard: 'user', errors: [401] },
    { method: 'GET', path: '/callback', guard: 'user', errors: [400, 401] },
  ],
};

/** The dependency factories of a `FastAPIUsers` instance (and of its `authenticator`). */
const USER_DEPENDENCIES = /^(current_user|current_user_token)$/;
const INSTANCE = /^fastapi_users(\.fastapi_users)?\.FastAPIUsers$/;

const importing = new WeakMap<PythonProject, boolean>();

function importsLibrary(mod: PyModule): boolean {
  return [...mod.imports.values()].some((i) => i.module.split('.')[0] === 'fastapi_users');
}

/** Whether the checkout imports fastapi-users in one of its route modules (memoised per project). */
function projectImportsLibrary(project: PythonProject): boolean {
  let found = importing.get(project);
  if (found === undefined) {
    found = project.routeModules.some(importsLibrary);
    importing.set(project, found);
  }
  return found;
}

/**
 * Whether a receiver is a `FastAPIUsers[User, ID](…)` instance (or its `.authenticator`). One that cannot be followed
 * (`request.app.fastapi_users`) counts when the checkout imports the library: the factory and dependency names are
 * the library's own.
 */
function isLibraryInstance(project: PythonProject, mod: PyModule, receiver: Expr): boolean {
  const owner = receiver.k === 'attr' && receiver.name === 'authenticator' ? receiver.obj : receiver;
  const value = project.evaluate(mod, owner);
  if (value.k === 'object') {
    const made = value.call.fn.k === 'sub' ? value.call.fn.value : value.call.fn;
    return INSTANCE.test(project.externalName(value.mod, made) ?? '');
  }
  return value.k === 'unknown' && (importsLibrary(mod) || projectImportsLibrary(project));
}

/** The routes of a router a library factory built (`fastapi_users.get_users_router(UserRead, UserUpdate)`), if it is one. */
export function libraryRouter(
  project: PythonProject,
  value: PyValue,
): { factory: string; routes: readonly LibraryRoute[] } | undefined {
  if (value.k !== 'object' || value.call.fn.k !== 'attr') return undefined;
  const factory = value.call.fn.name;
  const routes = Object.hasOwn(ROUTERS, factory) ? ROUTERS[factory] : undefined;
  if (routes === undefined || !isLibraryInstance(project, value.mod, value.call.fn.obj)) return undefined;
  return { factory, routes };
}

/**
 * A user dependency the library makes (`fastapi_users.current_user(active=True)`): 401 without a signed-in (or
 * active) user, 403 for one that is not verified or not a superuser when the dependency asks; `optional=True` lets
 * every request through with `None`.
 */
export function libraryUserDependency(
  project: PythonProject,
  value: PyValue,
): { optional: boolean; superuser: boolean; statuses: number[] } | undefined {
  if (value.k !== 'object' || value.call.fn.k !== 'attr' || !USER_DEPENDENCIES.test(value.call.fn.name))
    return undefined;
  if (!isLibraryInstance(project, value.mod, value.call.fn.obj)) return undefined;
  const { kw } = value.call;
  const optional =
    kw.optional !== undefined &&
    ((kw.optional.k === 'bool' && kw.optional.v) || (kw.optional.k === 'name' && kw.optional.id === 'True'));
  // A flag given as a setting (`verified=settings.REQUIRES_VERIFICATION`) may be on: its 403 is possible.
  const maybe = (name: string): boolean => kw[name] !== undefined && !isFalseExpr(kw[name]);
  const superuser = maybe('superuser');
  const statuses = optional ? [] : superuser || maybe('verified') ? [401, 403] : [401];
  return { optional, superuser, statuses };
}

function isFalseExpr(e: Expr | undefined): boolean {
  return e !== undefined && ((e.k === 'bool' && !e.v) || (e.k === 'name' && e.id === 'False'));
}

/** The verdict of a library route's own guard, placed where its router is included; undefined for a public route. */
export function libraryRouteVerdict(
  info: LibraryRouteInfo,
  at: { file: string; line: number },
): GuardVerdict | undefined {
  if (info.guard === 'none') return undefined;
  const needs = info.guard === 'superuser' ? 'current_user(active=True, superuser=True)' : 'current_user(active=True)';
  return {
    state: 'required',
    evidence: { file: at.file, line: at.line, what: `fastapi-users ${info.factory}: ${info.route} needs ${needs}` },
    rejects: 401,
    ...(info.guard === 'superuser' ? { roles: ['superuser'] } : {}),
  };
}
