import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localRepo } from '../../../src/checkout/index.js';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';

/** Auth of each route of a small app, as `METHOD path → state`. */
async function authOf(files: Record<string, string>): Promise<Record<string, string>> {
  const result = await extractImplementedSurface(memoryRepo(files));
  return Object.fromEntries(result.surface.operations.map((o) => [`${o.method} ${o.path}`, o.auth?.state ?? 'absent']));
}

const EXPRESS_PKG = JSON.stringify({ dependencies: { express: '^4.19.2', 'express-jwt': '^8.4.1' } });

describe('Express', () => {
  it('applies router.use in registration order, route middleware, express-jwt options and handler prologues', async () => {
    const auth = await authOf({
      'package.json': EXPRESS_PKG,
      'src/app.js': `const express = require('express');
const { expressjwt } = require('express-jwt');
const records = require('./records');
const app = express();
const requireJwt = expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] });
const readJwt = expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'], credentialsRequired: false });
app.get('/health', (req, res) => res.json({ ok: true }));
app.get('/feed', readJwt, (req, res) => res.json([]));
app.get('/me', (req, res) => {
  if (!req.auth) return res.sendStatus(401);
  res.json(req.auth);
});
app.use('/records', requireJwt, records);
module.exports = app;
`,
      'src/records.js': `const { Router } = require('express');
const router = Router();
router.get('/public-stats', (req, res) => res.json({}));
router.use(requireRole('clinician'));
router.get('/:id', (req, res) => res.json({}));
function requireRole(role) {
  return (req, res, next) => (req.auth && req.auth.roles.includes(role) ? next() : res.status(403).end());
}
module.exports = router;
`,
    });
    expect(auth).toEqual({
      'GET /feed': 'optional',
      'GET /health': 'none',
      'GET /me': 'required',
      // Mounted behind requireJwt, so even the route registered before router.use(requireRole) is guarded.
      'GET /records/public-stats': 'required',
      'GET /records/{id}': 'required',
    });
  });
});

describe('Express guards made by a helper', () => {
  it('a helper returning expressJwt(…).unless(…), imported through rootpath, guards all but the paths it lists', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: { express: '^4.19.2', 'express-jwt': '^6.0.0', rootpath: '^0.1.2' },
      }),
      'server.js': `require('rootpath')();
const express = require('express');
const jwt = require('_helpers/jwt');
const app = express();
app.use(jwt());
app.use('/patients', require('./patients/patients.controller'));
`,
      '_helpers/jwt.js': `const expressJwt = require('express-jwt');
module.exports = jwt;
function jwt() {
  return expressJwt({ secret: process.env.SECRET, algorithms: ['HS256'] }).unless({
    path: ['/patients/authenticate', '/patients/register'],
  });
}
`,
      'patients/patients.controller.js': `const express = require('express');
const router = express.Router();
router.post('/authenticate', (req, res) => res.json({}));
router.post('/register', (req, res) => res.json({}));
router.get('/current', (req, res) => res.json(req.user));
router.get('/:id', (req, res) => res.json({}));
module.exports = router;
`,
    });
    expect(auth).toEqual({
      'POST /patients/authenticate': 'none',
      'POST /patients/register': 'none',
      'GET /patients/current': 'required',
      'GET /patients/{id}': 'required',
    });
  });
});

describe('middleware wrapped by a package', () => {
  it('hono/factory createMiddleware and express-async-handler: the function they wrap decides', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: { hono: '^4.6.0', express: '^4.19.2', 'express-async-handler': '^1.2.0' },
      }),
      'src/hono.ts': `import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
const requireClinician = createMiddleware(async (c, next) => {
  if (!c.req.header('Authorization')) return c.json({ error: 'unauthorized' }, 401);
  await next();
});
const timing = createMiddleware(async (c, next) => {
  await next();
});
const app = new Hono();
app.get('/wards', timing, (c) => c.json([]));
app.get('/wards/:id/patients', requireClinician, (c) => c.json([]));
export default app;
`,
      'src/legacy.js': `const express = require('express');
const asyncHandler = require('express-async-handler');
const protect = asyncHandler(async (req, res, next) => {
  if (!req.headers.authorization) {
    res.status(401);
    throw new Error('Not authorized, no token');
  }
  next();
});
const app = express();
app.get('/legacy/status', (req, res) => res.json({}));
app.get('/legacy/records', protect, (req, res) => res.json([]));
module.exports = app;
`,
    });
    expect(auth).toEqual({
      'GET /wards': 'none',
      'GET /wards/{id}/patients': 'required',
      'GET /legacy/status': 'none',
      'GET /legacy/records': 'required',
    });
  });
});

describe('Express session apps', () => {
  it('a redirect-to-login guard is required; sign-in strategies, rate limiters and middleware reading req.user guard nothing', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: {
          express: '^4.19.2',
          passport: '^0.7.0',
          'passport-local': '^1.0.0',
          'passport-github2': '^0.1.12',
          'passport-http-bearer': '^1.0.1',
          'express-rate-limit': '^7.4.0',
        },
      }),
      'config/passport.js': `const passport = require('passport');
const { Strategy: LocalStrategy } = require('passport-local');
const { Strategy: GitHubStrategy } = require('passport-github2');
const BearerStrategy = require('passport-http-bearer');
passport.use(new LocalStrategy((email, password, done) => done(null, false)));
passport.use(new GitHubStrategy({ clientID: 'x' }, (a, r, p, done) => done(null, p)));
passport.use('device', new BearerStrategy((token, done) => done(null, false)));
exports.isAuthenticated = (req, res, next) => {
  if (req.isAuthenticated()) return next();
  res.redirect('/login');
};
`,
      'app.js': `const express = require('express');
const passport = require('passport');
const rateLimit = require('express-rate-limit');
const passportConfig = require('./config/passport');
const app = express();
const loginLimiter = rateLimit({ windowMs: 60000, max: 5 });
app.use(passport.initialize());
app.use(passport.session());
// Remembers where to come back after signing in: reads the session's user, rejects nobody.
app.use((req, res, next) => {
  if (!req.user && req.path !== '/login') req.session.returnTo = req.originalUrl;
  res.locals.user = req.user;
  next();
});
app.use((req, res, next) => {
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
  next();
});
app.get('/', (req, res) => res.render('home'));
app.post('/login', loginLimiter, passport.authenticate('local', { failureRedirect: '/login' }), (req, res) => res.redirect('/'));
app.get('/auth/github', passport.authenticate('github'));
app.get('/auth/github/callback', passport.authenticate('github', { failureRedirect: '/login' }), (req, res) => res.redirect('/'));
app.get('/account', passportConfig.isAuthenticated, (req, res) => res.render('account'));
app.get('/devices/readings', passport.authenticate('device', { session: false }), (req, res) => res.json([]));
module.exports = app;
`,
    });
    expect(auth).toEqual({
      'GET /': 'none',
      'POST /login': 'none',
      'GET /auth/github': 'none',
      'GET /auth/github/callback': 'none',
      'GET /account': 'required',
      'GET /devices/readings': 'required',
    });
  });

  it('passport handed to the route module, bound to a local name or called on the parameter: sign-in strategies exchange a credential, a JWT strategy guards', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: {
          express: '^4.19.2',
          passport: '^0.7.0',
          'passport-local': '^1.0.0',
          'passport-github': '^1.1.0',
          'passport-jwt': '^4.0.1',
        },
      }),
      'server.js': `const express = require('express');
const passport = require('passport');
const app = express();
require('./config/passport')(passport);
require('./config/routes')(app, passport);
module.exports = app;
`,
      'config/passport.js': `const local = require('./passport/local');
const github = require('./passport/github');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');
const device = new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: 'x' }, (p, done) => done(null, p));
module.exports = function (passport) {
  passport.use(local);
  passport.use(github);
  passport.use('device', device);
};
`,
      'config/passport/local.js': `const LocalStrategy = require('passport-local').Strategy;
module.exports = new LocalStrategy({ usernameField: 'email' }, (email, password, done) => done(null, false));
`,
      'config/passport/github.js': `const GithubStrategy = require('passport-github').Strategy;
module.exports = new GithubStrategy({ clientID: 'x' }, (access, refresh, profile, done) => done(null, profile));
`,
      'config/routes.js': `const users = require('../app/users');
const fail = { failureRedirect: '/login' };
module.exports = function (app, passport) {
  const pauth = passport.authenticate.bind(passport);
  app.post('/users/session', pauth('local', { failureRedirect: '/login', failureFlash: 'Invalid email or password.' }), users.session);
  app.get('/auth/github', pauth('github', fail), users.signin);
  app.get('/auth/github/callback', pauth('github', fail), users.authCallback);
  app.post('/login', passport.authenticate('local', fail), users.session);
  app.get('/devices', pauth('device', { session: false }), users.devices);
};
`,
      'app/users.js': `exports.session = (req, res) => res.redirect('/');
exports.signin = () => {};
exports.authCallback = (req, res) => res.redirect('/');
exports.devices = (req, res) => res.json([]);
`,
    });
    expect(auth).toEqual({
      'POST /users/session': 'none',
      'GET /auth/github': 'none',
      'GET /auth/github/callback': 'none',
      'POST /login': 'none',
      'GET /devices': 'required',
    });
  });

  it('a refresh strategy reading its token from the body exchanges it; one reading the Authorization header guards', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: { express: '^4.19.2', passport: '^0.7.0', 'passport-jwt': '^4.0.1' },
      }),
      'app.js': `const express = require('express');
const passport = require('passport');
const { Strategy, ExtractJwt } = require('passport-jwt');
passport.use('refresh', new Strategy({ jwtFromRequest: ExtractJwt.fromBodyField('refreshToken'), secretOrKey: 'r' }, (p, done) => done(null, p)));
passport.use('jwt', new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: 'a' }, (p, done) => done(null, p)));
const app = express();
app.post('/auth/refresh', passport.authenticate('refresh', { session: false }), (req, res) => res.json({}));
app.get('/me', passport.authenticate('jwt', { session: false }), (req, res) => res.json(req.user));
module.exports = app;
`,
    });
    expect(auth).toEqual({ 'POST /auth/refresh': 'none', 'GET /me': 'required' });
  });
});

describe('Express handlers that check the caller themselves', () => {
  it('a 401 in the else of a session test or a 403 thrown first is required; a session read through a helper and let go is optional; a token exchanged at a sign-in is not', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { express: '^4.19.2', jsonwebtoken: '^9.0.0' } }),
      'src/session.js': `const jwt = require('jsonwebtoken');
const verifySession = (token) => new Promise((resolve, reject) => jwt.verify(token, 'k', (err, d) => (err ? reject(err) : resolve(d))));
exports.connectSession = async ({ req }) => {
  try {
    const payload = await verifySession(req.headers['session']);
    return payload ? { user: { id: payload.sub } } : null;
  } catch (error) {
    return null;
  }
};
`,
      'src/parser.js': `exports.parserConfig = (req) => ({ headers: { Cookie: req.header('Cookie') }, withCredentials: true });
`,
      'src/app.js': `const express = require('express');
const { connectSession } = require('./session');
const { parserConfig } = require('./parser');
class HTTPError extends Error {
  constructor(response) {
    super();
    this.status = response.status;
  }
}
const app = express();
app.get('/api/checkAuth', async (req, res) => {
  const session = await connectSession({ req, res });
  if (session && session?.user) {
    res.status(200).send('Authenticated');
  } else {
    res.status(401).send('Unauthenticated');
  }
});
app.get('/deny', (req, res) => {
  throw new HTTPError({ status: 403, type: 'access_denied' });
});
app.post('/graphql', async (req, res) => {
  const session = await connectSession({ req, res });
  res.json({ data: null, viewer: session && session.user });
});
app.post('/authenticate/fb', (req, res) => {
  const token = req.query && req.query.access_token;
  if (token) {
    res.json({ token: 'issued' });
  } else {
    return res.status(401).send('{error:"Authentication required"}');
  }
});
app.post('/generate', (req, res) => {
  res.json(parserConfig(req));
});
module.exports = app;
`,
    });
    expect(auth).toEqual({
      'GET /api/checkAuth': 'required',
      'GET /deny': 'required',
      'POST /graphql': 'optional',
      'POST /authenticate/fb': 'none',
      'POST /generate': 'none',
    });
  });
});

describe('Express token middleware walked with the credential missing', () => {
  it('turning the caller away with any status is required; reading a token and calling next() without one is optional', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: { express: '^4.19.2', jsonwebtoken: '^9.0.2', mongoose: '^8.4.0' },
      }),
      'src/middleware/auth.js': `const jwt = require('jsonwebtoken');
const ActiveSession = require('../models/active-session');

// The session store decides: a request without a token gets a 200 whose body says it failed.
exports.checkSession = async (req, res, next) => {
  const token = req.headers.authorization || req.body.token;
  if (!token) {
    return res.json({ success: false, msg: 'No token provided' });
  }
  const session = await ActiveSession.findOne({ token });
  if (session) {
    next();
  } else {
    res.json({ success: false, msg: 'User is not logged on' });
  }
};

exports.requireHeader = (req, res, next) => {
  const token = req.headers['x-access-token'];
  if (token === undefined) return res.status(404).json({ message: 'JWT token is required' });
  try {
    req.decoded = jwt.verify(token, process.env.JWT_KEY);
    return next();
  } catch (err) {
    return res.status(400).json({ message: 'JWT token is wrong or expired' });
  }
};

exports.verifyOrFail = (req, res, next) => {
  try {
    req.user = jwt.verify(req.cookies.token, process.env.JWT_KEY);
    next();
  } catch (err) {
    next(err);
  }
};

// Reads the token when there is one; anonymous callers go on.
exports.identify = (req, res, next) => {
  const header = req.get('Authorization');
  const token = header && header.split(' ')[1];
  if (token) {
    try {
      req.user = jwt.verify(token, process.env.JWT_KEY);
    } catch (err) {
      req.user = undefined;
    }
  }
  next();
};
`,
      'src/app.js': `const express = require('express');
const { checkSession, requireHeader, verifyOrFail, identify } = require('./middleware/auth');
const app = express();
app.use(express.json());
app.post('/api/users/edit', checkSession, (req, res) => res.json({ success: true }));
app.get('/api/reports', requireHeader, (req, res) => res.json([]));
app.get('/api/account', verifyOrFail, (req, res) => res.json(req.user));
app.get('/api/articles', identify, (req, res) => res.json([]));
app.get('/api/health', (req, res) => res.json({ ok: true }));
module.exports = app;
`,
    });
    expect(auth).toEqual({
      'POST /api/users/edit': 'required',
      'GET /api/reports': 'required',
      'GET /api/account': 'required',
      'GET /api/articles': 'optional',
      'GET /api/health': 'none',
    });
  });
});

describe('Express handler arrays exported by controllers', () => {
  it('express-jwt as the first element of an exported array, routed from a Router mounted on an express() sub-app, guards the route', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: { express: '^4.19.2', 'express-jwt': '^5.3.1', 'express-validator': '^6.2.0' },
      }),
      'app.js': `var express = require("express");
var apiRouter = require("./routes/api");
var app = express();
app.use("/api/", apiRouter);
module.exports = app;
`,
      'routes/api.js': `var express = require("express");
var authRouter = require("./auth");
var taskRouter = require("./task");
var app = express();
app.use("/auth/", authRouter);
app.use("/task/", taskRouter);
module.exports = app;
`,
      'routes/auth.js': `var express = require("express");
const AuthController = require("../controllers/AuthController");
var router = express.Router();
router.post("/login", AuthController.login);
module.exports = router;
`,
      'routes/task.js': `var express = require("express");
const TaskController = require("../controllers/TaskController");
var router = express.Router();
router.get("/", TaskController.taskList);
router.post("/", TaskController.taskStore);
router.get("/public", [(req, res) => res.json([])]);
module.exports = router;
`,
      'controllers/AuthController.js': `const { body, validationResult } = require("express-validator");
exports.login = [
  body("email").isLength({ min: 1 }).trim(),
  body("password").isLength({ min: 1 }).trim(),
  (req, res) => res.json({ token: "t" }),
];
`,
      'controllers/TaskController.js': `const auth = require("../middlewares/jwt");
const { body } = require("express-validator");
exports.taskList = [
  auth,
  function (req, res) {
    res.json([]);
  },
];
exports.taskStore = [auth, body("title").isLength({ min: 1 }), (req, res) => res.json({})];
`,
      'middlewares/jwt.js': `const jwt = require("express-jwt");
const secret = process.env.JWT_SECRET;
const authenticate = jwt({
  secret: secret,
});
module.exports = authenticate;
`,
    });
    expect(auth).toEqual({
      'POST /api/auth/login': 'none',
      'GET /api/task': 'required',
      'POST /api/task': 'required',
      'GET /api/task/public': 'none',
    });
  });
});

describe('Fastify', () => {
  it('@fastify/autoload loads a folder with an index file through the index alone, so the hooks it adds guard what it registers', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        type: 'module',
        dependencies: { fastify: '^4.28.0', '@fastify/jwt': '^8.0.1', '@fastify/autoload': '^5.8.0' },
      }),
      'app.js': `import { join } from 'node:path';
import jwt from '@fastify/jwt';
import autoload from '@fastify/autoload';
export default async function (app) {
  app.register(jwt, { secret: process.env.JWT_SECRET });
  app.decorate('authenticate', async function (request, reply) {
    try {
      await request.jwtVerify();
    } catch (err) {
      reply.send(err);
    }
  });
  app.register(autoload, { dir: join(import.meta.dirname, 'routes') });
}
`,
      'routes/status.js': `export default async function (app) {
  app.get('/', async () => 'ok');
}
`,
      'routes/records/index.js': `export default async function (app) {
  app.addHook('onRequest', app.authenticate);
  app.register(import('./list.js'));
}
`,
      'routes/records/list.js': `export default async function (app) {
  app.get('/list', async () => []);
}
`,
      'routes/records/archive/old.js': `export default async function (app) {
  app.get('/', async () => []);
}
`,
    });
    expect(auth).toEqual({
      'GET /': 'none',
      // Registered by the index, inside the scope its onRequest hook guards; autoload does not load it a second time
      // outside that scope (it would be `none` by that way in). A sub-folder of an indexed folder still loads.
      'GET /records/list': 'required',
      'GET /records/archive': 'none',
    });
  });

  it('reads @fastify/auth lists by their relation, and a handler that starts with request.jwtVerify()', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: {
          fastify: '^4.28.0',
          '@fastify/jwt': '^8.0.1',
          '@fastify/auth': '^4.6.1',
          'fastify-plugin': '^4.5.1',
        },
      }),
      'src/plugins/auth.js': `const fp = require('fastify-plugin');
module.exports = fp(async (fastify) => {
  fastify.register(require('@fastify/jwt'), { secret: process.env.JWT_SECRET });
  fastify.decorate('authenticate', async (request, reply) => {
    try {
      await request.jwtVerify();
    } catch (err) {
      reply.send(err);
    }
  });
  fastify.decorate('verifyApiKey', async (request, reply) => {
    if (request.headers['x-api-key'] !== process.env.API_KEY) reply.code(401).send({ error: 'bad key' });
  });
  fastify.decorate('audit', async (request) => {
    request.log.info({ url: request.url }, 'seen');
  });
});
`,
      'src/app.js': `const Fastify = require('fastify');
const app = Fastify();
app.register(require('./plugins/auth'));
app.register(require('@fastify/auth'));
app.register(async (f) => {
  f.get('/labs', { preHandler: f.auth([f.authenticate, f.verifyApiKey]) }, async () => []);
  f.post('/labs', { preHandler: f.auth([f.audit, f.authenticate], { relation: 'and' }) }, async () => ({}));
  f.get('/labs/feed', { preHandler: f.auth([f.audit, f.authenticate]) }, async () => []);
  f.get('/me', async (request) => {
    await request.jwtVerify();
    return request.user;
  });
  f.get('/status', async () => ({ ok: true }));
}, { prefix: '/api' });
module.exports = app;
`,
    });
    expect(auth).toEqual({
      // Either credential lets the caller in: both are required, so the route is.
      'GET /api/labs': 'required',
      // With `and`, every function runs: the JWT check guards the route.
      'POST /api/labs': 'required',
      // With `or`, a function that checks nothing could let anyone in: not read as guarded.
      'GET /api/labs/feed': 'unknown',
      'GET /api/me': 'required',
      'GET /api/status': 'none',
    });
  });
});

describe('Koa', () => {
  it('guards spread into a route call from a route table entry count, the handler popped off the list does not', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { koa: '^2.15.0', 'koa-router': '^7.0.1' } }),
      'src/app.js': `import Koa from 'koa';
import Router from 'koa-router';
import table from './table';
const app = new Koa();
const router = new Router({ prefix: '/notes' });
table.forEach(({ method, route, handlers }) => {
  const last = handlers.pop();
  router[method.toLowerCase()](route, ...handlers, async (ctx) => last(ctx));
});
app.use(router.routes());
export default app;
`,
      'src/table.js': `import { ensureUser } from './guard';
const list = async (ctx) => { ctx.body = []; };
const create = async (ctx) => { ctx.status = 201; };
export default [
  { method: 'GET', route: '/', handlers: [list] },
  { method: 'POST', route: '/', handlers: [ensureUser, create] },
];
`,
      'src/guard.js': `export async function ensureUser(ctx, next) {
  if (!ctx.request.header.authorization) ctx.throw(401);
  await next();
}
`,
    });
    expect(auth).toEqual({ 'GET /notes': 'none', 'POST /notes': 'required' });
  });

  it('koa-passport: the local strategy is a login, a JWT strategy a guard', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: { koa: '^2.15.0', '@koa/router': '^12.0.0', 'koa-passport': '^6.0.0' },
      }),
      'src/app.js': `const Koa = require('koa');
const Router = require('@koa/router');
const passport = require('koa-passport');
const app = new Koa();
const router = new Router();
router.post('/login', passport.authenticate('local'), (ctx) => { ctx.body = ctx.state.user; });
router.get('/appointments', passport.authenticate('jwt', { session: false }), (ctx) => { ctx.body = []; });
app.use(router.routes());
`,
    });
    expect(auth).toEqual({ 'POST /login': 'none', 'GET /appointments': 'required' });
  });

  it('koa-jwt with unless() guards the routers mounted after it, except the paths unless() lists', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: {
          koa: '^2.15.0',
          '@koa/router': '^12.0.0',
          'koa-jwt': '^4.0.4',
          'koa-swagger-decorator': '^1.8.7',
        },
      }),
      'src/server.ts': `import Koa from 'koa';
import jwt from 'koa-jwt';
import { openRouter } from './open-routes';
import { labRouter } from './lab-routes';
const app = new Koa();
app.use(openRouter.routes());
app.use(
  jwt({ secret: process.env.JWT_SECRET }).unless({
    path: [/^\\/status/, '/lab/catalogue', { url: '/lab/results/shared', methods: ['GET'] }],
  }),
);
app.use(labRouter.routes());
app.listen(3000);
`,
      'src/open-routes.ts': `import Router from '@koa/router';
export const openRouter = new Router();
openRouter.get('/', (ctx) => { ctx.body = 'ok'; });
`,
      // koa-swagger-decorator's SwaggerRouter is a koa-router.
      'src/lab-routes.ts': `import { SwaggerRouter } from 'koa-swagger-decorator';
export const labRouter = new SwaggerRouter();
labRouter.get('/status/queue', (ctx) => { ctx.body = []; });
labRouter.get('/lab/catalogue', (ctx) => { ctx.body = []; });
labRouter.get('/lab/results/shared', (ctx) => { ctx.body = []; });
labRouter.post('/lab/results/shared', (ctx) => { ctx.status = 201; });
labRouter.get('/lab/results/:id', (ctx) => { ctx.body = ctx.state.user; });
`,
    });
    expect(auth).toEqual({
      'GET /': 'none',
      'GET /status/queue': 'none',
      'GET /lab/catalogue': 'none',
      'GET /lab/results/shared': 'none',
      'POST /lab/results/shared': 'required',
      'GET /lab/results/{id}': 'required',
    });
  });
});

describe('the signed-in caller in the handler', () => {
  it('says where an Express handler reads req.user, and null when it never does (the BOLA prompt asks accordingly)', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': EXPRESS_PKG,
        'src/app.js': `const express = require('express');
const app = express();
const db = require('./db');
app.get('/notes/:id', async (req, res) => {
  const note = await db.notes.findById(req.params.id);
  res.json(note);
});
app.get('/me/notes/:id', async (req, res) => {
  const note = await db.notes.findOne({ id: req.params.id, ownerId: req.user.id });
  res.json(note);
});
module.exports = app;
`,
      }),
    );
    const principal = Object.fromEntries(
      result.surface.operations.map((o) => [`${o.method} ${o.path}`, o.auth?.principal]),
    );
    expect(principal).toEqual({
      'GET /notes/{id}': null,
      'GET /me/notes/{id}': { file: 'src/app.js', line: 9, what: 'req.user' },
    });
  });
});

describe('Express path-only guards', () => {
  it("app.use('/admin', guard) guards the routes under /admin declared after it, mounted routers included", async () => {
    const auth = await authOf({
      'package.json': EXPRESS_PKG,
      'src/app.js': `const express = require('express');
const adminRouter = require('./admin');
const app = express();
function ensureAdmin(req, res, next) {
  if (!req.user || req.user.role !== 'admin') return res.status(403).json({ error: 'forbidden' });
  next();
}
app.get('/admin/ping', (req, res) => res.send('pong'));
app.use('/admin', ensureAdmin);
app.get('/admin/stats', (req, res) => res.json({}));
app.get('/administrators', (req, res) => res.json([]));
app.use('/admin', adminRouter);
app.get('/status', (req, res) => res.json({ ok: true }));
module.exports = app;
`,
      'src/admin.js': `const { Router } = require('express');
const router = Router();
router.get('/users/:id', (req, res) => res.json({}));
module.exports = router;
`,
    });
    expect(auth).toEqual({
      // Registered before the guard: Express has not met it yet.
      'GET /admin/ping': 'none',
      'GET /admin/stats': 'required',
      'GET /admin/users/{id}': 'required',
      // A path prefix matches whole segments.
      'GET /administrators': 'none',
      'GET /status': 'none',
    });
  });
});

describe('Express and Koa guards registered with a verb', () => {
  it("app.all('/api/*', guard) and router.all('*', guard) guard the routes after them that they match, and are no routes", async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: { express: '^4.19.2', koa: '^2.15.0', '@koa/router': '^12.0.1' },
      }),
      'src/app.js': `const express = require('express');
const app = express();
function requireLogin(req, res, next) {
  if (req.isAuthenticated()) return next();
  return res.status(401).json({ message: 'Unauthorized' });
}
function requireAdmin(req, res, next) {
  if (req.user && req.user.admin) return next();
  res.sendStatus(403);
}
app.get('/api/status', (req, res) => res.json({ ok: true }));
app.all('/api/*', requireLogin);
app.get('/api/records', (req, res) => res.json([]));
app.post('/api/records', (req, res) => res.status(201).json({}));
app.get('/public/info', (req, res) => res.json({}));
app.use('/admin', requireAdmin);
app.get('/admin/stats', (req, res) => res.json({}));
app.get('/administrators', (req, res) => res.json([]));
module.exports = app;
`,
      'src/koa.js': `const Koa = require('koa');
const Router = require('@koa/router');
const router = new Router({ prefix: '/v2' });
router.get('/ping', (ctx) => { ctx.body = 'pong'; });
router.all('*', async (ctx, next) => {
  if (!ctx.state.user) ctx.throw(401);
  await next();
});
router.get('/wards', (ctx) => { ctx.body = []; });
const app = new Koa();
app.use(router.routes());
module.exports = app;
`,
    });
    expect(auth).toEqual({
      'GET /api/status': 'none',
      'GET /api/records': 'required',
      'POST /api/records': 'required',
      'GET /public/info': 'none',
      'GET /admin/stats': 'required',
      'GET /administrators': 'none',
      'GET /v2/ping': 'none',
      'GET /v2/wards': 'required',
    });
  });
});

describe('middleware required where it is registered', () => {
  it("app.all('/api/*', require('./authenticator')) reads the module's exported function as the guard", async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
      'src/app.js': `const express = require('express');
const app = express();
require('./routes')(app);
module.exports = app;
`,
      'src/routes.js': `module.exports = function (app) {
  app.use('/sign-in', require('./sign-in'));
  app.all('/api/*', require('./authenticator'));
  app.use('/api/records', require('./records'));
};
`,
      'src/authenticator.js': `module.exports = function (req, res, next) {
  if (!req.query.access_token) return res.status(401).send('Authentication required');
  next();
};
`,
      'src/sign-in.js': `const router = require('express').Router();
router.post('/', (req, res) => res.json({ token: 't' }));
module.exports = router;
`,
      'src/records.js': `const router = require('express').Router();
router.get('/:id', (req, res) => res.json({}));
module.exports = router;
`,
    });
    expect(auth).toEqual({ 'POST /sign-in': 'none', 'GET /api/records/{id}': 'required' });
  });
});

describe('Hono middleware sub-apps and method-conditioned guards', () => {
  it('a sub-app of middleware only guards the routes of sub-apps mounted on the same path after it, for the methods its test lets in', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { hono: '^4.6.3' } }),
      'src/index.ts': `import { Hono } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import books from './books'

type Env = { Bindings: { API_TOKEN: string } }

const legacy = new Hono()
legacy.post('/books/import', (c) => c.json({ queued: true }, 202))

// Reads stay public; writes need the shared token.
const writes = new Hono<Env>()
writes.use('/books/*', async (c, next) => {
  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(c.req.method)) {
    return bearerAuth({ token: c.env.API_TOKEN })(c, next)
  }
  await next()
})

const app = new Hono<Env>()
app.get('/', (c) => c.text('library'))
app.route('/v1', legacy)
app.route('/v1', writes)
app.route('/v1', books)

export default app
`,
      'src/books.ts': `import { Hono } from 'hono'

const books = new Hono()
books.get('/books', (c) => c.json([]))
books.post('/books', async (c) => c.json(await c.req.json(), 201))
books.get('/books/:isbn', (c) => c.json({ isbn: c.req.param('isbn') }))
books.delete('/books/:isbn', (c) => c.body(null, 204))
books.get('/authors', (c) => c.json([]))

export default books
`,
    });
    expect(auth).toEqual({
      'GET /': 'none',
      // Mounted before the guard's sub-app: its handler answers before the middleware is reached.
      'POST /v1/books/import': 'none',
      // '/books/*' covers /books itself in Hono.
      'GET /v1/books': 'none',
      'POST /v1/books': 'required',
      'GET /v1/books/{isbn}': 'none',
      'DELETE /v1/books/{isbn}': 'required',
      // Outside the middleware's path.
      'GET /v1/authors': 'none',
    });
  });
  it('a guard registered for some methods only (app.on, a verb with no handler after it) guards those methods and is no route', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { hono: '^4.6.3' } }),
      'src/index.ts': `import { Hono } from 'hono'
import { basicAuth } from 'hono/basic-auth'
import { jwt } from 'hono/jwt'

const app = new Hono()
app.on(['POST', 'PUT', 'DELETE'], '/notes/*', basicAuth({ username: 'editor', password: process.env.EDITOR_PASSWORD ?? '' }))
app.delete('/tags/*', jwt({ secret: process.env.JWT_SECRET ?? '' }))

app.get('/notes', (c) => c.json([]))
app.post('/notes', (c) => c.json({}, 201))
app.get('/notes/:id', (c) => c.json({}))
app.put('/notes/:id', (c) => c.json({}))
app.get('/tags/:name', (c) => c.json({}))
app.delete('/tags/:name', (c) => c.body(null, 204))

export default app
`,
    });
    expect(auth).toEqual({
      'GET /notes': 'none',
      'POST /notes': 'required',
      'GET /notes/{id}': 'none',
      'PUT /notes/{id}': 'required',
      'GET /tags/{name}': 'none',
      'DELETE /tags/{name}': 'required',
    });
  });
});

describe('Gin', () => {
  it('guards a group with the middlewares a handler list or a variadic parameter spreads into Group', async () => {
    const auth = await authOf({
      'go.mod': 'module example.com/clinic\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'middlewares/jwt.go': `package middlewares

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func JWTMiddleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader("Authorization") == "" {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"message": "missing token"})
			return
		}
		c.Next()
	}
}
`,
      'routes/visits.go': `package routes

import "github.com/gin-gonic/gin"

func VisitRoutes(rg *gin.RouterGroup, handlers ...gin.HandlerFunc) {
	visits := rg.Group("/visits", handlers...)
	visits.GET("", func(c *gin.Context) {})
	visits.POST("", func(c *gin.Context) {})
}
`,
      'main.go': `package main

import (
	"example.com/clinic/middlewares"
	"example.com/clinic/routes"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	v1 := r.Group("/v1")
	v1.GET("/health", func(c *gin.Context) {})
	handlers := []gin.HandlerFunc{middlewares.JWTMiddleware()}
	notes := v1.Group("/notes", handlers...)
	notes.GET("/:id", func(c *gin.Context) {})
	routes.VisitRoutes(v1, middlewares.JWTMiddleware())
	routes.VisitRoutes(v1.Group("/public"))
	r.Run()
}
`,
    });
    expect(auth).toEqual({
      'GET /v1/health': 'none',
      'GET /v1/notes/{id}': 'required',
      'GET /v1/visits': 'required',
      'POST /v1/visits': 'required',
      'GET /v1/public/visits': 'none',
      'POST /v1/public/visits': 'none',
    });
  });
  it('sign-up and a refresh token sent in the body exchange a credential: none; a refresh reading the header is required', async () => {
    const auth = await authOf({
      'go.mod': 'module example.com/clinic\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'services/tokens.go': `package services

import "errors"

func VerifyToken(token string) (string, error) {
	if token == "" {
		return "", errors.New("invalid token")
	}
	return token, nil
}

func CheckUserMail(email string) error {
	if email == "taken@example.com" {
		return errors.New("email already in use")
	}
	return nil
}
`,
      'controllers/auth.go': `package controllers

import (
	"net/http"

	"example.com/clinic/services"
	"github.com/gin-gonic/gin"
)

type refreshRequest struct {
	RefreshToken string \`json:"refreshToken" binding:"required"\`
}

type signUpRequest struct {
	Email    string \`json:"email" binding:"required"\`
	Password string \`json:"password" binding:"required"\`
}

func Register(c *gin.Context) {
	var body signUpRequest
	if err := c.ShouldBindJSON(&body); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"message": err.Error()})
		return
	}
	if err := services.CheckUserMail(body.Email); err != nil {
		c.JSON(http.StatusForbidden, gin.H{"message": err.Error()})
		return
	}
	c.JSON(http.StatusCreated, gin.H{"email": body.Email})
}

func Refresh(c *gin.Context) {
	var body refreshRequest
	if err := c.ShouldBindJSON(&body); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"message": err.Error()})
		return
	}
	user, err := services.VerifyToken(body.RefreshToken)
	if err != nil {
		c.JSON(http.StatusUnauthorized, gin.H{"message": err.Error()})
		return
	}
	c.JSON(http.StatusOK, gin.H{"user": user})
}

func RefreshSession(c *gin.Context) {
	user, err := services.VerifyToken(c.GetHeader("Authorization"))
	if err != nil {
		c.JSON(http.StatusUnauthorized, gin.H{"message": err.Error()})
		return
	}
	c.JSON(http.StatusOK, gin.H{"user": user})
}

func Export(c *gin.Context) {
	user, err := services.VerifyToken(c.GetHeader("Authorization"))
	if err != nil {
		c.JSON(http.StatusUnauthorized, gin.H{"message": err.Error()})
		return
	}
	c.JSON(http.StatusOK, gin.H{"user": user})
}
`,
      'main.go': `package main

import (
	"example.com/clinic/controllers"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	auth := r.Group("/v1/auth")
	auth.POST("/register", controllers.Register)
	auth.POST("/refresh", controllers.Refresh)
	auth.POST("/session/refresh", controllers.RefreshSession)
	r.GET("/v1/export", controllers.Export)
	r.Run()
}
`,
    });
    expect(auth).toEqual({
      'POST /v1/auth/register': 'none',
      'POST /v1/auth/refresh': 'none',
      'POST /v1/auth/session/refresh': 'required',
      'GET /v1/export': 'required',
    });
  });
  it('a CORS middleware that allows the Authorization header reads no credential', async () => {
    const auth = await authOf({
      'go.mod': 'module example.com/clinic\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func CORS() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Writer.Header().Set("Access-Control-Allow-Origin", "*")
		c.Writer.Header().Set("Access-Control-Allow-Headers", "Content-Type, Authorization, x-access-token")
		c.Next()
	}
}

func TokenAuth() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader("Authorization") == "" {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"message": "Please login first"})
			return
		}
		c.Next()
	}
}

func main() {
	r := gin.Default()
	r.Use(CORS())
	v1 := r.Group("/v1")
	v1.GET("/clinics", func(c *gin.Context) { c.JSON(http.StatusOK, []string{}) })
	v1.POST("/visits", TokenAuth(), func(c *gin.Context) { c.Status(http.StatusCreated) })
	r.Run()
}
`,
    });
    expect(auth).toEqual({ 'GET /v1/clinics': 'none', 'POST /v1/visits': 'required' });
  });
  it('an access logger that masks tokens is no guard; guard methods that reject through helpers are required', async () => {
    const auth = await authOf({
      'go.mod': 'module example.com/clinic\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import (
	"errors"
	"regexp"

	"github.com/gin-gonic/gin"
)

var tokenRegexp = regexp.MustCompile("token=[^&]+")

func accessLogger() gin.HandlerFunc {
	return func(c *gin.Context) {
		path := c.Request.URL.Path + "?" + c.Request.URL.RawQuery
		c.Next()
		path = tokenRegexp.ReplaceAllString(path, "token=[masked]")
		println(path)
	}
}

type Auth struct{}

func (a *Auth) RequireClient(ctx *gin.Context) {
	a.evaluateOr401(ctx, a.handleClient())
}

func (a *Auth) Optional(ctx *gin.Context) {
	if !a.evaluate(ctx, a.handleClient()) {
		ctx.Next()
	}
}

func (a *Auth) evaluate(ctx *gin.Context, funcs ...func(*gin.Context) bool) bool {
	for _, fn := range funcs {
		if fn(ctx) {
			ctx.Next()
			return true
		}
	}
	return false
}

func (a *Auth) evaluateOr401(ctx *gin.Context, funcs ...func(*gin.Context) bool) {
	if !a.evaluate(ctx, funcs...) {
		a.abort401(ctx)
	}
}

func (a *Auth) abort401(ctx *gin.Context) {
	ctx.AbortWithError(401, errors.New("you need to provide a valid access token"))
}

func (a *Auth) handleClient() func(*gin.Context) bool {
	return func(ctx *gin.Context) bool {
		return ctx.Request.Header.Get("X-Clinic-Key") != "" || ctx.GetHeader("Authorization") != ""
	}
}

func main() {
	g := gin.New()
	authentication := Auth{}
	g.Use(accessLogger())
	g.GET("/health", func(c *gin.Context) {})
	g.Group("/user").Use(authentication.Optional).POST("", func(c *gin.Context) {})
	clientAuth := g.Group("")
	{
		clientAuth.Use(authentication.RequireClient)
		clientAuth.GET("/visits", func(c *gin.Context) {})
	}
	g.Run()
}
`,
    });
    expect(auth).toEqual({ 'GET /health': 'none', 'POST /user': 'optional', 'GET /visits': 'required' });
  });
  it('behind an optional credential, a handler that answers 401 itself refuses anonymous callers: required', async () => {
    const auth = await authOf({
      'go.mod': 'module example.com/clinic\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

func Optional(ctx *gin.Context) {
	if ctx.GetHeader("Authorization") != "" {
		ctx.Set("user", ctx.GetHeader("Authorization"))
	}
	ctx.Next()
}

func createUser(ctx *gin.Context) {
	caller, known := ctx.Get("user")
	if !known || caller != "admin" {
		// 401 for an anonymous caller, 403 for a signed-in one who is no admin.
		status := http.StatusUnauthorized
		if known {
			status = http.StatusForbidden
		}
		ctx.AbortWithError(status, errors.New("you are not allowed to access this api"))
		return
	}
	ctx.Status(http.StatusCreated)
}

func listVisits(ctx *gin.Context) {
	if _, known := ctx.Get("user"); !known {
		ctx.AbortWithError(http.StatusForbidden, errors.New("members only"))
		return
	}
	ctx.JSON(http.StatusOK, []string{})
}

func main() {
	g := gin.New()
	g.Group("/user").Use(Optional).POST("", createUser)
	g.Group("/visits").Use(Optional).GET("", listVisits)
	g.GET("/news", Optional, func(c *gin.Context) { c.JSON(http.StatusOK, []string{}) })
	g.Run()
}
`,
    });
    // The status variable holds 401 or 403: the 401 is the handler's own refusal of a caller nobody identified.
    // A 403 alone is no such refusal (it answers callers the middleware identified), and a handler that refuses
    // nobody leaves the optional middleware's state as it is.
    expect(auth).toEqual({ 'POST /user': 'required', 'GET /visits': 'optional', 'GET /news': 'optional' });
  });
});

describe('a global middleware that refuses for something else than the caller', () => {
  it('a Gin Host allowlist and a chi client-IP list answering 403 read no credential: no guard; a 403 role check still is', async () => {
    const auth = await authOf({
      'go.mod':
        'module example.com/clinic\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/go-chi/chi/v5 v5.0.12\n)\n',
      'gin.go': `package main

import (
	"net"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"
)

var allowedHosts = []string{"localhost", "clinic.internal"}

func hostAllowlist() gin.HandlerFunc {
	return func(c *gin.Context) {
		host, _, err := net.SplitHostPort(c.Request.Host)
		if err != nil {
			host = c.Request.Host
		}
		if !slices.Contains(allowedHosts, host) {
			c.AbortWithStatus(http.StatusForbidden)
			return
		}
		c.Next()
	}
}

func requireAdmin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetString("role") != "admin" {
			c.AbortWithStatus(http.StatusForbidden)
			return
		}
		c.Next()
	}
}

func ginRoutes() *gin.Engine {
	r := gin.New()
	r.Use(hostAllowlist())
	r.GET("/visits", func(c *gin.Context) { c.JSON(http.StatusOK, []string{}) })
	r.DELETE("/visits/:id", requireAdmin(), func(c *gin.Context) { c.Status(http.StatusNoContent) })
	return r
}
`,
      'chi.go': `package main

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

func internalOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.RemoteAddr, "10.") {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func chiRoutes() http.Handler {
	r := chi.NewRouter()
	r.Use(internalOnly)
	r.Get("/metrics/visits", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	return r
}
`,
    });
    expect(auth).toEqual({
      'DELETE /visits/{id}': 'required',
      'GET /metrics/visits': 'none',
      'GET /visits': 'none',
    });
  });

  it('Express: a Host check answering 403 guards nothing; one refusing a caller without req.user does', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
      'src/app.js': `const express = require('express');
const app = express();
const allowedHosts = (process.env.ALLOWED_HOSTS || 'localhost').split(',');
app.use((req, res, next) => {
  if (!allowedHosts.includes(req.hostname)) return res.status(403).send('Forbidden host');
  next();
});
app.get('/visits', (req, res) => res.json([]));
function staffOnly(req, res, next) {
  if (!req.user) return res.status(403).end();
  next();
}
app.get('/staff/visits', staffOnly, (req, res) => res.json([]));
module.exports = app;
`,
    });
    expect(auth).toEqual({ 'GET /staff/visits': 'required', 'GET /visits': 'none' });
  });

  it('Flask: a before_request hook refusing an unknown Host guards nothing; one refusing without g.user does', async () => {
    const auth = await authOf({
      'requirements.txt': 'flask==3.0.3\n',
      'app.py': `from flask import Blueprint, Flask, abort, g, jsonify, request

app = Flask(__name__)
staff = Blueprint("staff", __name__, url_prefix="/staff")
ALLOWED_HOSTS = {"localhost", "clinic.internal"}


@app.before_request
def check_host():
    if request.host.split(":")[0] not in ALLOWED_HOSTS:
        abort(403)


@staff.before_request
def staff_only():
    if g.get("user") is None:
        abort(403)


@app.get("/visits")
def visits():
    return jsonify([])


@staff.get("/visits")
def staff_visits():
    return jsonify([])


app.register_blueprint(staff)
`,
    });
    expect(auth).toEqual({ 'GET /staff/visits': 'required', 'GET /visits': 'none' });
  });
});

describe('sign-in and sign-up behind a middleware that only reads a credential', () => {
  it('a Gin login and register behind an optional token reader exchange a credential: none; the other routes stay optional', async () => {
    const auth = await authOf({
      'go.mod': 'module example.com/clinic\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

type AuthHandler struct{}

func (h *AuthHandler) Login(c *gin.Context)    { c.JSON(http.StatusOK, gin.H{"token": "t"}) }
func (h *AuthHandler) Register(c *gin.Context) { c.Status(http.StatusCreated) }

// The letters of "login" across a word boundary do not make a sign-in.
func catalogInfo(c *gin.Context) { c.JSON(http.StatusOK, gin.H{}) }

func readToken() gin.HandlerFunc {
	return func(c *gin.Context) {
		if token := strings.TrimPrefix(c.GetHeader("Authorization"), "Bearer "); token != "" {
			c.Set("token", token)
		}
		c.Next()
	}
}

func main() {
	h := &AuthHandler{}
	r := gin.New()
	r.Use(readToken())
	r.POST("/auth/login", h.Login)
	r.POST("/auth/register", h.Register)
	r.GET("/articles", func(c *gin.Context) { c.JSON(http.StatusOK, []string{}) })
	r.GET("/catalog", catalogInfo)
	r.Run()
}
`,
    });
    expect(auth).toEqual({
      'GET /articles': 'optional',
      'GET /catalog': 'optional',
      'POST /auth/login': 'none',
      'POST /auth/register': 'none',
    });
  });
});

describe('a Gin guard that rejects through an error-to-status map', () => {
  it('requires the routes of go-pos guarded by an auth middleware that aborts with sentinel errors mapped to 401', async () => {
    // bagashiz/go-pos (a public app, kept under test/fixtures/real-apps-holdout-4): authMiddleware aborts with
    // `handleAbort(ctx, domain.ErrEmptyAuthorizationHeader)`, whose status `errorStatusMap` gives as 401; no 401 is
    // written in the middleware itself. Its groups add `Use(adminMiddleware())` after the reads.
    const result = await extractImplementedSurface(
      localRepo(join(import.meta.dirname, '../../fixtures/real-apps-holdout-4/go-pos')),
    );
    const auth = Object.fromEntries(result.surface.operations.map((o) => [`${o.method} ${o.path}`, o.auth?.state]));
    expect(auth['GET /v1/payments']).toBe('required');
    expect(auth['GET /v1/orders/{id}']).toBe('required');
    expect(auth['PUT /v1/payments/{id}']).toBe('required');
    expect(auth['POST /v1/users']).toBe('none');
    expect(auth['POST /v1/users/login']).toBe('none');
  });
});

describe('Go handlers that check a credential in their own first statements', () => {
  it('reads a Bearer header, Basic auth, a session cookie and a Gin header answered 401/403, and tells a malformed-token check from a guard', async () => {
    const auth = await authOf({
      'go.mod': 'module example.com/vault\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import (
	"crypto/subtle"
	"net/http"
	"os"
	"strings"
)

func secrets(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+os.Getenv("API_TOKEN") {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	w.Write([]byte("ok"))
}

func admin(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if !ok || subtle.ConstantTimeCompare([]byte(user+pass), []byte(os.Getenv("ADMIN"))) != 1 {
		w.Header().Set("WWW-Authenticate", \`Basic realm="admin"\`)
		w.WriteHeader(401)
		return
	}
	w.Write([]byte("admin"))
}

func account(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie("session"); err != nil {
		http.Error(w, "sign in", http.StatusForbidden)
		return
	}
	w.Write([]byte("account"))
}

func feed(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token != "" && !validToken(token) {
		http.Error(w, "bad token", http.StatusUnauthorized)
		return
	}
	w.Write([]byte("feed"))
}

func item(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "" {
		http.Error(w, "missing id", http.StatusNotFound)
		return
	}
	w.Write([]byte(id))
}

func validToken(t string) bool { return t == os.Getenv("API_TOKEN") }

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /secrets", secrets)
	mux.HandleFunc("GET /admin", admin)
	mux.HandleFunc("GET /account", account)
	mux.HandleFunc("GET /feed", feed)
	mux.HandleFunc("GET /items/{id}", item)
	http.ListenAndServe(":8080", mux)
}
`,
      'api/router.go': `package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func Register(r *gin.Engine) {
	r.GET("/api/me", func(c *gin.Context) {
		token := c.GetHeader("X-API-Key")
		if token == "" {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "missing key"})
			return
		}
		c.JSON(http.StatusOK, gin.H{"key": true})
	})
	r.GET("/api/ping", func(c *gin.Context) { c.String(http.StatusOK, "pong") })
}
`,
    });
    expect(auth).toEqual({
      'GET /account': 'required',
      'GET /admin': 'required',
      'GET /api/me': 'required',
      'GET /api/ping': 'none',
      'GET /feed': 'optional',
      'GET /items/{id}': 'none',
      'GET /secrets': 'required',
    });
  });
});

describe('net/http behind a project handler adapter', () => {
  it('a mux held in a field, handlers given to an adapter, guards called by the handler, a root fallback and a file server', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/notes\n\ngo 1.22\n',
        'web/context.go': `package web

import "net/http"

type Context struct {
	W       http.ResponseWriter
	R       *http.Request
	Account *string
}

type Handler func(c *Context)

func SendError(c *Context, status int, message string) {
	c.W.WriteHeader(status)
	c.W.Write([]byte(message))
}

func RequireLoggedInUser(c *Context) error {
	if c.Account == nil {
		SendError(c, http.StatusUnauthorized, "Authentication required")
		return errNotLogged
	}
	return nil
}

var errNotLogged = error(nil)

func (c *Context) IsLoggedIn() bool {
	return c.Account != nil
}
`,
        'server.go': `package main

import (
	"net/http"

	"example.com/notes/web"
)

type Server struct {
	mux *http.ServeMux
}

func ToHTTPHandler(h web.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &web.Context{W: w, R: r}
		h(c)
	}
}

func listNotes(c *web.Context) {
	if err := web.RequireLoggedInUser(c); err != nil {
		return
	}
	c.W.Write([]byte("[]"))
}

func liveness(c *web.Context) {
	c.W.Write([]byte("ok"))
}

func getNote(c *web.Context) *string {
	public := c.R.PathValue("id") == "1"
	if !public && !c.IsLoggedIn() {
		http.Redirect(c.W, c.R, "/login", http.StatusFound)
		return nil
	}
	return new(string)
}

func showNote(c *web.Context) {
	note := getNote(c)
	if note == nil {
		return
	}
	c.W.Write([]byte(*note))
}

func assets(c *web.Context) {
	http.StripPrefix("/assets/", http.FileServer(http.Dir("public"))).ServeHTTP(c.W, c.R)
}

func frontend(c *web.Context) {
	c.W.Write([]byte("<html></html>"))
}

func (s *Server) Setup() {
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /api/notes", ToHTTPHandler(listNotes))
	s.mux.HandleFunc("GET /system/liveness", ToHTTPHandler(liveness))
	s.mux.HandleFunc("GET /notes/{id}", ToHTTPHandler(showNote))
	s.mux.HandleFunc("GET /assets/", ToHTTPHandler(assets))
	s.mux.HandleFunc("/", ToHTTPHandler(frontend))
}

func main() {
	s := &Server{}
	s.Setup()
	http.ListenAndServe(":8080", s.mux)
}
`,
      }),
    );
    const auth = Object.fromEntries(result.surface.operations.map((o) => [`${o.method} ${o.path}`, o.auth?.state]));
    // The routes are found on the mux the method assigned to its field; each handler is the function given to the
    // adapter, so listNotes' call to RequireLoggedInUser (401, returns an error) makes its route required. showNote
    // starts with a helper that tests whether the caller is signed in and serves public notes to anyone: optional.
    expect(auth).toEqual({
      'GET /api/notes': 'required',
      'GET /system/liveness': 'none',
      'GET /notes/{id}': 'optional',
    });
    // A handler handing the request to a file server serves files; "/" (not "/{$}") answers every other path.
    expect([...new Set(result.leftOut.map((l) => `${l.path} ${l.reason}`))].sort()).toEqual([
      '/ machinery: catch-all fallback for every other path (a web UI or a not-found page)',
      '/assets machinery: static files under /assets',
    ]);
  });
});

describe('chi', () => {
  it('go-chi/jwtauth: the verifier alone is optional, with the authenticator after it required', async () => {
    const auth = await authOf({
      'go.mod':
        'module example.com/wards\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.1.0\n\tgithub.com/go-chi/jwtauth/v5 v5.3.1\n)\n',
      'main.go': `package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/jwtauth/v5"
)

var tokenAuth = jwtauth.New("HS256", []byte("secret"), nil)

func main() {
	r := chi.NewRouter()
	r.Group(func(r chi.Router) {
		r.Use(jwtauth.Verifier(tokenAuth))
		r.Use(jwtauth.Authenticator(tokenAuth))
		r.Get("/wards", func(w http.ResponseWriter, r *http.Request) {})
	})
	r.Group(func(r chi.Router) {
		r.Use(jwtauth.Verifier(tokenAuth))
		r.Get("/visiting-hours", func(w http.ResponseWriter, r *http.Request) {})
	})
	r.Get("/", func(w http.ResponseWriter, r *http.Request) {})
	http.ListenAndServe(":3000", r)
}
`,
    });
    expect(auth).toEqual({ 'GET /': 'none', 'GET /wards': 'required', 'GET /visiting-hours': 'optional' });
  });
});

describe('Spring', () => {
  const POM = `<project><dependencies>
  <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
  <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-security</artifactId></dependency>
</dependencies></project>`;
  const CONTROLLER = `package demo;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;
@RestController
@RequestMapping("/api")
public class ReportController {
  @GetMapping("/health") public String health() { return "ok"; }
  @GetMapping("/reports/{id}") public String report(@PathVariable String id) { return id; }
  @PreAuthorize("hasRole('AUDITOR')")
  @DeleteMapping("/reports/{id}") public void delete(@PathVariable String id) {}
}
`;

  it('reads authorizeRequests().antMatchers in order, and @PreAuthorize once method security is enabled', async () => {
    const auth = await authOf({
      'pom.xml': POM,
      'src/main/java/demo/ReportController.java': CONTROLLER,
      'src/main/java/demo/SecurityConfig.java': `package demo;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityConfigurerAdapter;
@EnableMethodSecurity
public class SecurityConfig extends WebSecurityConfigurerAdapter {
  @Override
  protected void configure(HttpSecurity http) throws Exception {
    http.authorizeRequests()
        .antMatchers("/api/health").permitAll()
        .antMatchers("/api/**").permitAll()
        .anyRequest().authenticated();
  }
}
`,
    });
    expect(auth).toEqual({
      'DELETE /api/reports/{id}': 'required',
      'GET /api/health': 'none',
      'GET /api/reports/{id}': 'none',
    });
  });

  it('a permitAll route whose handler answers 401 without a principal is required; one that only reads it is optional', async () => {
    const auth = await authOf({
      'pom.xml': POM,
      'src/main/java/demo/SecurityConfig.java': `package demo;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
public class SecurityConfig {
  @Bean
  public SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(authz -> authz
        .requestMatchers("/api/account/**").permitAll()
        .anyRequest().authenticated());
    return http.build();
  }
}
`,
      'src/main/java/demo/AccountController.java': `package demo;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.server.ResponseStatusException;
@RestController
@RequestMapping("/api/account")
public class AccountController {
  @GetMapping("/me")
  public ResponseEntity<String> me(@AuthenticationPrincipal UserDetails user) {
    if (user == null) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
    }
    return ResponseEntity.ok(user.getUsername());
  }
  @GetMapping("/check")
  public ResponseEntity<String> check(Principal principal) {
    return ResponseEntity.status(principal == null ? HttpStatus.UNAUTHORIZED : HttpStatus.OK).body("");
  }
  @DeleteMapping("/sessions")
  public void logout(Principal principal) {
    if (principal == null) throw new ResponseStatusException(HttpStatus.FORBIDDEN);
  }
  @GetMapping("/status")
  public ResponseEntity<?> status() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated() || "anonymousUser".equals(auth.getPrincipal())) {
      return ResponseEntity.status(401).build();
    }
    return ResponseEntity.ok(auth.getName());
  }
  @GetMapping("/greeting")
  public String greeting(Principal principal) {
    return principal != null ? "Hello " + principal.getName() : "Hello";
  }
}
`,
    });
    expect(auth).toEqual({
      'GET /api/account/me': 'required',
      'GET /api/account/check': 'required',
      'DELETE /api/account/sessions': 'required',
      'GET /api/account/status': 'required',
      // It answers a signed-in caller by name and anyone else with a plain greeting.
      'GET /api/account/greeting': 'optional',
    });
  });

  it('an OAuth2 login app: a permitted /api/user that answers 200 without a principal is optional; unread or ignored, none', async () => {
    const auth = await authOf({
      'pom.xml': POM,
      'src/main/java/demo/SecurityConfiguration.java': `package demo;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.SecurityFilterChain;
public class SecurityConfiguration {
  @Bean
  public WebSecurityCustomizer webSecurityCustomizer() {
    return (web) -> web.ignoring().requestMatchers("/api/ping");
  }
  @Bean
  public SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(authz -> authz
        .requestMatchers("/", "/api/user", "/api/clinics").permitAll()
        .anyRequest().authenticated())
      .oauth2Login();
    return http.build();
  }
}
`,
      'src/main/java/demo/UserController.java': `package demo;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.web.bind.annotation.*;
@RestController
public class UserController {
  @GetMapping("/api/user")
  public ResponseEntity<?> getUser(@AuthenticationPrincipal OAuth2User user) {
    if (user == null) {
      return new ResponseEntity<>("", HttpStatus.OK);
    }
    return ResponseEntity.ok().body(user.getAttributes());
  }
  @GetMapping("/api/clinics")
  public Map<String, String> clinics() {
    return Map.of();
  }
  @GetMapping("/api/ping")
  public String ping(Principal principal) {
    return principal == null ? "pong" : "pong " + principal.getName();
  }
  @GetMapping("/api/visits")
  public Map<String, String> visits(Principal principal) {
    return Map.of("owner", principal.getName());
  }
}
`,
    });
    expect(auth).toEqual({
      'GET /api/user': 'optional',
      'GET /api/clinics': 'none',
      // web.ignoring(): the request skips every filter, so no principal is ever read there.
      'GET /api/ping': 'none',
      'GET /api/visits': 'required',
    });
  });

  it('a matcher given a String[] constant covers its patterns; a statically imported GET is a method; @Hidden routes keep their auth', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'pom.xml': POM,
        'src/main/java/demo/SecurityConfiguration.java': `package demo;
import static org.springframework.http.HttpMethod.GET;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
public class SecurityConfiguration {
  private static final String[] WHITE_LIST_URL = {"/api/auth/**",
      "/v3/api-docs/**",
      "/swagger-ui/**"};
  @Bean
  public SecurityFilterChain chain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(req -> req.requestMatchers(WHITE_LIST_URL).permitAll()
        .requestMatchers(GET, "/api/news/**").permitAll()
        .anyRequest().authenticated());
    return http.build();
  }
}
`,
        'src/main/java/demo/ApiController.java': `package demo;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.web.bind.annotation.*;
@RestController
@RequestMapping("/api")
public class ApiController {
  @PostMapping("/auth/login") public String login() { return ""; }
  @GetMapping("/news") public String news() { return ""; }
  @PostMapping("/news") public String post() { return ""; }
  @Hidden
  @DeleteMapping("/news") public void purge() {}
}
`,
      }),
    );
    const auth = Object.fromEntries(result.surface.operations.map((o) => [`${o.method} ${o.path}`, o.auth?.state]));
    expect(auth).toEqual({ 'POST /api/auth/login': 'none', 'GET /api/news': 'none', 'POST /api/news': 'required' });
    // Kept out of the docs by springdoc, the route still serves requests: listed as left out, with its auth.
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.reason} ${l.auth?.state}`)).toEqual([
      'DELETE /api/news hidden: @Hidden required',
    ]);
  });

  it('a matcher given a constant of another class (SecurityConstants.PUBLIC_URLS) covers its patterns', async () => {
    const auth = await authOf({
      'pom.xml': POM,
      'src/main/java/demo/SecurityConstants.java': `package demo;
public final class SecurityConstants {
  public static final String[] PUBLIC_URLS = {"/api/health", "/api/reports/public/**"};
}
`,
      'src/main/java/demo/SecurityConfig.java': `package demo;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
public class SecurityConfig {
  @Bean
  public SecurityFilterChain chain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(req -> req.requestMatchers(SecurityConstants.PUBLIC_URLS).permitAll()
        .anyRequest().authenticated());
    return http.build();
  }
}
`,
      'src/main/java/demo/ReportController.java': CONTROLLER.replace(/.*PreAuthorize.*\n/g, ''),
    });
    expect(auth).toEqual({
      'DELETE /api/reports/{id}': 'required',
      'GET /api/health': 'none',
      'GET /api/reports/{id}': 'required',
    });
  });

  it('a permit list bound from application.yml (a @Bean @ConfigurationProperties factory called in a loop of antMatchers) is read; a whitelisted handler that refuses without a principal is required', async () => {
    const auth = await authOf({
      'pom.xml': POM,
      'src/main/resources/application.yml': `secure:
  ignored:
    urls:
      - /swagger-ui/**
      - /admin/login
      - /admin/info
      - /brand/list
`,
      'src/main/java/demo/IgnoreUrlsConfig.java': `package demo;
import java.util.ArrayList;
import java.util.List;
import lombok.Getter;
import lombok.Setter;
@Getter
@Setter
public class IgnoreUrlsConfig {
  private List<String> urls = new ArrayList<>();
}
`,
      'src/main/java/demo/SecurityConfig.java': `package demo;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.ExpressionUrlAuthorizationConfigurer;
import org.springframework.security.web.SecurityFilterChain;
public class SecurityConfig {
  @Bean
  @ConfigurationProperties(prefix = "secure.ignored")
  public IgnoreUrlsConfig ignoreUrlsConfig() {
    return new IgnoreUrlsConfig();
  }
  @Bean
  SecurityFilterChain filterChain(HttpSecurity httpSecurity) throws Exception {
    ExpressionUrlAuthorizationConfigurer<HttpSecurity>.ExpressionInterceptUrlRegistry registry =
        httpSecurity.authorizeRequests();
    for (String url : ignoreUrlsConfig().getUrls()) {
      registry.antMatchers(url).permitAll();
    }
    registry.antMatchers(HttpMethod.OPTIONS).permitAll();
    registry.and().authorizeRequests().anyRequest().authenticated();
    return httpSecurity.build();
  }
}
`,
      'src/main/java/demo/AdminController.java': `package demo;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.*;
@Controller
@RequestMapping("/admin")
public class AdminController {
  @RequestMapping(value = "/login", method = RequestMethod.POST)
  @ResponseBody
  public CommonResult login(@RequestBody LoginParam param) { return CommonResult.success(null); }
  @RequestMapping(value = "/info", method = RequestMethod.GET)
  @ResponseBody
  public CommonResult getAdminInfo(Principal principal) {
    if (principal == null) {
      return CommonResult.unauthorized(null);
    }
    return CommonResult.success(principal.getName());
  }
  @RequestMapping(value = "/list", method = RequestMethod.GET)
  @ResponseBody
  public CommonResult list() { return CommonResult.success(null); }
  @RequestMapping("/ping")
  @ResponseBody
  public CommonResult ping() { return CommonResult.success("pong"); }
}
`,
      'src/main/java/demo/BrandController.java': `package demo;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.*;
@Controller
@RequestMapping("/brand")
public class BrandController {
  @RequestMapping(value = "/list", method = RequestMethod.GET)
  @ResponseBody
  public CommonResult list() { return CommonResult.success(null); }
  @RequestMapping(value = "/delete/{id}", method = RequestMethod.POST)
  @ResponseBody
  public CommonResult delete(@PathVariable Long id) { return CommonResult.success(null); }
}
`,
    });
    expect(auth).toEqual({
      'GET /admin/info': 'required',
      'GET /admin/list': 'required',
      // A mapping without a method answers every method; antMatchers(HttpMethod.OPTIONS) lets the preflight through.
      'DELETE /admin/ping': 'required',
      'GET /admin/ping': 'required',
      'HEAD /admin/ping': 'required',
      'OPTIONS /admin/ping': 'none',
      'PATCH /admin/ping': 'required',
      'POST /admin/ping': 'required',
      'PUT /admin/ping': 'required',
      'GET /brand/list': 'none',
      'POST /admin/login': 'none',
      'POST /brand/delete/{id}': 'required',
    });
  });

  it('the active profile gives a String[] permit list read into a local, web.ignoring() patterns come first, and a list no file sets is unknown, said', async () => {
    const files = {
      'pom.xml': POM,
      'src/main/resources/application.yml': 'spring:\n  profiles:\n    active: dev\n',
      'src/main/resources/application-dev.yml': `security:
  ignore-urls:
    - /api/v1/auth/login/**
    - /api/v1/auth/captcha
  unsecured-urls: /v3/api-docs/**,/api/v1/status
`,
      'src/main/resources/application-prod.yml': 'security:\n  ignore-urls:\n    - /api/v1/auth/login/**\n',
      'src/main/java/demo/SecurityProperties.java': `package demo;
import lombok.Data;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
@Data
@Component
@ConfigurationProperties(prefix = "security")
public class SecurityProperties {
  private String[] ignoreUrls;
  private String[] unsecuredUrls;
}
`,
      'src/main/java/demo/SecurityConfig.java': `package demo;
import lombok.RequiredArgsConstructor;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.SecurityFilterChain;
@RequiredArgsConstructor
public class SecurityConfig {
  private final SecurityProperties securityProperties;
  @Bean
  public SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(registry -> {
          String[] ignoreUrls = securityProperties.getIgnoreUrls();
          if (ignoreUrls != null) {
            registry.requestMatchers(ignoreUrls).permitAll();
          }
          registry.anyRequest().authenticated();
        })
        .build();
  }
  @Bean
  public WebSecurityCustomizer webSecurityCustomizer() {
    return (web) -> web.ignoring().requestMatchers(securityProperties.getUnsecuredUrls());
  }
}
`,
      'src/main/java/demo/AuthController.java': `package demo;
import org.springframework.web.bind.annotation.*;
@RestController
@RequestMapping("/api/v1")
public class AuthController {
  @PostMapping("/auth/login") public String login() { return "token"; }
  @GetMapping("/auth/captcha") public String captcha() { return "captcha"; }
  @GetMapping("/status") public String status() { return "up"; }
  @GetMapping("/users/me") public String me() { return "me"; }
}
`,
    };
    expect(await authOf(files)).toEqual({
      'GET /api/v1/auth/captcha': 'none',
      'GET /api/v1/status': 'none',
      'GET /api/v1/users/me': 'required',
      'POST /api/v1/auth/login': 'none',
    });
    // Without the profile's files nothing sets the list: the routes it may cover are unknown, and the reason names it.
    const unset = await extractImplementedSurface(
      memoryRepo({
        ...files,
        'src/main/resources/application-dev.yml': 'server:\n  port: 8000\n',
        'src/main/resources/application-prod.yml': 'server:\n  port: 8000\n',
      }),
    );
    const me = unset.surface.operations.find((o) => o.path === '/api/v1/users/me');
    expect(me?.auth?.state).toBe('unknown');
    expect(me?.auth?.reason).toContain('security.unsecuredUrls');
    // One application.yml of several documents: the active profile's document wins, a list is never mixed item by
    // item with another document's value.
    const oneFile = {
      ...files,
      'src/main/resources/application.yml': `spring:
  profiles:
    active: prod
security:
  ignore-urls: /api/v1/auth/login/**
  unsecured-urls: /v3/api-docs/**
---
spring:
  config:
    activate:
      on-profile: dev
security:
  ignore-urls:
    - /api/v1/auth/login/**
    - /api/v1/auth/captcha
  unsecured-urls:
    - /api/v1/status
`,
      'src/main/resources/application-dev.yml': 'server:\n  port: 8000\n',
      'src/main/resources/application-prod.yml': 'server:\n  port: 8000\n',
    };
    expect(await authOf(oneFile)).toEqual({
      'GET /api/v1/auth/captcha': 'required',
      'GET /api/v1/status': 'required',
      'GET /api/v1/users/me': 'required',
      'POST /api/v1/auth/login': 'none',
    });
    const dev = oneFile['src/main/resources/application.yml'].replace('active: prod', 'active: dev');
    expect(await authOf({ ...oneFile, 'src/main/resources/application.yml': dev })).toEqual({
      'GET /api/v1/auth/captcha': 'none',
      'GET /api/v1/status': 'none',
      'GET /api/v1/users/me': 'required',
      'POST /api/v1/auth/login': 'none',
    });
  });

  it('per-method ignore lists bound from YAML and made web.ignoring() in forEach lambdas; a logout that answers 401 when the token cannot be read is required', async () => {
    const auth = await authOf({
      'pom.xml': POM,
      'src/main/resources/application.properties':
        'custom.config.ignores.post[0]=/api/auth/login\ncustom.config.ignores.post[1]=/api/auth/logout\ncustom.config.ignores.pattern=/test/*\n',
      'src/main/java/demo/CustomConfig.java': `package demo;
import lombok.Data;
import org.springframework.boot.context.properties.ConfigurationProperties;
@ConfigurationProperties(prefix = "custom.config")
@Data
public class CustomConfig {
  private IgnoreConfig ignores;
}
`,
      'src/main/java/demo/IgnoreConfig.java': `package demo;
import com.google.common.collect.Lists;
import java.util.List;
import lombok.Data;
@Data
public class IgnoreConfig {
  private List<String> pattern = Lists.newArrayList();
  private List<String> get = Lists.newArrayList();
  private List<String> post = Lists.newArrayList();
}
`,
      'src/main/java/demo/SecurityConfig.java': `package demo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.builders.WebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityConfigurerAdapter;
public class SecurityConfig extends WebSecurityConfigurerAdapter {
  @Autowired
  private CustomConfig customConfig;
  @Override
  protected void configure(HttpSecurity http) throws Exception {
    http.csrf().disable().authorizeRequests().anyRequest().authenticated();
  }
  @Override
  public void configure(WebSecurity web) {
    WebSecurity and = web.ignoring().and();
    customConfig.getIgnores().getGet().forEach(url -> and.ignoring().antMatchers(HttpMethod.GET, url));
    customConfig.getIgnores().getPost().forEach(url -> and.ignoring().antMatchers(HttpMethod.POST, url));
    customConfig.getIgnores().getPattern().forEach(url -> and.ignoring().antMatchers(url));
  }
}
`,
      'src/main/java/demo/AuthController.java': `package demo;
import javax.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.*;
@RestController
@RequestMapping("/api/auth")
public class AuthController {
  private JwtUtil jwtUtil;
  @PostMapping("/login") public ApiResponse login(@RequestBody LoginRequest body) { return ApiResponse.ofSuccess(null); }
  @PostMapping("/logout")
  public ApiResponse logout(HttpServletRequest request) {
    try {
      jwtUtil.invalidateJWT(request);
    } catch (SecurityException e) {
      throw new SecurityException(Status.UNAUTHORIZED);
    }
    return ApiResponse.ofStatus(Status.LOGOUT);
  }
}
`,
      'src/main/java/demo/TestController.java': `package demo;
import org.springframework.web.bind.annotation.*;
@RestController
@RequestMapping("/test")
public class TestController {
  @GetMapping public String list() { return "list"; }
  @PutMapping("/{id}") public String update(@PathVariable Long id) { return "updated"; }
}
`,
    });
    expect(auth).toEqual({
      'GET /test': 'required',
      'POST /api/auth/login': 'none',
      'POST /api/auth/logout': 'required',
      'PUT /test/{id}': 'none',
    });
  });

  it('a permit list, or a placeholder inside one, that only an inactive profile sets is not taken from that profile: the routes it may cover are unknown, and the reason names the profile', async () => {
    const files = {
      'pom.xml': POM,
      'src/main/resources/application.yml': `spring:
  profiles:
    active: prod
app:
  security:
    public-paths:
      - /api/health
      - \${app.docs-path}/**
`,
      'src/main/resources/application-dev.yml':
        'app:\n  docs-path: /api/docs\n  security:\n    open-paths: /api/reports/**\n',
      'src/main/java/demo/PathsConfig.java': `package demo;
import java.util.List;
import lombok.Data;
import org.springframework.boot.context.properties.ConfigurationProperties;
@Data
@ConfigurationProperties(prefix = "app.security")
public class PathsConfig {
  private List<String> publicPaths;
  private List<String> openPaths;
}
`,
      'src/main/java/demo/SecurityConfig.java': `package demo;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
public class SecurityConfig {
  private final PathsConfig pathsConfig;
  public SecurityConfig(PathsConfig pathsConfig) { this.pathsConfig = pathsConfig; }
  @Bean
  public SecurityFilterChain chain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(req -> req
        .requestMatchers(pathsConfig.getPublicPaths().toArray(new String[0])).permitAll()
        .requestMatchers(pathsConfig.getOpenPaths().toArray(new String[0])).permitAll()
        .anyRequest().authenticated());
    return http.build();
  }
}
`,
      'src/main/java/demo/ReportController.java': `package demo;
import org.springframework.web.bind.annotation.*;
@RestController
@RequestMapping("/api")
public class ReportController {
  @GetMapping("/health") public String health() { return "ok"; }
  @GetMapping("/docs/openapi") public String docs() { return "{}"; }
  @GetMapping("/reports/{id}") public String report(@PathVariable String id) { return id; }
}
`,
    };
    const result = await extractImplementedSurface(memoryRepo(files));
    const byRoute = new Map(result.surface.operations.map((o) => [`${o.method} ${o.path}`, o.auth]));
    // The item read from the active configuration still covers its path.
    expect(byRoute.get('GET /api/health')?.state).toBe('none');
    // app.docs-path is set only under dev: the item is not read as /api/docs/** (nor as a literal placeholder).
    expect(byRoute.get('GET /api/docs/openapi')?.state).toBe('unknown');
    expect(byRoute.get('GET /api/docs/openapi')?.reason).toContain('$' + '{app.docs-path}');
    expect(byRoute.get('GET /api/docs/openapi')?.reason).toContain('set only under profile dev');
    expect(byRoute.get('GET /api/reports/{id}')?.state).toBe('unknown');
    // With dev active, both lists and the placeholder come from it.
    const dev = files['src/main/resources/application.yml'].replace('active: prod', 'active: dev');
    expect(await authOf({ ...files, 'src/main/resources/application.yml': dev })).toEqual({
      'GET /api/docs/openapi': 'none',
      'GET /api/health': 'none',
      'GET /api/reports/{id}': 'none',
    });
  });

  it('a @Value list of a comma-separated property, and a bound list converted with toArray, are read', async () => {
    const auth = await authOf({
      'pom.xml': POM,
      'src/main/resources/application.properties':
        'app.security.public-paths=/api/health, /api/reports/public/**\napp.docs.paths[0]=/api/docs/**\n',
      'src/main/java/demo/PathsConfig.java': `package demo;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
@ConfigurationProperties(prefix = "app.docs")
public class PathsConfig {
  private List<String> paths = new ArrayList<>();
  public List<String> getPaths() { return paths; }
}
`,
      'src/main/java/demo/SecurityConfig.java': `package demo;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
public class SecurityConfig {
  @Value("\${app.security.public-paths}")
  private String[] publicPaths;
  private final PathsConfig pathsConfig;
  public SecurityConfig(PathsConfig pathsConfig) { this.pathsConfig = pathsConfig; }
  @Bean
  public SecurityFilterChain chain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(req -> req
        .requestMatchers(publicPaths).permitAll()
        .requestMatchers(pathsConfig.getPaths().toArray(new String[0])).permitAll()
        .anyRequest().authenticated());
    return http.build();
  }
}
`,
      'src/main/java/demo/ReportController.java': `package demo;
import org.springframework.web.bind.annotation.*;
@RestController
@RequestMapping("/api")
public class ReportController {
  @GetMapping("/health") public String health() { return "ok"; }
  @GetMapping("/reports/public/{id}") public String shared(@PathVariable String id) { return id; }
  @GetMapping("/reports/{id}") public String report(@PathVariable String id) { return id; }
  @GetMapping("/docs/openapi") public String docs() { return "{}"; }
}
`,
    });
    expect(auth).toEqual({
      'GET /api/docs/openapi': 'none',
      'GET /api/health': 'none',
      'GET /api/reports/public/{id}': 'none',
      'GET /api/reports/{id}': 'required',
    });
  });

  it('a static List<String> constant of another class, given through toArray, covers its patterns', async () => {
    const auth = await authOf({
      'pom.xml': POM,
      'src/main/java/demo/PublicPaths.java': `package demo;
import java.util.List;
public final class PublicPaths {
  public static final List<String> PATHS = List.of(
      "/api/health",
      "/api/reports/public/**");
  private PublicPaths() {}
}
`,
      'src/main/java/demo/SecurityConfig.java': `package demo;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
public class SecurityConfig {
  @Bean
  public SecurityFilterChain chain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(auth -> auth
        .requestMatchers(PublicPaths.PATHS.toArray(new String[0])).permitAll()
        .anyRequest().authenticated());
    return http.build();
  }
}
`,
      'src/main/java/demo/ReportController.java': `package demo;
import org.springframework.web.bind.annotation.*;
@RestController
@RequestMapping("/api")
public class ReportController {
  @GetMapping("/health") public String health() { return "ok"; }
  @GetMapping("/reports/public/{id}") public String shared(@PathVariable String id) { return id; }
  @GetMapping("/reports/{id}") public String report(@PathVariable String id) { return id; }
}
`,
    });
    expect(auth).toEqual({
      'GET /api/health': 'none',
      'GET /api/reports/public/{id}': 'none',
      'GET /api/reports/{id}': 'required',
    });
  });

  it('without a filter chain, Spring Boot secures every route; without the dependency, none', async () => {
    expect(await authOf({ 'pom.xml': POM, 'src/main/java/demo/ReportController.java': CONTROLLER })).toEqual({
      'DELETE /api/reports/{id}': 'required',
      'GET /api/health': 'required',
      'GET /api/reports/{id}': 'required',
    });
    const open = await authOf({
      'pom.xml': POM.replace(
        /<dependency><groupId>org.springframework.boot<\/groupId><artifactId>spring-boot-starter-security.*\n/,
        '',
      ),
      'src/main/java/demo/ReportController.java': CONTROLLER.replace(/.*PreAuthorize.*\n/g, ''),
    });
    expect(open).toEqual({
      'DELETE /api/reports/{id}': 'none',
      'GET /api/health': 'none',
      'GET /api/reports/{id}': 'none',
    });
  });

  it('an OAuth2 resource server without a configurer secures every route; one that permits a path opens it; a scope check is required', async () => {
    const pom = `<project><dependencies>
  <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
  <dependency><groupId>org.springframework.cloud</groupId><artifactId>spring-cloud-starter-oauth2</artifactId></dependency>
</dependencies></project>`;
    const app = `package demo;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableGlobalMethodSecurity;
import org.springframework.security.oauth2.config.annotation.web.configuration.EnableResourceServer;
@SpringBootApplication
@EnableResourceServer
@EnableGlobalMethodSecurity(prePostEnabled = true)
public class StatisticsApplication {}
`;
    const controller = `package demo;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;
@RestController
public class StatisticsController {
  @RequestMapping(value = "/current", method = RequestMethod.GET) public String current() { return "{}"; }
  @PreAuthorize("#oauth2.hasScope('server')")
  @RequestMapping(value = "/{accountName}", method = RequestMethod.PUT) public void save(@PathVariable String accountName) {}
  @RequestMapping(value = "/demo", method = RequestMethod.GET) public String demo() { return "{}"; }
}
`;
    const files = {
      'pom.xml': pom,
      'src/main/java/demo/StatisticsApplication.java': app,
      'src/main/java/demo/StatisticsController.java': controller,
    };
    expect(await authOf(files)).toEqual({
      'GET /current': 'required',
      'GET /demo': 'required',
      'PUT /{accountName}': 'required',
    });
    expect(
      await authOf({
        ...files,
        'src/main/java/demo/ResourceServerConfig.java': `package demo;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.config.annotation.web.configuration.ResourceServerConfigurerAdapter;
@Configuration
public class ResourceServerConfig extends ResourceServerConfigurerAdapter {
  @Override
  public void configure(HttpSecurity http) throws Exception {
    http.authorizeRequests()
        .antMatchers("/", "/demo").permitAll()
        .anyRequest().authenticated();
  }
}
`,
      }),
    ).toEqual({
      'GET /current': 'required',
      'GET /demo': 'none',
      'PUT /{accountName}': 'required',
    });
  });
});

describe('NestJS', () => {
  it('a RolesGuard that lets routes without @Roles through guards only those with it; passport-local guards sign in', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0', '@nestjs/passport': '^10.0.0' },
      }),
      'src/roles.guard.ts': `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private reflector: Reflector) {}
  public canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<string[] | undefined>('roles', [context.getHandler(), context.getClass()]);
    if (!roles) {
      return true;
    }
    const { user } = context.switchToHttp().getRequest();
    if (!user) return false;
    return user.roles.some((role: string) => roles.includes(role));
  }
}
`,
      'src/roles.decorator.ts': `import { SetMetadata } from '@nestjs/common';
export const Roles = (...roles: string[]) => SetMetadata('roles', roles);
`,
      'src/local-login.guard.ts': `import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Injectable()
export class LocalLoginGuard extends AuthGuard('local') {
  public async canActivate(context: ExecutionContext): Promise<boolean> {
    const result = (await super.canActivate(context)) as boolean;
    await super.logIn(context.switchToHttp().getRequest());
    return result;
  }
}
`,
      'src/wards.controller.ts': `import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { RolesGuard } from './roles.guard';
import { Roles } from './roles.decorator';
import { LocalLoginGuard } from './local-login.guard';
@Controller('wards')
@UseGuards(RolesGuard)
export class WardsController {
  @Get()
  list() { return []; }
  @Get('admin')
  @Roles('admin')
  admin() { return 'admin'; }
  @Post('login')
  @UseGuards(LocalLoginGuard)
  login() { return 'ok'; }
  @Post('token')
  @UseGuards(AuthGuard('local'))
  token() { return 'ok'; }
}
`,
    });
    expect(auth).toEqual({
      'GET /wards': 'none',
      'GET /wards/admin': 'required',
      'POST /wards/login': 'none',
      'POST /wards/token': 'none',
    });
  });

  it('guards named through constants: a local strategy and a refresh strategy reading the body exchange credentials; a header refresh guards', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: {
          '@nestjs/core': '^10.0.0',
          '@nestjs/common': '^10.0.0',
          '@nestjs/passport': '^10.0.0',
          'passport-local': '^1.0.0',
          'passport-jwt': '^4.0.1',
          'passport-google-oauth20': '^2.0.0',
        },
      }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(3000);
}
bootstrap();
`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { AuthController } from './auth/auth.controller';
@Module({ controllers: [AuthController] })
export class AppModule {}
`,
      'src/auth/constants.ts': `export const STRATEGY_LOCAL = 'local';
export const STRATEGY_JWT_REFRESH = 'refresh';
export const STRATEGY_COOKIE_REFRESH = 'cookie-refresh';
export const STRATEGY_JWT_AUTH = 'jwt';
export enum Providers {
  GOOGLE = 'auth-google',
}
`,
      'src/auth/guards.ts': `import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Providers, STRATEGY_COOKIE_REFRESH, STRATEGY_JWT_AUTH, STRATEGY_JWT_REFRESH, STRATEGY_LOCAL } from './constants';
@Injectable()
export class LocalAuthGuard extends AuthGuard(STRATEGY_LOCAL) {}
@Injectable()
export class JwtRefreshGuard extends AuthGuard(STRATEGY_JWT_REFRESH) {}
@Injectable()
export class CookieRefreshGuard extends AuthGuard(STRATEGY_COOKIE_REFRESH) {}
@Injectable()
export class JwtAuthGuard extends AuthGuard(STRATEGY_JWT_AUTH) {}
@Injectable()
export class GoogleGuard extends AuthGuard(Providers.GOOGLE) {}
`,
      'src/auth/strategies.ts': `import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Strategy as GoogleStrategyBase } from 'passport-google-oauth20';
import { Providers, STRATEGY_COOKIE_REFRESH, STRATEGY_JWT_AUTH, STRATEGY_JWT_REFRESH, STRATEGY_LOCAL } from './constants';
@Injectable()
export class GoogleStrategy extends PassportStrategy(GoogleStrategyBase, Providers.GOOGLE) {
  constructor() {
    super({ clientID: 'x', clientSecret: 'y', callbackURL: '/auth/google/callback' });
  }
}
function fromRefreshCookie(req: { cookies?: Record<string, string> }) {
  return req.cookies?.refresh ?? null;
}
@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, STRATEGY_LOCAL) {
  constructor() {
    super({ usernameField: 'username' });
  }
  async validate(username: string) {
    return { username };
  }
}
@Injectable()
export class JwtRefreshStrategy extends PassportStrategy(Strategy, STRATEGY_JWT_REFRESH) {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromBodyField('refreshToken'), secretOrKey: 'r' });
  }
  async validate(payload: unknown) {
    return payload;
  }
}
@Injectable()
export class CookieRefreshStrategy extends PassportStrategy(Strategy, STRATEGY_COOKIE_REFRESH) {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromExtractors([fromRefreshCookie]), secretOrKey: 'c' });
  }
  async validate(payload: unknown) {
    return payload;
  }
}
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, STRATEGY_JWT_AUTH) {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: 'a' });
  }
  async validate(payload: unknown) {
    return payload;
  }
}
`,
      'src/auth/auth.controller.ts': `import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { CookieRefreshGuard, GoogleGuard, JwtAuthGuard, JwtRefreshGuard, LocalAuthGuard } from './guards';
@Controller('auth')
export class AuthController {
  @Post('login')
  @UseGuards(LocalAuthGuard)
  login(@Body() body: unknown) {
    return body;
  }
  @Post('refresh-token')
  @UseGuards(JwtRefreshGuard)
  refresh(@Body() body: unknown) {
    return body;
  }
  @Post('refresh-cookie')
  @UseGuards(CookieRefreshGuard)
  refreshCookie() {
    return {};
  }
  @Get('me')
  @UseGuards(JwtAuthGuard)
  me() {
    return {};
  }
  @Get('google/callback')
  @UseGuards(GoogleGuard)
  googleCallback() {
    return {};
  }
}
`,
    });
    expect(auth).toEqual({
      'POST /auth/login': 'none',
      'POST /auth/refresh-token': 'none',
      'POST /auth/refresh-cookie': 'required',
      'GET /auth/me': 'required',
      'GET /auth/google/callback': 'none',
    });
  });

  it('a session guard whose canActivate returns request.isAuthenticated() is required (Nest answers 403 on false)', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: {
          '@nestjs/core': '^10.0.0',
          '@nestjs/common': '^10.0.0',
          '@nestjs/passport': '^10.0.0',
          'express-session': '^1.18.0',
        },
      }),
      'src/auth/authenticated.guard.ts': `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    return request.isAuthenticated();
  }
}
`,
      'src/auth/logging.guard.ts': `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
@Injectable()
export class LoggingGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    console.log(context.getHandler().name);
    return true;
  }
}
`,
      'src/patients.controller.ts': `import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthenticatedGuard } from './auth/authenticated.guard';
import { LoggingGuard } from './auth/logging.guard';
@Controller('patients')
@UseGuards(LoggingGuard)
export class PatientsController {
  @Get('count')
  count() { return 3; }
  @UseGuards(AuthenticatedGuard)
  @Get('me')
  me() { return {}; }
}
`,
    });
    expect(auth).toEqual({ 'GET /patients/count': 'none', 'GET /patients/me': 'required' });
  });

  it('a skip marker over a Symbol key lifts a global guard per controller, and its (false) form on a method puts it back', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0' } }),
      'src/skip.decorator.ts': `import { SetMetadata } from '@nestjs/common';
export const SKIP_LOGGED_IN_CHECK = Symbol('metadata:skip logged in check');
export const SkipLoggedInCheck = (skip = true) => SetMetadata(SKIP_LOGGED_IN_CHECK, skip);
`,
      'src/logged-in.guard.ts': `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SKIP_LOGGED_IN_CHECK } from './skip.decorator';
@Injectable()
export class LoggedInGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride(SKIP_LOGGED_IN_CHECK, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest();
    if (!req.session?.userId) return false;
    return true;
  }
}
`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggedInGuard } from './logged-in.guard';
import { ClinicsController } from './clinics.controller';
@Module({ controllers: [ClinicsController], providers: [LoggedInGuard, { provide: APP_GUARD, useExisting: LoggedInGuard }] })
export class AppModule {}
`,
      'src/clinics.controller.ts': `import { Controller, Get, Post } from '@nestjs/common';
import { SkipLoggedInCheck } from './skip.decorator';
@Controller('clinics')
@SkipLoggedInCheck()
export class ClinicsController {
  @Get()
  list() { return []; }
  @Post()
  @SkipLoggedInCheck(false)
  create() { return {}; }
}
`,
    });
    expect(auth).toEqual({ 'GET /clinics': 'none', 'POST /clinics': 'required' });
  });

  it('reads an APP_GUARD, @Public() exceptions and guards on the controller', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0' } }),
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { PatientsController } from './patients.controller';
@Module({ controllers: [PatientsController], providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })
export class AppModule {}
`,
      'src/auth/jwt-auth.guard.ts': `import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
@Injectable()
export class JwtAuthGuard {
  constructor(private reflector: Reflector) {}
  canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.get<boolean>('isPublic', context.getHandler());
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest();
    if (!request.headers.authorization) throw new UnauthorizedException();
    return true;
  }
}
`,
      'src/public.decorator.ts': `import { SetMetadata } from '@nestjs/common';
export const Public = () => SetMetadata('isPublic', true);
`,
      'src/patients.controller.ts': `import { Controller, Get, Param } from '@nestjs/common';
import { Public } from './public.decorator';
@Controller('patients')
export class PatientsController {
  @Public()
  @Get('count')
  count() { return 3; }
  @Get(':id')
  findOne(@Param('id') id: string) { return { id }; }
}
`,
    });
    expect(auth).toEqual({ 'GET /patients/count': 'none', 'GET /patients/{id}': 'required' });
  });

  it('reads a public marker declared as its own decorator over a metadata key held in a constant', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/passport': '^10.0.0' } }),
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { GuardsModule } from './guards/guards.module';
import { VisitsController } from './visits.controller';
@Module({ imports: [GuardsModule], controllers: [VisitsController] })
export class AppModule {}
`,
      // The global guard is provided by a feature module, not the root one.
      'src/guards/guards.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
@Module({ providers: [{ provide: APP_GUARD, useClass: AccessGuard }] })
export class GuardsModule {}
`,
      'src/guards/access.guard.ts': `import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { OPEN_KEY } from './keys';
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(private reflector: Reflector) { super(); }
  canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(OPEN_KEY, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context);
  }
}
`,
      // Neither the decorator's name nor the constant's says "public": the key's value does.
      'src/guards/keys.ts': `export const OPEN_KEY = 'allowAnonymous';
`,
      'src/guards/open.decorator.ts': `import { CustomDecorator, SetMetadata } from '@nestjs/common';
import { OPEN_KEY } from './keys';
export const OpenEndpoint = (): CustomDecorator<string> => SetMetadata(OPEN_KEY, true);
`,
      'src/visits.controller.ts': `import { Controller, Get, Post } from '@nestjs/common';
import { OpenEndpoint } from './guards/open.decorator';
@Controller({ path: '/visits', version: '1' })
export class VisitsController {
  @Get('opening-hours')
  @OpenEndpoint()
  hours() { return []; }
  @Post()
  book() { return {}; }
}
`,
    });
    expect(auth).toEqual({ 'GET /visits/opening-hours': 'none', 'POST /visits': 'required' });
  });
});

describe('NestJS passport guards that let a request without a user through', () => {
  const PKG = JSON.stringify({
    dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0', '@nestjs/passport': '^10.0.0' },
  });

  it('a passport guard returning the user or null from handleRequest is optional; one throwing without a user is required', async () => {
    const auth = await authOf({
      'package.json': PKG,
      'src/guards.ts': `import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Injectable()
export class AdminJwtGuard extends AuthGuard('jwt') {
  handleRequest(err, user) {
    if (err) {
      throw err;
    }
    return user || null;
  }
}
@Injectable()
export class StrictJwtGuard extends AuthGuard('jwt') {
  handleRequest(err, user, info) {
    if (err || !user) {
      throw err || new UnauthorizedException(info?.message);
    }
    return user;
  }
}
@Injectable()
export class HeaderJwtGuard extends AuthGuard('jwt') {
  canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    const authHeader = request.headers['authorization'];
    if (!authHeader) {
      return true;
    }
    return super.canActivate(context);
  }
}
`,
      'src/posts.controller.ts': `import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { AdminJwtGuard, HeaderJwtGuard, StrictJwtGuard } from './guards';
@Controller('posts')
export class PostsController {
  @Get()
  @UseGuards(AdminJwtGuard)
  list() { return []; }
  @Post()
  @UseGuards(StrictJwtGuard)
  create() { return {}; }
  @Get('feed')
  @UseGuards(HeaderJwtGuard)
  feed() { return []; }
}
`,
    });
    expect(auth).toEqual({ 'GET /posts': 'optional', 'POST /posts': 'required', 'GET /posts/feed': 'optional' });
  });
});

describe('FastAPI', () => {
  it('follows Depends to a security class, an auto_error=False scheme and router dependencies', async () => {
    const auth = await authOf({
      'requirements.txt': 'fastapi==0.115.0\n',
      'app/deps.py': `from typing import Annotated, Optional
from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

oauth2 = OAuth2PasswordBearer(tokenUrl="/token")
maybe_oauth2 = OAuth2PasswordBearer(tokenUrl="/token", auto_error=False)


def current_user(token: Annotated[str, Depends(oauth2)]):
    return {"sub": token}


def optional_user(token: Annotated[Optional[str], Depends(maybe_oauth2)]):
    return {"sub": token} if token else None


def require_admin(user=Depends(current_user)):
    if user.get("role") != "admin":
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN)
    return user


CurrentUser = Annotated[dict, Depends(current_user)]
`,
      'app/main.py': `from fastapi import APIRouter, Depends, FastAPI
from app.deps import CurrentUser, optional_user, require_admin

app = FastAPI()
admin = APIRouter(prefix="/admin", dependencies=[Depends(require_admin)])


@app.get("/articles")
def articles(user=Depends(optional_user)):
    return []


@app.get("/me")
def me(user: CurrentUser):
    return user


@app.get("/status")
def status_page():
    return {"ok": True}


@admin.delete("/users/{user_id}")
def delete_user(user_id: int):
    return None


app.include_router(admin)
`,
    });
    expect(auth).toEqual({
      'DELETE /admin/users/{user_id}': 'required',
      'GET /articles': 'optional',
      'GET /me': 'required',
      'GET /status': 'none',
    });
  });
});

describe('FastAPI routers included more than once', () => {
  it('one router at a public prefix and behind a guarded include_router: each copy has its own auth', async () => {
    const auth = await authOf({
      'requirements.txt': 'fastapi==0.115.0\n',
      'service/security.py': `from fastapi import HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.tokens import decode_access_token


class JWTBearer(HTTPBearer):
    async def __call__(self, request: Request) -> str:
        creds: HTTPAuthorizationCredentials | None = await super().__call__(request)
        if creds is None:
            raise HTTPException(status_code=401, detail="Not authenticated")
        if decode_access_token(creds.credentials) is None:
            raise HTTPException(status_code=403, detail="Token rejected")
        return creds.credentials
`,
      'service/routes/status.py': `from fastapi import APIRouter

router = APIRouter(tags=["status"])


@router.get("/version")
def version():
    return {"version": "1.4.2"}


@router.get("/queues")
def queues():
    return {"pending": 0}
`,
      'service/routes/reports.py': `from fastapi import APIRouter

router = APIRouter(prefix="/reports")


@router.get("/{report_id}")
def get_report(report_id: int):
    return {"id": report_id}
`,
      'service/app.py': `from fastapi import Depends, FastAPI

from service.routes import reports, status
from service.security import JWTBearer

api = FastAPI()
api.include_router(reports.router, dependencies=[Depends(JWTBearer())])
api.include_router(status.router, prefix="/status")
api.include_router(status.router, prefix="/internal/status", dependencies=[Depends(JWTBearer())])
`,
    });
    expect(auth).toEqual({
      'GET /internal/status/queues': 'required',
      'GET /internal/status/version': 'required',
      'GET /reports/{report_id}': 'required',
      'GET /status/queues': 'none',
      'GET /status/version': 'none',
    });
  });
});

describe('Flask hooks with flask-jwt-extended', () => {
  it('a before_request hook calling verify_jwt_in_request(optional=True) makes its blueprint optional, without it required', async () => {
    const auth = await authOf({
      'requirements.txt': 'flask==3.0.3\nflask-jwt-extended==4.6.0\n',
      'app/views.py': `from flask import Blueprint, jsonify
from flask_jwt_extended import verify_jwt_in_request

feed = Blueprint("feed", __name__, url_prefix="/feed")
records = Blueprint("records", __name__, url_prefix="/records")


@feed.before_request
def maybe_user():
    verify_jwt_in_request(optional=True)


@records.before_request
def signed_in():
    verify_jwt_in_request()


@feed.route("/latest")
def latest():
    return jsonify([])


@records.route("/<int:record_id>")
def record(record_id):
    return jsonify({})
`,
      'app/__init__.py': `from flask import Flask
from app.views import feed, records

app = Flask(__name__)
app.register_blueprint(feed)
app.register_blueprint(records)
`,
    });
    expect(auth).toEqual({ 'GET /feed/latest': 'optional', 'GET /records/{record_id}': 'required' });
  });
});

describe('FastAPI class dependencies', () => {
  it('a class given to Depends is built per request: its __init__ raising a project 401 exception guards the router', async () => {
    const auth = await authOf({
      'requirements.txt': 'fastapi==0.115.0\n',
      'app/errors.py': `from http import HTTPStatus


class CustomException(Exception):
    code = HTTPStatus.BAD_GATEWAY
`,
      'app/auth.py': `from fastapi import Depends, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.errors import CustomException


class AuthenticationRequiredException(CustomException):
    code = status.HTTP_401_UNAUTHORIZED
    message = "Authentication required"


class AuthenticationRequired:
    def __init__(
        self,
        token: HTTPAuthorizationCredentials = Depends(HTTPBearer(auto_error=False)),
    ):
        if not token:
            raise AuthenticationRequiredException()
`,
      'app/main.py': `from fastapi import APIRouter, Depends, FastAPI

from app.auth import AuthenticationRequired

ward_router = APIRouter()


@ward_router.get("/")
async def wards():
    return []


visit_router = APIRouter()


@visit_router.get("/", dependencies=[Depends(AuthenticationRequired)])
async def visits():
    return []


@visit_router.get("/hours")
async def hours():
    return []


app = FastAPI()
app.include_router(ward_router, prefix="/wards", dependencies=[Depends(AuthenticationRequired)])
app.include_router(visit_router, prefix="/visits")
`,
    });
    expect(auth).toEqual({ 'GET /wards': 'required', 'GET /visits': 'required', 'GET /visits/hours': 'none' });
  });

  it('an instance of a project class given to Depends is called per request: its __call__ decides', async () => {
    const auth = await authOf({
      'requirements.txt': 'fastapi==0.115.0\n',
      'app/permissions.py': `from fastapi import HTTPException, Request


class PermissionsDependency:
    def __init__(self, permissions):
        self.permissions = permissions

    def __call__(self, request: Request):
        if not request.headers.get("authorization"):
            raise HTTPException(status_code=403, detail="Not allowed")
        return True


class AuditDependency:
    def __call__(self, request: Request):
        return request.url.path
`,
      'app/main.py': `from fastapi import Depends, FastAPI

from app.permissions import AuditDependency, PermissionsDependency

app = FastAPI()


@app.get("/incidents", dependencies=[Depends(PermissionsDependency(["incident:read"]))])
async def incidents():
    return []


@app.get("/health", dependencies=[Depends(AuditDependency())])
async def health():
    return {"ok": True}
`,
    });
    expect(auth).toEqual({ 'GET /incidents': 'required', 'GET /health': 'none' });
  });
  it('a dependency on an optional API key that raises when the key is absent, whatever the status, is required', async () => {
    const auth = await authOf({
      'requirements.txt': 'fastapi==0.115.0\n',
      'app/security.py': `import secrets
from typing import Optional

from fastapi import HTTPException, Security
from fastapi.security.api_key import APIKeyHeader

api_key = APIKeyHeader(name="token", auto_error=False)
API_KEY = "sample"


def validate_request(header: Optional[str] = Security(api_key)) -> bool:
    if header is None:
        raise HTTPException(status_code=400, detail="No API key")
    if not secrets.compare_digest(header, API_KEY):
        raise HTTPException(status_code=401, detail="Wrong API key")
    return True


def lenient_request(header: Optional[str] = Security(api_key)) -> bool:
    if header is not None and not secrets.compare_digest(header, API_KEY):
        raise HTTPException(status_code=401, detail="Wrong API key")
    return True
`,
      'app/main.py': `from fastapi import Depends, FastAPI

from app import security

app = FastAPI()


@app.post("/predict")
def predict(_: bool = Depends(security.validate_request)):
    return {}


@app.get("/forecast")
def forecast(_: bool = Depends(security.lenient_request)):
    return {}
`,
    });
    // validate_request answers 400 without the header: no anonymous caller gets through. lenient_request only
    // refuses a wrong key, so a request without one is served.
    expect(auth).toEqual({ 'POST /predict': 'required', 'GET /forecast': 'optional' });
  });
  it('an instance of a security-class subclass made once and named guards the router it is given to', async () => {
    const auth = await authOf({
      'requirements.txt': 'fastapi==0.115.0\n',
      'auth/bearer.py': `from fastapi import HTTPException, Request
from fastapi.security import HTTPBearer


class JWTBearer(HTTPBearer):
    def __init__(self, auto_error: bool = True):
        super().__init__(auto_error=auto_error)

    async def __call__(self, request: Request):
        credentials = await super().__call__(request)
        if credentials:
            return credentials.credentials
        raise HTTPException(status_code=403, detail="Invalid authorization token")


class SoftBearer(HTTPBearer):
    pass
`,
      'routes/wards.py': `from fastapi import APIRouter

router = APIRouter()


@router.get("/")
async def wards():
    return []
`,
      'routes/news.py': `from fastapi import APIRouter

router = APIRouter()


@router.get("/")
async def news():
    return []
`,
      'app.py': `from fastapi import Depends, FastAPI

from auth.bearer import JWTBearer, SoftBearer
from routes.news import router as NewsRouter
from routes.wards import router as WardRouter

app = FastAPI()

token_listener = JWTBearer()
lenient = SoftBearer(auto_error=False)

app.include_router(WardRouter, prefix="/wards", dependencies=[Depends(token_listener)])
app.include_router(NewsRouter, prefix="/news", dependencies=[Depends(lenient)])
`,
    });
    // HTTPBearer rejects a request without a bearer token unless built with auto_error=False, read from the call
    // that made the named instance (SoftBearer adds no check of its own).
    expect(auth).toEqual({ 'GET /wards': 'required', 'GET /news': 'optional' });
  });
});

describe('FastAPI auth chosen by a settings flag', () => {
  /** Auth and reason of each route, as `METHOD path → state (reason)`. */
  async function authWithReason(files: Record<string, string>): Promise<Record<string, string>> {
    const result = await extractImplementedSurface(memoryRepo(files));
    return Object.fromEntries(
      result.surface.operations.map((o) => [
        `${o.method} ${o.path}`,
        `${o.auth?.state ?? 'absent'}${o.auth?.reason ? ` (${o.auth.reason})` : ''}`,
      ]),
    );
  }

  // The flag read by a project helper into a pydantic-settings field, and the guards chosen by it at import time: a
  // router's dependency list and a parameter default (flux-restful-api's idiom).
  const app = {
    'requirements.txt': 'fastapi==0.115.0\npydantic-settings==2.4.0\n',
    'app/core/config.py': `import os
from pydantic_settings import BaseSettings


def get_bool_envar(key, default=False):
    return default if not os.environ.get(key) else not default


class Settings(BaseSettings):
    require_auth: bool = get_bool_envar("APP_REQUIRE_AUTH")
    public_docs: bool = os.getenv("PUBLIC_DOCS", "true").lower() == "true"


settings = Settings()
`,
    'app/auth.py': `from fastapi import Depends, HTTPException
from fastapi.security import HTTPBasic, HTTPBasicCredentials

security = HTTPBasic()


def check_auth(credentials: HTTPBasicCredentials = Depends(security)):
    if credentials.username != "admin":
        raise HTTPException(status_code=401, detail="Incorrect user")
    return credentials.username
`,
    'app/main.py': `from fastapi import APIRouter, Depends, FastAPI

from app.auth import check_auth
from app.core.config import settings

app = FastAPI()
jobs = APIRouter(dependencies=[Depends(check_auth)] if settings.require_auth else [])
user_auth = Depends(check_auth) if settings.require_auth else None
docs_auth = None if settings.public_docs and not settings.require_auth else Depends(check_auth)


@jobs.get("/jobs")
def list_jobs():
    return []


@app.get("/nodes")
def list_nodes(user=user_auth):
    return []


@app.get("/manual")
def manual(user=docs_auth):
    return {}


@app.get("/stop")
def stop(user=Depends(check_auth)):
    return {}


app.include_router(jobs)
`,
  };

  it('reads the guards as switched off while no committed env file sets the flag, naming it', async () => {
    const off =
      'none (the guard is switched off: settings.require_auth is false as committed (APP_REQUIRE_AUTH unset))';
    expect(await authWithReason(app)).toEqual({
      'GET /jobs': off,
      'GET /nodes': off,
      'GET /manual': expect.stringMatching(/^none \(the guard is switched off: .*PUBLIC_DOCS unset/),
      'GET /stop': 'required',
    });
  });

  it('reads them as guarding when the committed env template sets the flag', async () => {
    const auth = await authWithReason({ ...app, '.env.example': 'APP_REQUIRE_AUTH=1\nPUBLIC_DOCS=false\n' });
    expect(auth).toEqual({
      'GET /jobs': 'required',
      'GET /nodes': 'required',
      'GET /manual': 'required',
      'GET /stop': 'required',
    });
  });

  it('reads a pydantic-settings field set in the env template by its name, before its default', async () => {
    const auth = await authWithReason({
      ...app,
      'app/core/config.py': `from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    require_auth: bool = False
    public_docs: bool = True


settings = Settings()
`,
      '.env.example': 'REQUIRE_AUTH=true\n',
    });
    expect(auth['GET /nodes']).toBe('required');
    expect(auth['GET /manual']).toBe('required');
  });

  it('leaves a guard that a flag without a committed value picks unknown, with the reason', async () => {
    const auth = await authWithReason({
      ...app,
      'app/core/config.py': `from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    require_auth: bool
    public_docs: bool = True


settings = Settings()
`,
    });
    expect(auth['GET /nodes']).toMatch(
      /^unknown \(the guard depends on settings\.require_auth, which the committed configuration does not decide: settings\.require_auth has no default/,
    );
    expect(auth['GET /stop']).toBe('required');
  });

  it('follows a parameter default bound to a dependency at module level', async () => {
    const auth = await authWithReason({
      'requirements.txt': 'fastapi==0.115.0\n',
      'app/main.py': `from fastapi import Depends, FastAPI
from fastapi.security import OAuth2PasswordBearer

app = FastAPI()
oauth2 = OAuth2PasswordBearer(tokenUrl="token")
current_token = Depends(oauth2)


@app.get("/me")
def me(token=current_token):
    return {}
`,
    });
    expect(auth).toEqual({ 'GET /me': 'required' });
  });
});

describe('FastAPI auth dependency defined by a module-level settings test', () => {
  async function authWithReason(files: Record<string, string>): Promise<Record<string, string>> {
    const result = await extractImplementedSurface(memoryRepo(files));
    return Object.fromEntries(
      result.surface.operations.map((o) => [
        `${o.method} ${o.path}`,
        `${o.auth?.state ?? 'absent'}${o.auth?.reason ? ` (${o.auth.reason})` : ''}`,
      ]),
    );
  }

  // One dependency name, defined twice at import time: a bearer check when auth is enabled, a pass-through otherwise.
  const settings = (field: string) => `import os
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    ${field}
    auth_secret: str = os.getenv("AUTH_SECRET", "")


settings = Settings()
`;
  const app = {
    'requirements.txt': 'fastapi==0.115.0\npydantic-settings==2.4.0\n',
    'app/settings.py': settings(
      'auth_enabled: bool = os.getenv("AUTH_ENABLED", "false").lower() in ("1", "true", "yes")',
    ),
    'app/auth.py': `import logging

from fastapi import HTTPException, Request

from app.settings import settings

logger = logging.getLogger(__name__)

if settings.auth_enabled:
    logger.info("Bearer authentication enabled")

    def authenticated(request: Request) -> bool:
        if request.headers.get("Authorization", "") != f"Bearer {settings.auth_secret}":
            raise HTTPException(status_code=401, detail="Not authenticated")
        return True

else:
    logger.info("Authentication disabled")

    def authenticated() -> bool:
        return True
`,
    'app/main.py': `from fastapi import APIRouter, Depends, FastAPI

from app.auth import authenticated

app = FastAPI()
documents = APIRouter(prefix="/v1", dependencies=[Depends(authenticated)])


@documents.get("/documents")
def list_documents():
    return []


@app.get("/health")
def health():
    return {"status": "ok"}


app.include_router(documents)
`,
  };

  it('takes the pass-through definition while the committed configuration leaves auth off, naming the test', async () => {
    expect(await authWithReason(app)).toEqual({
      'GET /v1/documents':
        'none (the guard is switched off: authenticated is defined without one under not settings.auth_enabled as committed (AUTH_ENABLED unset))',
      'GET /health': 'none',
    });
  });

  it('takes the guarding definition when the committed env template turns auth on', async () => {
    const auth = await authWithReason({ ...app, '.env.example': 'AUTH_ENABLED=true\nAUTH_SECRET=change-me\n' });
    expect(auth).toEqual({ 'GET /v1/documents': 'required', 'GET /health': 'none' });
  });

  it('reads an elif chain and a conditional assignment of the dependency the same way', async () => {
    const auth = await authWithReason({
      ...app,
      'app/auth.py': `from fastapi import HTTPException, Request

from app.settings import settings


def _check(request: Request) -> bool:
    if request.headers.get("Authorization") != f"Bearer {settings.auth_secret}":
        raise HTTPException(status_code=401, detail="Not authenticated")
    return True


def _allow() -> bool:
    return True


if settings.auth_secret == "" and settings.auth_enabled:
    raise RuntimeError("AUTH_SECRET must be set when auth is enabled")
elif settings.auth_enabled:
    authenticated = _check
else:
    authenticated = _allow

admin = _check if settings.auth_enabled or settings.auth_secret else _allow
`,
      'app/main.py': `from fastapi import Depends, FastAPI

from app.auth import admin, authenticated

app = FastAPI()


@app.get("/documents", dependencies=[Depends(authenticated)])
def list_documents():
    return []


@app.get("/admin", dependencies=[Depends(admin)])
def admin_page():
    return {}
`,
      '.env.example': 'AUTH_SECRET=change-me\n',
    });
    expect(auth).toEqual({
      'GET /documents':
        'none (the guard is switched off: authenticated is defined without one under not (settings.auth_secret == "" and settings.auth_enabled) and not settings.auth_enabled as committed (AUTH_SECRET=change-me in the committed env file, AUTH_ENABLED unset))',
      'GET /admin': 'required',
    });
  });

  // The flag in a committed settings.yaml that a project loader reads into nested pydantic models, with the
  // `${VAR:default}` expansion such loaders apply.
  const yamlApp = (enabled: string) => ({
    ...app,
    'settings.yaml': `server:\n  port: 8001\n  auth:\n    enabled: ${enabled}\n    secret: "Basic c2VjcmV0OmtleQ=="\n`,
    'app/settings.py': `from pathlib import Path

import yaml
from pydantic import BaseModel


class AuthSettings(BaseModel):
    enabled: bool
    secret: str


class ServerSettings(BaseModel):
    port: int
    auth: AuthSettings


class Settings(BaseModel):
    server: ServerSettings


def settings() -> Settings:
    return Settings(**yaml.safe_load(Path("settings.yaml").read_text()))
`,
    'app/auth.py': `from fastapi import HTTPException, Request

from app.settings import settings

if settings().server.auth.enabled:

    def authenticated(request: Request) -> bool:
        if request.headers.get("Authorization") != settings().server.auth.secret:
            raise HTTPException(status_code=401, detail="Not authenticated")
        return True

else:

    def authenticated() -> bool:
        return True
`,
  });

  it('reads the flag from the committed settings.yaml, with its VAR:default expansion from the env files', async () => {
    // The loader's own expansion syntax, written as the settings file spells it.
    const expanded = `$${'{'}AUTH_ENABLED:false}`;
    const off = await authWithReason(yamlApp('false'));
    expect(off['GET /v1/documents']).toBe(
      'none (the guard is switched off: authenticated is defined without one under not settings(…).server.auth.enabled as committed (server.auth.enabled: false in the committed settings file))',
    );
    expect((await authWithReason(yamlApp('true')))['GET /v1/documents']).toBe('required');
    expect((await authWithReason(yamlApp(expanded)))['GET /v1/documents']).toMatch(/^none \(.*AUTH_ENABLED unset/);
    const on = await authWithReason({ ...yamlApp(expanded), '.env.example': 'AUTH_ENABLED=true\n' });
    expect(on['GET /v1/documents']).toBe('required');
  });

  it('names a settings file it cannot parse, and leaves the flag it would have set unknown', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({ ...yamlApp('false'), 'settings.yaml': 'server:\n  auth:\n    enabled: [false\n' }),
    );
    expect(result.notices).toContainEqual(
      expect.objectContaining({
        file: 'settings.yaml',
        reason: 'unparsable',
        detail: expect.stringMatching(/^settings file not read \(/),
      }),
    );
    const documents = result.surface.operations.find((o) => o.path === '/v1/documents');
    expect(documents?.auth?.state).toBe('unknown');
  });

  it('leaves the routes unknown, with the reason, when no committed value decides the test', async () => {
    const auth = await authWithReason({ ...app, 'app/settings.py': settings('auth_enabled: bool') });
    expect(auth['GET /v1/documents']).toMatch(
      /^unknown \(authenticated is defined under settings\.auth_enabled \/ not settings\.auth_enabled, which the committed configuration does not decide/,
    );
    expect(auth['GET /health']).toBe('none');
  });
});

describe('Flask', () => {
  it('reads login_required, jwt_required(optional=True) and before_request hooks', async () => {
    const auth = await authOf({
      'requirements.txt': 'flask==3.0.3\nflask-login==0.6.3\nflask-jwt-extended==4.6.0\n',
      'app.py': `from flask import Blueprint, Flask, abort, g, jsonify
from flask_jwt_extended import jwt_required
from flask_login import login_required

app = Flask(__name__)
reports = Blueprint("reports", __name__, url_prefix="/reports")


@reports.before_request
def check_api_key():
    if not g.get("api_key"):
        abort(401)


@reports.get("/monthly")
def monthly():
    return jsonify([])


@app.get("/dashboard")
@login_required
def dashboard():
    return jsonify({})


@app.get("/news")
@jwt_required(optional=True)
def news():
    return jsonify([])


@app.get("/ping")
def ping():
    return "pong"


app.register_blueprint(reports)
`,
    });
    expect(auth).toEqual({
      'GET /dashboard': 'required',
      'GET /news': 'optional',
      'GET /ping': 'none',
      'GET /reports/monthly': 'required',
    });
  });
});

describe('Flask views that check credentials in their own first statements', () => {
  it('reads Basic, Bearer, session and flask-login checks answered 401/403/404, and tells a malformed-token check from a guard', async () => {
    const auth = await authOf({
      'requirements.txt': 'flask==3.0.3\nflask-login==0.6.3\n',
      'app.py': `import os
from functools import wraps

from flask import Flask, Response, abort, g, jsonify, make_response, redirect, request, session, url_for
from flask.views import MethodView
from flask_login import current_user
from werkzeug.exceptions import Unauthorized

app = Flask(__name__)
API_KEY = os.environ.get("API_KEY")


def check_auth(username, password):
    return username == "admin" and password == os.environ["ADMIN_PASSWORD"]


def authenticate():
    return Response("Login required", 401, {"WWW-Authenticate": 'Basic realm="Login Required"'})


def require_token():
    if "Authorization" not in request.headers:
        abort(401)


@app.route("/basic")
def basic():
    auth = request.authorization
    if not (auth and check_auth(auth.username, auth.password)):
        return Response(status=401, headers={"WWW-Authenticate": 'Basic realm="Fake Realm"'})
    return jsonify(user=auth.username)


@app.route("/basic-helper")
def basic_helper():
    auth = request.authorization
    if not auth or not check_auth(auth.username, auth.password):
        return authenticate()
    return "ok"


@app.route("/hidden")
def hidden():
    auth = request.authorization
    if auth and auth.password == os.environ["HIDDEN_PASSWORD"]:
        return jsonify(authenticated=True)
    return make_response("", 404)


@app.route("/bearer")
def bearer():
    authorization = request.headers.get("Authorization")
    if authorization != f"Bearer {API_KEY}":
        return jsonify(error="unauthorized"), 401
    return jsonify(token=True)


@app.route("/key", methods=["POST"])
def key():
    if request.headers.get("X-API-Key") is None:
        raise Unauthorized()
    return "", 204


@app.route("/device", methods=["PUT"])
def device():
    device_key = request.headers.get("X-Device-Key")
    if device_key is None:
        return jsonify(error="X-Device-Key header missing"), 400
    return "", 204


@app.route("/guarded")
def guarded():
    require_token()
    return "ok"


@app.route("/session")
def from_session():
    if "user_id" not in session:
        return jsonify(error="sign in"), 403
    return jsonify(id=session["user_id"])


@app.route("/g-user")
def g_user():
    if g.user is None:
        abort(401)
    return jsonify(g.user)


@app.route("/profile")
def profile():
    if not current_user.is_authenticated:
        return app.login_manager.unauthorized()
    return jsonify(name=current_user.name)


@app.route("/malformed")
def malformed():
    token = request.headers.get("Authorization")
    if token and not token.startswith("Bearer "):
        abort(401)
    return jsonify(anonymous=token is None)


@app.route("/items/<int:item_id>")
def item(item_id):
    item = lookup(item_id)
    if item is None:
        abort(404)
    if item.owner != "me":
        abort(403)
    return jsonify(item)


@app.route("/login", methods=["POST"])
def login():
    if not check_auth(request.form.get("username"), request.form.get("password")):
        return jsonify(error="bad credentials"), 401
    return jsonify(token="t")


def members_only(view):
    @wraps(view)
    def wrapped_view(**kwargs):
        if g.user is None:
            return redirect(url_for("login"))
        return view(**kwargs)

    return wrapped_view


@app.route("/members")
@members_only
def members():
    return jsonify(g.user)


@app.route("/auth/token", methods=["POST"])
def issue_token():
    auth = request.authorization
    if not auth or not check_auth(auth.username, auth.password):
        return authenticate()
    return jsonify(token="t")


class StatusAPI(MethodView):
    def get(self):
        auth_header = request.headers.get("Authorization")
        if auth_header:
            auth_token = auth_header.split(" ")[1]
        else:
            auth_token = ""
        if auth_token:
            return jsonify(status="ok"), 200
        else:
            return make_response(jsonify(message="Provide a valid auth token.")), 401


app.add_url_rule("/status", view_func=StatusAPI.as_view("status"), methods=["GET"])
`,
    });
    expect(auth).toEqual({
      'GET /basic': 'required',
      'GET /basic-helper': 'required',
      'GET /bearer': 'required',
      'GET /g-user': 'required',
      'GET /guarded': 'required',
      'GET /hidden': 'required',
      'GET /items/{item_id}': 'none',
      'GET /malformed': 'optional',
      'GET /members': 'required',
      'GET /profile': 'required',
      'GET /session': 'required',
      'GET /status': 'required',
      'POST /auth/token': 'none',
      'POST /key': 'required',
      'PUT /device': 'required',
      'POST /login': 'none',
    });
  });

  it('reads a project check that reads the credential itself, a refusal built by a status helper and a status set on the response returned', async () => {
    const auth = await authOf({
      'requirements.txt': 'flask==3.0.3\n',
      'helpers.py': `from flask import Response, request


def check_basic_auth(user, passwd):
    auth = request.authorization
    return auth and auth.username == user and auth.password == passwd


def is_known_client(name):
    return name in ("web", "cli")


def status_code(code):
    r = Response()
    r.status_code = code
    return r
`,
      'app.py': `from flask import Flask, jsonify, request

from helpers import check_basic_auth, is_known_client, status_code

app = Flask(__name__)


@app.route("/basic-auth/<user>/<passwd>")
def basic_auth(user="user", passwd="passwd"):
    if not check_basic_auth(user, passwd):
        return status_code(401)
    return jsonify(authenticated=True, user=user)


@app.route("/hidden-basic-auth/<user>/<passwd>")
def hidden_basic_auth(user="user", passwd="passwd"):
    if not check_basic_auth(user, passwd):
        return status_code(404)
    return jsonify(authenticated=True, user=user)


@app.route("/clients/<name>")
def client(name):
    if not is_known_client(name):
        return status_code(404)
    return jsonify(name=name)


@app.route("/bearer")
def bearer_auth():
    authorization = request.headers.get("Authorization")
    if not (authorization and authorization.startswith("Bearer ")):
        response = app.make_response("")
        response.headers["WWW-Authenticate"] = "Bearer"
        response.status_code = 401
        return response
    return jsonify(token=authorization[len("Bearer "):])


@app.route("/redirect-to")
def redirect_to():
    status_code = int(request.args.get("status_code", 302))
    return jsonify(status=status_code)
`,
    });
    expect(auth).toEqual({
      'GET /basic-auth/{user}/{passwd}': 'required',
      'GET /bearer': 'required',
      'GET /clients/{name}': 'none',
      'GET /hidden-basic-auth/{user}/{passwd}': 'required',
      'GET /redirect-to': 'none',
    });
  });
});

describe('Next.js with NextAuth / Auth.js', () => {
  const NEXT_PKG = JSON.stringify({ dependencies: { next: '^14.2.0', 'next-auth': '^4.24.0' } });

  it('reads getServerSession checks in route handlers, NextAuth handler routes and next-auth/middleware by its matcher', async () => {
    const auth = await authOf({
      'package.json': NEXT_PKG,
      'lib/auth.ts': `import type { NextAuthOptions } from 'next-auth';
export const authOptions: NextAuthOptions = { providers: [] };
`,
      'lib/session.ts': `import { getServerSession } from 'next-auth/next';
import { authOptions } from './auth';
export async function getCurrentUser() {
  const session = await getServerSession(authOptions);
  return session?.user;
}
`,
      'middleware.ts': `export { default } from 'next-auth/middleware';
export const config = { matcher: ['/api/admin/:path*', '/dashboard/:path*'] };
`,
      'app/api/auth/[...nextauth]/route.ts': `import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth';
const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
`,
      'app/api/patients/route.ts': `import { getServerSession } from 'next-auth';
import { authOptions } from '@/lib/auth';
export async function GET() {
  try {
    const session = await getServerSession(authOptions);
    if (!session) {
      return new Response('Unauthorized', { status: 403 });
    }
    return Response.json([]);
  } catch (error) {
    return new Response(null, { status: 500 });
  }
}
`,
      'app/api/feed/route.ts': `import { getCurrentUser } from '@/lib/session';
export async function GET() {
  const user = await getCurrentUser();
  return Response.json({ personalised: Boolean(user) });
}
`,
      'app/api/health/route.ts': `export function GET() {
  return Response.json({ ok: true });
}
`,
      'app/api/admin/users/route.ts': `export async function GET() {
  return Response.json([]);
}
`,
      'pages/api/legacy/records.ts': `import type { NextApiRequest, NextApiResponse } from 'next';
import { getServerSession } from 'next-auth/next';
import { authOptions } from '@/lib/auth';
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) return res.status(401).json({ message: 'Unauthorized' });
  res.json([]);
}
`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
    });
    expect(auth).toEqual({
      'GET /api/auth/{nextauth}': 'none',
      'POST /api/auth/{nextauth}': 'none',
      'GET /api/patients': 'required',
      // Reads the session through a project helper, answers without one too.
      'GET /api/feed': 'optional',
      'GET /api/health': 'none',
      // The handler checks nothing; next-auth/middleware runs on /api/admin/* and redirects without a token.
      'GET /api/admin/users': 'required',
      'GET /api/legacy/records': 'required',
    });
  });

  it('reads Auth.js v5: auth((req) => …) wrappers, handlers re-exported as a route, and auth as middleware by its authorized callback', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { next: '^15.0.0', 'next-auth': '5.0.0-beta.25' } }),
      'auth.ts': `import NextAuth from 'next-auth';
import GitHub from 'next-auth/providers/github';
import { authConfig } from './auth.config';
export const { handlers, auth, signIn } = NextAuth({ ...authConfig, providers: [GitHub] });
`,
      'auth.config.ts': `export const authConfig = {
  callbacks: {
    authorized({ auth, request: { nextUrl } }) {
      const isLoggedIn = !!auth?.user;
      const isOnClinic = nextUrl.pathname.startsWith('/api/clinic');
      if (isOnClinic) return isLoggedIn;
      return true;
    },
  },
};
`,
      'middleware.ts': `export { auth as middleware } from './auth';
export const config = { matcher: ['/((?!api/auth|_next/static|_next/image|favicon.ico).*)'] };
`,
      'app/api/auth/[...nextauth]/route.ts': `import { handlers } from '@/auth';
export const { GET, POST } = handlers;
`,
      'app/api/me/route.ts': `import { auth } from '@/auth';
export const GET = auth((req) => {
  if (req.auth) return Response.json(req.auth.user);
  return Response.json({ message: 'Not authenticated' }, { status: 401 });
});
`,
      'app/api/clinic/wards/route.ts': `export async function GET() {
  return Response.json([]);
}
`,
      'app/api/news/route.ts': `import { auth } from '@/auth';
export const GET = auth((req) => Response.json({ signedIn: !!req.auth }));
`,
      'app/api/guest/route.ts': `import { signIn } from '@/auth';
export async function POST() {
  return signIn('guest', { redirectTo: '/' });
}
`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
    });
    expect(auth).toEqual({
      'GET /api/auth/{nextauth}': 'none',
      'POST /api/auth/{nextauth}': 'none',
      'GET /api/me': 'required',
      // The authorized callback returns isLoggedIn (!!auth?.user) under /api/clinic: Auth.js redirects the others.
      'GET /api/clinic/wards': 'required',
      // auth(…) reads the session and the handler answers either way.
      'GET /api/news': 'optional',
      'POST /api/guest': 'none',
    });
  });

  it('a session check joined to another test by || is required; a 401 in an image’s SVG path data answers nothing', async () => {
    const auth = await authOf({
      'package.json': NEXT_PKG,
      'lib/auth.ts': `export const authOptions = { providers: [] };
`,
      'app/api/users/[userId]/route.ts': `import { getServerSession } from 'next-auth/next';
import { authOptions } from '@/lib/auth';
export async function PATCH(req: Request, context: { params: { userId: string } }) {
  const session = await getServerSession(authOptions);
  if (!session?.user || context.params.userId !== session?.user.id) {
    return new Response(null, { status: 403 });
  }
  return new Response(null, { status: 200 });
}
`,
      'app/api/billing/route.ts': `import { getServerSession } from 'next-auth/next';
import { authOptions } from '@/lib/auth';
export async function GET() {
  const session = await getServerSession(authOptions);
  if (!session?.user || !session?.user.email) return new Response(null, { status: 403 });
  return Response.json({ url: '/billing' });
}
`,
      'app/api/feed/route.ts': `import { getServerSession } from 'next-auth/next';
import { authOptions } from '@/lib/auth';
export async function GET(req: Request) {
  const session = await getServerSession(authOptions);
  if (session && new URL(req.url).searchParams.has('mine')) return Response.json({ mine: true });
  return Response.json({ mine: false });
}
`,
      'app/api/og/route.tsx': `import { ImageResponse } from '@vercel/og';
export async function GET(req: Request) {
  const heading = new URL(req.url).searchParams.get('heading');
  return new ImageResponse(
    <svg width="212" height="50"><path d="M147.598 30.533a1.67 1.67 0 0 0-.73 2.401-.463.906 0 1.7.152" /><text>{heading}</text></svg>,
    { width: 1200, height: 630 },
  );
}
`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
    });
    expect(auth).toEqual({
      // Without a session the first side of the || holds, so the 403 answers every caller without one.
      'PATCH /api/users/{userId}': 'required',
      'GET /api/billing': 'required',
      // A && with the session on one side is false without it: the handler answers anyway.
      'GET /api/feed': 'optional',
      'GET /api/og': 'none',
    });
  });

  it('the app’s own session cookie read through next/headers by a project helper is a session read', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { next: '^15.0.0', jose: '^6.0.0' } }),
      'lib/session.ts': `import { cookies } from 'next/headers';
import { jwtVerify, SignJWT } from 'jose';
const key = new TextEncoder().encode(process.env.AUTH_SECRET);
export async function getUser() {
  const sessionCookie = (await cookies()).get('session');
  if (!sessionCookie || !sessionCookie.value) return null;
  const { payload } = await jwtVerify(sessionCookie.value, key);
  return payload.user;
}
export async function setSession(user) {
  (await cookies()).set('session', await new SignJWT({ user }).sign(key), { httpOnly: true });
}
`,
      'app/api/user/route.ts': `import { getUser } from '@/lib/session';
export async function GET() {
  const user = await getUser();
  return Response.json(user);
}
`,
      'app/api/records/route.ts': `import { getUser } from '@/lib/session';
export async function GET() {
  const user = await getUser();
  if (!user) return new Response('Unauthorized', { status: 401 });
  return Response.json([]);
}
`,
      'app/api/callback/route.ts': `import { cookies } from 'next/headers';
import { setSession } from '@/lib/session';
export async function GET(request: Request) {
  const theme = (await cookies()).get('theme');
  await setSession({ id: new URL(request.url).searchParams.get('id'), theme });
  return Response.redirect(new URL('/dashboard', request.url));
}
`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
    });
    expect(auth).toEqual({
      // The helper reads the session cookie and answers null without it: the handler answers either way.
      'GET /api/user': 'optional',
      'GET /api/records': 'required',
      // Writing the session cookie (a sign-in) and reading a cookie not named for a credential read no credential.
      'GET /api/callback': 'none',
    });
  });

  it('a middleware function judged per path: exempted prefixes pass, a redirect without a token guards the rest', async () => {
    const auth = await authOf({
      'package.json': NEXT_PKG,
      'src/middleware.ts': `import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
export async function middleware(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith('/api/public')) {
    return NextResponse.next();
  }
  const token = await getToken({ req: request });
  if (!token) {
    return NextResponse.redirect(new URL('/login', request.url));
  }
  return NextResponse.next();
}
export const config = { matcher: ['/api/:path*'] };
`,
      'src/app/api/public/status/route.ts': `export function GET() {
  return Response.json({ ok: true });
}
`,
      'src/app/api/records/route.ts': `export function GET() {
  return Response.json([]);
}
`,
    });
    expect(auth).toEqual({ 'GET /api/public/status': 'none', 'GET /api/records': 'required' });
  });
});

describe('SvelteKit and Nuxt handlers', () => {
  it('a check of the user the hook left in locals answering 401 is required; a token verified from the body is a sign-in', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        devDependencies: { '@sveltejs/kit': '^2.5.0' },
        dependencies: { jsonwebtoken: '^9.0.0' },
      }),
      'src/routes/api/records/+server.ts': `import { error, json } from '@sveltejs/kit';
export const GET = async ({ locals }) => {
  if (!locals.user) error(401, 'Unauthorized');
  return json([]);
};
export const POST = async (event) => {
  const { user } = event.locals;
  if (!user) {
    return json({ message: 'Sign in first' }, { status: 401 });
  }
  return json({}, { status: 201 });
};
`,
      'src/routes/auth/verify/[token]/+server.ts': `import { redirect } from '@sveltejs/kit';
import jwt from 'jsonwebtoken';
export const GET = async (event) => {
  let userId;
  try {
    userId = jwt.verify(event.params.token, 'secret').sub;
  } catch {}
  if (!userId) redirect(302, '/login?error=invalid-token');
  redirect(302, '/');
};
`,
      'src/routes/api/news/+server.ts': `import { json } from '@sveltejs/kit';
export const GET = async ({ locals }) => json({ personalised: Boolean(locals.user) });
`,
    });
    expect(auth).toEqual({
      'GET /api/records': 'required',
      'POST /api/records': 'required',
      // A token from the URL exchanged for a session; the user id checked is not the caller's session.
      'GET /auth/verify/{token}': 'none',
      'GET /api/news': 'none',
    });
  });

  it('Nitro handlers: requireUserSession(event) guards, an OAuth event handler signs in', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { nuxt: '^3.12.0', 'nuxt-auth-utils': '^0.3.0' } }),
      'nuxt.config.ts': 'export default defineNuxtConfig({ modules: ["nuxt-auth-utils"] })\n',
      'server/api/notes/index.get.ts': `export default defineEventHandler(async (event) => {
  const { user } = await requireUserSession(event);
  return [];
});
`,
      'server/api/health.get.ts': `export default defineEventHandler(() => ({ ok: true }));
`,
      'server/api/auth/github.get.ts': `export default defineOAuthGitHubEventHandler({
  async onSuccess(event, { user }) {
    await setUserSession(event, { user });
    return sendRedirect(event, '/');
  },
});
`,
    });
    expect(auth).toEqual({
      'GET /api/notes': 'required',
      'GET /api/health': 'none',
      'GET /api/auth/github': 'none',
    });
  });
});

describe('file-system router hooks', () => {
  const hookedRoutes = async (hook: Record<string, string>) => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({ devDependencies: { '@sveltejs/kit': '^2.5.0', '@auth/sveltekit': '^1.0.0' } }),
        ...hook,
        'src/routes/api/records/+server.ts': `import { error, json } from '@sveltejs/kit';
export const GET = async ({ locals }) => {
  if (!locals.user) error(401, 'Unauthorized');
  return json([]);
};
export const POST = async () => json({}, { status: 201 });
`,
        'src/routes/api/notes/+server.ts': `import { error, json } from '@sveltejs/kit';
export const GET = async (event) => {
  const session = await event.locals.auth();
  if (!session?.user) error(401);
  return json([]);
};
export const DELETE = async ({ locals }) => {
  const user = await locals.user();
  if (!user) throw error(401);
  return new Response(null, { status: 204 });
};
`,
      }),
    );
    return Object.fromEntries(result.surface.operations.map((o) => [`${o.method} ${o.path}`, o.auth]));
  };

  it('a SvelteKit hooks.server handle that may refuse requests, whose checks are not read, leaves routes without a check of their own unknown', async () => {
    const byKey = await hookedRoutes({
      'src/hooks.server.ts': `import { redirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { readSession } from '$lib/server/session';

const guard = async ({ event, resolve }) => {
  if (event.url.pathname.startsWith('/admin') && !event.locals.user) redirect(303, '/login');
  return resolve(event);
};
export const handle = sequence(readSession, guard);
`,
      'src/lib/server/session.ts': `export const readSession = async ({ event, resolve }) => {
  event.locals.user = event.cookies.get('session') ? { id: 1 } : null;
  return resolve(event);
};
`,
    });
    expect(byKey['GET /api/records']?.state).toBe('required');
    expect(byKey['POST /api/records']?.state).toBe('unknown');
    expect(byKey['POST /api/records']?.reason).toContain('src/hooks.server.ts');
  });

  it('a SvelteKit hooks.server handle that refuses nobody (it puts the session on locals) leaves each route to its handler; a session function on locals, called, is checked like the session', async () => {
    const byKey = await hookedRoutes({
      'src/hooks.server.ts': `import { sequence } from '@sveltejs/kit/hooks';
import { SvelteKitAuth } from '@auth/sveltekit';
import { createSession } from '$lib/server/session';

const { handle: authHandle } = SvelteKitAuth({ providers: [] });

const locals = async ({ event, resolve }) => {
  const { getUser } = createSession(event.cookies);
  event.locals.user = getUser;
  return resolve(event);
};
export const handle = sequence(authHandle, locals);
`,
      'src/lib/server/session.ts': `export const createSession = (cookies) => ({
  getUser: async () => (cookies.get('session') ? { id: 1 } : undefined),
});
`,
    });
    expect(Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, v?.state]))).toEqual({
      'GET /api/records': 'required',
      'POST /api/records': 'none',
      'GET /api/notes': 'required',
      'DELETE /api/notes': 'required',
    });
  });
});

describe('guards made by a project factory around passport.authenticate', () => {
  const files = {
    'package.json': JSON.stringify({
      dependencies: {
        express: '^4.19.2',
        passport: '^0.7.0',
        'passport-jwt': '^4.0.1',
        'passport-localapikey-update': '^0.6.0',
        'express-async-handler': '^1.2.0',
      },
    }),
    'server/server.js': `const express = require('express');
const passport = require('passport');
const links = require('./links');
const app = express();
app.use(passport.initialize());
app.use('/api', links);
app.listen(3000);
`,
    'server/handlers/auth.js': `const passport = require('passport');
const { CustomError } = require('../utils');

function authenticate(type, error, isStrict) {
  return function auth(req, res, next) {
    if (req.user) return next();
    passport.authenticate(type, (err, user) => {
      if (err) return next(err);
      if (!user && isStrict) {
        throw new CustomError(error, 401);
      }
      if (user) {
        req.user = user;
        return next();
      }
      return next();
    })(req, res, next);
  };
}

const jwt = authenticate('jwt', 'Unauthorized.', true);
const jwtLoose = authenticate('jwt', 'Unauthorized.', false);
const apikey = authenticate('localapikey', 'API key is not correct.', false);

module.exports = { jwt, jwtLoose, apikey };
`,
    'server/links.js': `const { Router } = require('express');
const asyncHandler = require('express-async-handler');
const auth = require('./handlers/auth');
const router = Router();
router.get('/links', asyncHandler(auth.apikey), asyncHandler(auth.jwt), (req, res) => res.json([]));
router.post('/links', asyncHandler(auth.apikey), asyncHandler(auth.jwtLoose), (req, res) => res.json({}));
router.delete('/links/:id', auth.jwt, (req, res) => res.json({}));
router.get('/stats', auth.jwtLoose, (req, res) => res.json({}));
module.exports = router;
`,
  };

  it('a strict guard is required, a loose one (the rejection switched off by the call) optional, wrapped or not', async () => {
    expect(await authOf(files)).toEqual({
      'GET /api/links': 'required',
      'POST /api/links': 'optional',
      'DELETE /api/links/{id}': 'required',
      'GET /api/stats': 'optional',
    });
  });

  it('a factory whose parameter defaults to false makes a loose guard when the call leaves it out', async () => {
    const auth = await authOf({
      ...files,
      'server/handlers/auth.js': `const passport = require('passport');
const authenticate = (strategy, required = false) => (req, res, next) =>
  passport.authenticate(strategy, { session: false }, (err, user) => {
    if (err) return next(err);
    if (required && !user) return res.status(401).json({ message: 'Unauthorized' });
    req.user = user || undefined;
    return next();
  })(req, res, next);

module.exports = {
  jwt: authenticate('jwt', true),
  jwtLoose: authenticate('jwt'),
  apikey: authenticate('localapikey'),
};
`,
    });
    expect(auth).toEqual({
      'GET /api/links': 'required',
      'POST /api/links': 'optional',
      'DELETE /api/links/{id}': 'required',
      'GET /api/stats': 'optional',
    });
  });
});

describe('an Express route declared twice on one router', () => {
  it('the first declaration answers, so its guard decides; the second is never reached', async () => {
    const auth = await authOf({
      'package.json': EXPRESS_PKG,
      'src/app.js': `import express from 'express';
import router from './routes/routes.js';
const app = express();
app.use('/api/v1', router);
app.use(router);
export default app;
`,
      'src/routes/routes.js': `import { Router } from 'express';
import { checkCookieCredentials } from '../middlewares/checkCredentials.js';
const router = Router();
router.post('/product', checkCookieCredentials, (req, res) => res.json({}));
router.post('/product', (req, res) => res.json({}));
router.post('/login', (req, res) => res.json({}));
router.post('/login', checkCookieCredentials, (req, res) => res.json({}));
export default router;
`,
      'src/middlewares/checkCredentials.js': `export const checkCookieCredentials = async (req, res, next) => {
  const { authorization } = req.headers;
  if (!authorization) {
    res.status(401).json({ message: 'Not signed in.' });
    return;
  }
  req.user = await req.sessionStore.get(authorization.split(' ')[1]);
  next();
};
`,
    });
    expect(auth).toEqual({
      'POST /api/v1/product': 'required',
      'POST /product': 'required',
      'POST /api/v1/login': 'none',
      'POST /login': 'none',
    });
  });
});

describe('a middleware list held by a name', () => {
  it('is judged by what it holds: express-validator checks named validateLogin guard nothing, a list of guards does', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { express: '^4.19.2', 'express-validator': '^7.0.1' } }),
      'src/app.js': `import express from 'express';
import { validateLogin } from './validator/validators.js';
import { requireSession } from './middlewares/session.js';
const app = express();
const protect = [requireSession];
app.post('/login', validateLogin, (req, res) => res.json({}));
app.get('/profile', protect, (req, res) => res.json(req.user));
export default app;
`,
      'src/validator/validators.js': `import { body } from 'express-validator';
export const validateLogin = [
  body('email').notEmpty().isEmail().withMessage('not an email'),
  body('password').notEmpty().withMessage('no password'),
];
`,
      'src/middlewares/session.js': `export const requireSession = (req, res, next) => {
  if (!req.headers.authorization) return res.status(401).json({ message: 'Not signed in.' });
  next();
};
`,
    });
    expect(auth).toEqual({ 'POST /login': 'none', 'GET /profile': 'required' });
  });
});

describe('a passport callback that ends the request without a user', () => {
  it('is required whatever status it answers with; one that calls next() without a user is optional', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: { express: '^4.19.2', passport: '^0.7.0', 'passport-jwt': '^4.0.1' },
      }),
      'src/app.ts': `import express from 'express';
import { requireAuth, maybeAuth } from './middleware/auth';
const app = express();
app.get('/me', requireAuth, (req, res) => res.json(req.user));
app.get('/feed', maybeAuth, (req, res) => res.json([]));
export default app;
`,
      'src/middleware/auth.ts': `import { Request, Response } from 'express';
import passport from 'passport';

export const requireAuth = (req: Request, res: Response, next: Function) => {
  passport.authenticate('jwt', { session: false }, async (err: any, token: any) => {
    if (err || !token) {
      res.send({ success: false, msg: 'unauthorized' });
      return;
    }
    req.user = token;
    next();
  })(req, res, next);
};

export const maybeAuth = (req: Request, res: Response, next: Function) => {
  passport.authenticate('jwt', { session: false }, (err: any, user: any) => {
    if (err || !user) return next();
    req.user = user;
    next();
  })(req, res, next);
};
`,
    });
    expect(auth).toEqual({ 'GET /me': 'required', 'GET /feed': 'optional' });
  });
});

describe('kutt: guards behind a project wrapper, made by a factory given literals', () => {
  it('reads each guard through asyncHandler, the factory call’s literals, and tells sign-ins and input middleware from guards', async () => {
    // thedevs-network/kutt (a public app, kept under test/fixtures/real-apps-holdout-4): `asyncHandler(auth.jwt)` with
    // the project's own `asyncHandler(fn)` returning `function (...args) { fn(...args) … }`; `auth.jwt` and its kin
    // made by `authenticate(type, error, isStrict, redirect)` around `passport.authenticate(type, callback)`.
    const result = await extractImplementedSurface(
      localRepo(join(import.meta.dirname, '../../fixtures/real-apps-holdout-4/kutt')),
    );
    const auth = Object.fromEntries(result.surface.operations.map((o) => [`${o.method} ${o.path}`, o.auth?.state]));
    expect({
      // `asyncHandler(auth.apikey), asyncHandler(auth.jwt)`: the strict JWT guard throws 401 without a user.
      links: auth['GET /api/v2/links'],
      // `jwtLoosePage = authenticate('jwt', …, false, 'page')`: `!user && isStrict` never holds, and the 403 it
      // throws for a banned user is met only by a signed-in caller.
      terms: auth['GET /terms'],
      // `authenticate('local', …)`: a sign-in through the factory; `authenticate('oidc', …)` too, behind the loose
      // page guard.
      login: auth['POST /api/v2/auth/login'],
      oidc: auth['GET /login/oidc'],
      // `locals.protected` copies a path parameter for the views, `auth.featureAccess([env.MAIL_ENABLED])` answers
      // 400 when a feature is off: bodies read whole that guard nothing, whatever their names.
      protectedLink: auth['POST /api/v2/links/{id}/protected'],
      report: auth['POST /api/v2/links/report'],
      // `locals.newPassword` hands `req.body.reset_password_token` to the views; express-validator's
      // `body('reset_password_token').exists()…` checks input.
      newPassword: auth['POST /api/v2/auth/new-password'],
    }).toEqual({
      links: 'required',
      terms: 'optional',
      login: 'none',
      oidc: 'optional',
      protectedLink: 'none',
      report: 'none',
      newPassword: 'none',
    });
  });
});

describe('gin-jwt handlers, a Basic-or-Bearer strategy with registered error codes, and group Use order', () => {
  it('reads login and logout as open, refresh and MiddlewareFunc as required, and a route before Use as unguarded', async () => {
    const auth = await authOf({
      'go.mod': 'module example.com/api\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'internal/pkg/code/register.go': `package code

const (
	ErrInvalidAuthHeader int = iota + 100204
	ErrSignatureInvalid
)

func init() {
	register(ErrInvalidAuthHeader, 401, "Invalid authorization header")
	register(ErrSignatureInvalid, 401, "Signature is invalid")
}

func register(code int, httpStatus int, message string) {}
`,
      'internal/pkg/middleware/auth/auto.go': `package auth

import (
	"strings"

	"github.com/gin-gonic/gin"
	"example.com/api/internal/pkg/code"
	"example.com/api/internal/pkg/errors"
	"example.com/api/internal/pkg/response"
)

type AutoStrategy struct{}

func (a AutoStrategy) AuthFunc() gin.HandlerFunc {
	return func(c *gin.Context) {
		authHeader := strings.SplitN(c.Request.Header.Get("Authorization"), " ", 2)
		if len(authHeader) != 2 {
			response.WriteResponse(c, errors.WithCode(code.ErrInvalidAuthHeader, "Authorization header format is wrong."), nil)
			c.Abort()
			return
		}
		switch authHeader[0] {
		case "Basic", "Bearer":
		default:
			response.WriteResponse(c, errors.WithCode(code.ErrSignatureInvalid, "unrecognized Authorization header."), nil)
			c.Abort()
			return
		}
		c.Next()
	}
}
`,
      'internal/apiserver/router.go': `package apiserver

import (
	jwt "github.com/appleboy/gin-jwt/v2"
	"github.com/gin-gonic/gin"
	"example.com/api/internal/pkg/middleware/auth"
)

func installController(g *gin.Engine) {
	ginjwt, _ := jwt.New(&jwt.GinJWTMiddleware{Realm: "api"})
	g.POST("/login", ginjwt.LoginHandler)
	g.POST("/logout", ginjwt.LogoutHandler)
	g.POST("/refresh", ginjwt.RefreshHandler)
	g.GET("/me", ginjwt.MiddlewareFunc(), me)

	auto := auth.AutoStrategy{}
	v1 := g.Group("/v1")
	{
		v1.POST("/users", create)
		v1.Use(auto.AuthFunc())
		v1.GET("/users/:name", get)
	}
}

func me(c *gin.Context)     { c.JSON(200, nil) }
func create(c *gin.Context) { c.JSON(201, nil) }
func get(c *gin.Context)    { c.JSON(200, nil) }
`,
    });
    expect(auth).toEqual({
      'POST /login': 'none',
      'POST /logout': 'none',
      'POST /refresh': 'required',
      'GET /me': 'required',
      'POST /v1/users': 'none',
      'GET /v1/users/{name}': 'required',
    });
  });
});

describe('A Basic-or-Bearer strategy answering error codes whose status is only in their doc comments', () => {
  it('reads the guard as required when the register calls are generated from the comments and not committed', async () => {
    const auth = await authOf({
      'go.mod': 'module example.com/api\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'internal/pkg/code/base.go': `package code

//go:generate codegen -type=int

// Common: authorization and authentication errors.
const (
	// ErrSignatureInvalid - 401: Signature is invalid.
	ErrSignatureInvalid int = iota + 100202

	// ErrInvalidAuthHeader - 401: Invalid authorization header.
	ErrInvalidAuthHeader

	// ErrPermissionDenied - 403: Permission denied.
	ErrPermissionDenied
)
`,
      'internal/pkg/middleware/auth/auto.go': `package auth

import (
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/marmotedu/component-base/pkg/core"
	"github.com/marmotedu/errors"

	"example.com/api/internal/pkg/code"
)

type AutoStrategy struct{}

func (a AutoStrategy) AuthFunc() gin.HandlerFunc {
	return func(c *gin.Context) {
		authHeader := strings.SplitN(c.Request.Header.Get("Authorization"), " ", 2)
		if len(authHeader) != 2 {
			core.WriteResponse(c, errors.WithCode(code.ErrInvalidAuthHeader, "Authorization header format is wrong."), nil)
			c.Abort()
			return
		}
		c.Next()
	}
}
`,
      'internal/apiserver/router.go': `package apiserver

import (
	"github.com/gin-gonic/gin"
	"example.com/api/internal/pkg/middleware/auth"
)

func installController(g *gin.Engine) {
	auto := auth.AutoStrategy{}
	v1 := g.Group("/v1")
	{
		v1.POST("/users", create)
		v1.Use(auto.AuthFunc())
		v1.GET("/users/:name", get)
	}
}

func create(c *gin.Context) { c.JSON(201, nil) }
func get(c *gin.Context)    { c.JSON(200, nil) }
`,
    });
    expect(auth).toEqual({ 'POST /v1/users': 'none', 'GET /v1/users/{name}': 'required' });
  });
});

describe('Gin middlewares that authenticate by path prefix', () => {
  const app = (configFiles: Record<string, string>): Record<string, string> => ({
    'go.mod': 'module example.com/admin\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
    ...configFiles,
    'internal/config/config.go': `package config

var C = new(Config)

type Config struct {
	Middleware struct {
		Auth struct {
			Disable             bool
			SkippedPathPrefixes []string
		}
		Casbin struct {
			SkippedPathPrefixes []string
		}
	}
}
`,
    'pkg/middleware/middleware.go': `package middleware

import "github.com/gin-gonic/gin"

func SkippedPathPrefixes(c *gin.Context, prefixes ...string) bool {
	path := c.Request.URL.Path
	for _, p := range prefixes {
		if len(path) >= len(p) && path[:len(p)] == p {
			return true
		}
	}
	return false
}

func AllowedPathPrefixes(c *gin.Context, prefixes ...string) bool {
	if len(prefixes) == 0 {
		return true
	}
	path := c.Request.URL.Path
	for _, p := range prefixes {
		if len(path) >= len(p) && path[:len(p)] == p {
			return true
		}
	}
	return false
}
`,
    'pkg/middleware/auth.go': `package middleware

import (
	"github.com/gin-gonic/gin"
	"example.com/admin/pkg/util"
)

type AuthConfig struct {
	AllowedPathPrefixes []string
	SkippedPathPrefixes []string
	ParseUserID         func(c *gin.Context) (string, error)
}

func AuthWithConfig(config AuthConfig) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !AllowedPathPrefixes(c, config.AllowedPathPrefixes...) ||
			SkippedPathPrefixes(c, config.SkippedPathPrefixes...) {
			c.Next()
			return
		}

		userID, err := config.ParseUserID(c)
		if err != nil {
			util.ResError(c, err)
			return
		}
		c.Set("user", userID)
		c.Next()
	}
}
`,
    'pkg/errors/errors.go': `package errors

type Error struct {
	Code   int32
	Detail string
}

func (e *Error) Error() string { return e.Detail }

func Unauthorized(id, detail string) error { return &Error{Code: 401, Detail: detail} }
`,
    'pkg/util/gin.go': `package util

import "github.com/gin-gonic/gin"

func ResError(c *gin.Context, err error) {
	c.AbortWithStatusJSON(500, gin.H{"error": err.Error()})
}
`,
    'internal/mods/rbac/login.go': `package rbac

import (
	"strings"

	"github.com/gin-gonic/gin"
	"example.com/admin/pkg/errors"
)

type LoginAPI struct{}

func (a *LoginAPI) ParseUserID(c *gin.Context) (string, error) {
	token := strings.TrimPrefix(c.GetHeader("Authorization"), "Bearer ")
	if token == "" {
		return "", errors.Unauthorized("com.login.token", "Invalid access token")
	}
	return token, nil
}

func (a *LoginAPI) Login(c *gin.Context)   { c.JSON(200, nil) }
func (a *LoginAPI) Captcha(c *gin.Context) { c.JSON(200, nil) }
func (a *LoginAPI) Users(c *gin.Context)   { c.JSON(200, nil) }
`,
    'internal/mods/mods.go': `package mods

import (
	"github.com/gin-gonic/gin"
	"example.com/admin/internal/mods/rbac"
)

const apiPrefix = "/api/"

type Mods struct {
	Login *rbac.LoginAPI
}

func (a *Mods) RouterPrefixes() []string {
	return []string{apiPrefix}
}

func (a *Mods) RegisterRouters(e *gin.Engine) {
	v1 := e.Group(apiPrefix).Group("v1")
	v1.GET("captcha/id", a.Login.Captcha)
	v1.POST("login", a.Login.Login)
	v1.GET("users", a.Login.Users)
}
`,
    'internal/bootstrap/http.go': `package bootstrap

import (
	"github.com/gin-gonic/gin"
	"example.com/admin/internal/config"
	"example.com/admin/internal/mods"
	"example.com/admin/pkg/middleware"
)

type Injector struct {
	M *mods.Mods
}

func startHTTPServer(injector *Injector) {
	e := gin.New()
	e.GET("/health", func(c *gin.Context) { c.JSON(200, nil) })
	allowedPrefixes := injector.M.RouterPrefixes()
	e.Use(middleware.AuthWithConfig(middleware.AuthConfig{
		AllowedPathPrefixes: allowedPrefixes,
		SkippedPathPrefixes: config.C.Middleware.Auth.SkippedPathPrefixes,
		ParseUserID:         injector.M.Login.ParseUserID,
	}))
	injector.M.RegisterRouters(e)
	e.Run()
}
`,
  });

  it('guards the routes under the allowed prefixes but not under the skipped ones, read from a TOML config', async () => {
    const auth = await authOf(
      app({
        'configs/dev/middleware.toml': `[Middleware.Auth]
Disable = false
SkippedPathPrefixes = ["/api/v1/captcha/", "/api/v1/login"] # public

[Middleware.Casbin]
SkippedPathPrefixes = [
  "/api/v1/captcha/",
]
`,
      }),
    );
    expect(auth).toEqual({
      'GET /health': 'none',
      'GET /api/v1/captcha/id': 'none',
      'POST /api/v1/login': 'none',
      'GET /api/v1/users': 'required',
    });
  });

  it('does not take a snake_case YAML key for an untagged field', async () => {
    const auth = await authOf(
      app({ 'configs/config.yaml': 'middleware:\n  auth:\n    skipped_path_prefixes:\n      - /api/v1/login\n' }),
    );
    // Without a tag the key is the field's name (matched whatever its case, as viper does): a snake_case key is
    // another key, so no file sets the list and whether the middleware guards a path is unknown.
    expect(auth['GET /api/v1/users']).toBe('unknown');
    expect(auth['GET /health']).toBe('none');
  });

  it('says unknown, with the reason, when no config file sets the skipped prefixes', async () => {
    const result = await extractImplementedSurface(memoryRepo(app({})));
    const users = result.surface.operations.find((o) => o.path === '/api/v1/users');
    expect(users?.auth?.state).toBe('unknown');
    expect(users?.auth?.reason).toContain('config.C.Middleware.Auth.SkippedPathPrefixes');
  });
});

describe('an Express guard registered with all() at the head of a route chain', () => {
  it('guards the routes chained after it, not the ones declared before the chain', async () => {
    const auth = await authOf({
      'package.json': EXPRESS_PKG,
      'app.js': `const express = require('express');
const jwt = require('jsonwebtoken');
function authMiddleware(req, res, next) {
  if (!req.cookies.Authorization) return res.status(401).end();
  req.user = jwt.verify(req.cookies.Authorization, process.env.JWT_SECRET);
  next();
}
const router = express.Router();
router.get('/posts/:id', (req, res) => res.json({}));
router
  .all('/posts/*', authMiddleware)
  .patch('/posts/:id', (req, res) => res.json({}))
  .delete('/posts/:id', (req, res) => res.status(204).end());
const app = express();
app.use('/', router);
module.exports = app;
`,
    });
    expect(auth).toEqual({
      'GET /posts/{id}': 'none',
      'PATCH /posts/{id}': 'required',
      'DELETE /posts/{id}': 'required',
    });
  });
});

describe('A path-prefix auth middleware that lets anonymous callers through where a Casbin policy allows them', () => {
  it('reads routes the policy grants to anonymous (keyMatch2 patterns included) as optional, the rest as required', async () => {
    const auth = await authOf({
      'go.mod': 'module example.com/blog\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'configs/rbac_policy.csv': `p, user, /api/articles, POST
p, anonymous, /api/articles, GET
p, anonymous, /api/articles/:id, GET
g, user, anonymous
`,
      'pkg/middleware/auth.go': `package middleware

import (
	"github.com/gin-gonic/gin"
	"example.com/blog/pkg/errors"
)

type AuthConfig struct {
	AllowedPathPrefixes []string
	Auth                func(c *gin.Context) bool
	ParseUserID         func(c *gin.Context) (uint, error)
}

func AllowedPathPrefixes(c *gin.Context, prefixes ...string) bool { return true }

func AuthWithConfig(config AuthConfig) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !AllowedPathPrefixes(c, config.AllowedPathPrefixes...) {
			c.Next()
			return
		}
		userID, err := config.ParseUserID(c)
		if err == nil {
			c.Set("user", userID)
		} else if !errors.IsUnauthorized(err) || config.Auth(c) {
			c.AbortWithStatusJSON(401, gin.H{"error": err.Error()})
			return
		}
		c.Next()
	}
}
`,
      'pkg/errors/errors.go': `package errors

type Error struct{ Code int }

func (e *Error) Error() string { return "unauthorized" }

func Unauthorized(msg string) error { return &Error{Code: 401} }

func IsUnauthorized(err error) bool { e, ok := err.(*Error); return ok && e.Code == 401 }
`,
      'internal/auth/auth.go': `package auth

import (
	"github.com/gin-gonic/gin"
	"example.com/blog/pkg/errors"
)

type Service struct{}

func (s *Service) ParseUserID(c *gin.Context) (uint, error) {
	token := c.GetHeader("Authorization")
	if token == "" {
		return 0, errors.Unauthorized("invalid access token")
	}
	return 1, nil
}
`,
      'main.go': `package main

import (
	"github.com/casbin/casbin/v2"
	"github.com/gin-gonic/gin"
	"example.com/blog/internal/auth"
	"example.com/blog/pkg/middleware"
)

func main() {
	enforcer, _ := casbin.NewEnforcer("configs/rbac_model.conf", "configs/rbac_policy.csv")
	svc := &auth.Service{}
	e := gin.New()
	authFunc := func(c *gin.Context) bool {
		allowed, err := enforcer.Enforce(
			"anonymous",
			c.Request.URL.Path,
			c.Request.Method,
		)
		if err != nil {
			return true
		}
		return !allowed
	}
	e.Use(middleware.AuthWithConfig(middleware.AuthConfig{
		AllowedPathPrefixes: []string{"/api/"},
		ParseUserID:         svc.ParseUserID,
		Auth:                authFunc,
	}))
	api := e.Group("/api")
	api.GET("/articles", list)
	api.POST("/articles", create)
	api.GET("/articles/:id", get)
	api.GET("/articles/mine", mine)
	api.DELETE("/articles/:id", remove)
	e.Run()
}

func list(c *gin.Context)   { c.JSON(200, nil) }
func create(c *gin.Context) { c.JSON(201, nil) }
func get(c *gin.Context)    { c.JSON(200, nil) }
func mine(c *gin.Context)   { c.JSON(200, nil) }
func remove(c *gin.Context) { c.JSON(204, nil) }
`,
    });
    expect(auth).toEqual({
      'GET /api/articles': 'optional',
      'POST /api/articles': 'required',
      'GET /api/articles/{id}': 'optional',
      // `/api/articles/:id` matches `mine` as one segment: Casbin lets anonymous callers through here too.
      'GET /api/articles/mine': 'optional',
      'DELETE /api/articles/{id}': 'required',
    });
  });
});

describe('NestJS guards that gate on the app state', () => {
  it('a canActivate that never reads its ExecutionContext is no auth; a passport guard returning the user is optional', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0', '@nestjs/passport': '^10.0.0' },
      }),
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { SetupController } from './setup.controller';
@Module({ controllers: [SetupController] })
export class AppModule {}
`,
      'src/guards.ts': `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ConfigService } from './config.service';

@Injectable()
export class SetupWizardGuard implements CanActivate {
  constructor(private readonly configService: ConfigService) {}
  canActivate(context: ExecutionContext): boolean {
    if (this.configService.setupWizardComplete) {
      return false;
    }
    return true;
  }
}

@Injectable()
export class OptionalJwtGuard extends AuthGuard('jwt') {
  handleRequest(err, user) {
    return user;
  }
}
`,
      'src/setup.controller.ts': `import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { OptionalJwtGuard, SetupWizardGuard } from './guards';
@Controller('setup-wizard')
export class SetupController {
  @UseGuards(SetupWizardGuard)
  @Post('create-first-user')
  createFirstUser(@Body() body: unknown) { return body; }

  @UseGuards(OptionalJwtGuard)
  @Get('status')
  status() { return {}; }
}
`,
    });
    expect(auth).toEqual({
      'POST /setup-wizard/create-first-user': 'none',
      'GET /setup-wizard/status': 'optional',
    });
  });
});

describe('NestJS guards that read no credential', () => {
  const NEST_PKG = JSON.stringify({
    dependencies: {
      '@nestjs/core': '^10.0.0',
      '@nestjs/common': '^10.0.0',
      '@nestjs/passport': '^10.0.0',
      '@nestjs/throttler': '^5.0.0',
    },
  });

  it('a global ThrottlerGuard is no auth, with APP_GUARD written as the constant or as its string; a JWT guard written the same way still guards', async () => {
    const auth = await authOf({
      'package.json': NEST_PKG,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { BooksController } from './books.controller';
@Module({
  imports: [ThrottlerModule.forRoot([{ ttl: 60000, limit: 10 }])],
  controllers: [BooksController],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class AppModule {}
`,
      'src/books.controller.ts': `import { Controller, Delete, Get, Param, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Controller('books')
export class BooksController {
  @Get()
  list() { return []; }
  @UseGuards(AuthGuard('jwt'))
  @Delete(':id')
  remove(@Param('id') id: string) { return id; }
}
`,
    });
    expect(auth).toEqual({ 'GET /books': 'none', 'DELETE /books/{id}': 'required' });

    const stringToken = await authOf({
      'package.json': NEST_PKG,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { JwtGuard } from './jwt.guard';
import { NotesController } from './notes.controller';
@Module({
  controllers: [NotesController],
  providers: [
    { provide: 'APP_GUARD', useClass: ThrottlerGuard },
    { provide: 'APP_GUARD', useClass: JwtGuard },
  ],
})
export class AppModule {}
`,
      'src/jwt.guard.ts': `import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Injectable()
export class JwtGuard extends AuthGuard('jwt') {}
`,
      'src/notes.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('notes')
export class NotesController {
  @Get()
  list() { return []; }
}
`,
    });
    expect(stringToken).toEqual({ 'GET /notes': 'required' });
  });

  it('a project rate limiter extending ThrottlerGuard and a feature switch reading only metadata are no auth; guards reading request.user or a shared secret still are', async () => {
    const auth = await authOf({
      'package.json': NEST_PKG,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ProxyThrottlerGuard } from './proxy-throttler.guard';
import { ReportsController } from './reports.controller';
@Module({
  controllers: [ReportsController],
  providers: [{ provide: APP_GUARD, useClass: ProxyThrottlerGuard }],
})
export class AppModule {}
`,
      'src/proxy-throttler.guard.ts': `import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
@Injectable()
export class ProxyThrottlerGuard extends ThrottlerGuard {
  protected async getTracker(req: Record<string, any>): Promise<string> {
    return req.ips.length ? req.ips[0] : req.ip;
  }
}
`,
      'src/feature.guard.ts': `import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FeatureFlags } from './feature-flags';
@Injectable()
export class FeatureGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly flags: FeatureFlags) {}
  canActivate(context: ExecutionContext): boolean {
    const feature = this.reflector.get<string>('feature', context.getHandler());
    const request = context.switchToHttp().getRequest();
    if (!feature || this.flags.isEnabled(feature, request.method)) return true;
    throw new NotFoundException();
  }
}
`,
      'src/owner.guard.ts': `import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
@Injectable()
export class OwnerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    if (!request.user) throw new ForbiddenException();
    return true;
  }
}
`,
      'src/hook.guard.ts': `import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
@Injectable()
export class HookGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    if (request.query.secret !== process.env.HOOK_SECRET) throw new ForbiddenException();
    return true;
  }
}
`,
      'src/reports.controller.ts': `import { Controller, Get, Post, SetMetadata, UseGuards } from '@nestjs/common';
import { FeatureGuard } from './feature.guard';
import { HookGuard } from './hook.guard';
import { OwnerGuard } from './owner.guard';
@Controller('reports')
export class ReportsController {
  @Get()
  list() { return []; }
  @UseGuards(FeatureGuard)
  @SetMetadata('feature', 'exports')
  @Get('export')
  exportAll() { return []; }
  @UseGuards(OwnerGuard)
  @Get('mine')
  mine() { return []; }
  @UseGuards(HookGuard)
  @Post('hook')
  hook() { return {}; }
}
`,
    });
    expect(auth).toEqual({
      'GET /reports': 'none',
      'GET /reports/export': 'none',
      'GET /reports/mine': 'required',
      'POST /reports/hook': 'required',
    });
  });

  it('a guard asking an injected service about the caller is unknown with a reason, or required when it throws 401; an unknown package guard is unknown by name', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'package.json': JSON.stringify({
          dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0', 'nest-keycloak-connect': '^1.9.0' },
        }),
        'src/guards.ts': `import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { SessionService } from './session.service';
import { AuthService } from './auth.service';

@Injectable()
export class LoggedInGuard implements CanActivate {
  constructor(private readonly session: SessionService) {}
  canActivate(_context: ExecutionContext): boolean {
    return this.session.isLoggedIn();
  }
}

@Injectable()
export class StrictGuard implements CanActivate {
  constructor(private readonly authService: AuthService) {}
  canActivate(): boolean {
    if (!this.authService.isAuthenticated()) throw new UnauthorizedException();
    return true;
  }
}
`,
        'src/orders.controller.ts': `import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { ResourceGuard } from 'nest-keycloak-connect';
import { LoggedInGuard, StrictGuard } from './guards';
@Controller('orders')
export class OrdersController {
  @UseGuards(LoggedInGuard)
  @Get()
  list() { return []; }
  @UseGuards(StrictGuard)
  @Post()
  create() { return {}; }
  @UseGuards(ResourceGuard)
  @Get('audit')
  audit() { return []; }
}
`,
      }),
    );
    const ops = Object.fromEntries(result.surface.operations.map((o) => [`${o.method} ${o.path}`, o.auth]));
    expect(ops['GET /orders']?.state).toBe('unknown');
    expect(ops['GET /orders']?.reason).toContain('this.session.isLoggedIn()');
    expect(ops['POST /orders']?.state).toBe('required');
    expect(ops['GET /orders/audit']?.state).toBe('unknown');
    expect(ops['GET /orders/audit']?.reason).toContain('ResourceGuard');
    expect(ops['GET /orders/audit']?.reason).toContain('nest-keycloak-connect');
  });
});

describe('auth that the committed configuration switches off', () => {
  it('Flask: a Basic-auth decorator that refuses only when its users are configured, unset in the env template, is optional', async () => {
    const app = `import os
from functools import wraps

from flask import Flask, jsonify, make_response, request

app = Flask(__name__)


def check_auth(username, password):
    return username == os.getenv("SITE_USER") and password == os.getenv("SITE_PASS")


def auth_required(f):
    @wraps(f)
    def decorated(*args, **kwargs):
        site_user = os.getenv("SITE_USER", "")
        site_pass = os.getenv("SITE_PASS", "")
        auth = request.authorization
        if site_user and site_pass and (not auth or not check_auth(auth.username, auth.password)):
            return make_response("Not logged in", 401, {"WWW-Authenticate": 'Basic realm="Login Required"'})
        return f(*args, **kwargs)

    return decorated


def token_required(f):
    @wraps(f)
    def decorated(*args, **kwargs):
        if os.environ.get("API_TOKEN"):
            if request.headers.get("Authorization") != "Bearer " + os.environ["API_TOKEN"]:
                return jsonify({"error": "unauthorized"}), 401
        return f(*args, **kwargs)

    return decorated


@app.get("/search")
@auth_required
def search():
    return jsonify([])


@app.get("/export")
@token_required
def export():
    return jsonify([])
`;
    const unset = await authOf({
      'requirements.txt': 'flask==3.0.3\n',
      '.env.example': '# SITE_USER=\n# SITE_PASS=\nSITE_PORT=5000\nAPI_TOKEN=\n',
      'app.py': app,
    });
    expect(unset).toEqual({ 'GET /search': 'optional', 'GET /export': 'optional' });
    // Configured in the template: the decorators refuse a request without the credential.
    const set = await authOf({
      'requirements.txt': 'flask==3.0.3\n',
      '.env.example': 'SITE_USER=admin\nSITE_PASS=change-me\nAPI_TOKEN=change-me\n',
      'app.py': app,
    });
    expect(set).toEqual({ 'GET /search': 'required', 'GET /export': 'required' });
  });

  it('Flask: a decorator whose check lets every request through until its env users are set is optional, with no env template', async () => {
    // The check reads the settings itself and is handed the request's credential (tsuru/rpaas's idiom).
    const auth = `import functools
import os

import flask


def check_auth(auth):
    username = os.environ.get("ADMIN_USER")
    password = os.environ.get("ADMIN_PASSWORD")
    if not username or not password:
        return True
    return auth and auth.username == username and auth.password == password


def required(fn):
    @functools.wraps(fn)
    def decorated(*args, **kwargs):
        auth = flask.request.authorization
        if not check_auth(auth):
            return "you do not have access to this resource", 401
        return fn(*args, **kwargs)
    return decorated
`;
    const api = `import os

import flask
from flask import Flask

from app import auth

api = Flask(__name__)


@api.route("/instances", methods=["GET"])
@auth.required
def list_instances():
    return "[]"


@api.route("/healthcheck", methods=["GET"])
def healthcheck():
    return "WORKING"


@api.route("/secret", methods=["GET"])
def secret():
    if os.environ["SECRET_TOKEN"] and flask.request.headers.get("Authorization") != os.environ["SECRET_TOKEN"]:
        return "forbidden", 403
    return "ok"
`;
    const files = {
      'requirements.txt': 'Flask==2.3.3\n',
      'app/__init__.py': '',
      'app/auth.py': auth,
      'app/api.py': api,
    };
    // No env template: the code's own default (`None`) leaves the check off; a setting read with `os.environ[…]`,
    // which fails when unset, is one every deployment sets, so that refusal stands.
    expect(await authOf(files)).toEqual({
      'GET /instances': 'optional',
      'GET /healthcheck': 'none',
      'GET /secret': 'required',
    });
    // A template that sets both users: the check runs and refuses a request without the credential.
    expect(await authOf({ ...files, '.env.example': 'ADMIN_USER=admin\nADMIN_PASSWORD=change-me\n' })).toMatchObject({
      'GET /instances': 'required',
    });
  });
});

describe('NestJS optional passport guards', () => {
  it('a guard whose handleRequest returns the user without throwing makes its route optional, beside required ones', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: {
          '@nestjs/core': '^10.0.0',
          '@nestjs/common': '^10.0.0',
          '@nestjs/passport': '^10.0.0',
          'passport-jwt': '^4.0.1',
        },
      }),
      'src/auth/strategy/two-factor.strategy.ts': `import { Injectable } from "@nestjs/common";
import { PassportStrategy } from "@nestjs/passport";
import { ExtractJwt, Strategy } from "passport-jwt";

@Injectable()
export class TwoFactorStrategy extends PassportStrategy(Strategy, "two-factor") {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromExtractors([(request) => request?.cookies?.Authentication]), secretOrKey: "s" });
  }

  async validate(payload: { id: string }) {
    return { id: payload.id };
  }
}
`,
      'src/auth/guards/two-factor.guard.ts': `import { Injectable } from "@nestjs/common";
import { AuthGuard } from "@nestjs/passport";

@Injectable()
export class TwoFactorGuard extends AuthGuard("two-factor") {}
`,
      'src/auth/guards/optional.guard.ts': `import { Injectable } from "@nestjs/common";
import { AuthGuard } from "@nestjs/passport";

type User = { id: string };

@Injectable()
export class OptionalGuard extends AuthGuard("two-factor") {
  handleRequest<TUser = User>(error: Error, user: TUser): TUser {
    return user;
  }
}
`,
      'src/printer/printer.controller.ts': `import { Controller, Get, Param, UseGuards } from "@nestjs/common";
import { OptionalGuard } from "../auth/guards/optional.guard";
import { TwoFactorGuard } from "../auth/guards/two-factor.guard";

@Controller("resume")
export class PrinterController {
  @Get(":id/print")
  @UseGuards(OptionalGuard)
  print(@Param("id") id: string) {
    return { url: id };
  }

  @Get(":id/statistics")
  @UseGuards(TwoFactorGuard)
  statistics(@Param("id") id: string) {
    return { views: 0 };
  }
}
`,
      'src/app.module.ts': `import { Module } from "@nestjs/common";
import { PrinterController } from "./printer/printer.controller";

@Module({ controllers: [PrinterController] })
export class AppModule {}
`,
      'src/main.ts': `import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module";

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(3000);
}
void bootstrap();
`,
    });
    expect(auth).toEqual({ 'GET /resume/{id}/print': 'optional', 'GET /resume/{id}/statistics': 'required' });
  });

  it('a guard extending the project passport guard that lets an anonymous caller through on the state it loads is optional', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({
        dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0', '@nestjs/passport': '^10.0.0' },
      }),
      // Passport's failure caught and answered with a setting: a caller without a token is still refused (403).
      'src/auth/session.guard.ts': `import { ExecutionContext, Injectable } from "@nestjs/common";
import { AuthGuard } from "@nestjs/passport";
import { SettingsService } from "../settings.service";

@Injectable()
export class SessionGuard extends AuthGuard("jwt") {
  constructor(private settings: SettingsService) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return (await super.canActivate(context)) as boolean;
    } catch {
      return this.settings.get("guests.allowed");
    }
  }
}
`,
      'src/albums/album-owner.guard.ts': `import { ExecutionContext, Injectable, NotFoundException } from "@nestjs/common";
import { SessionGuard } from "../auth/session.guard";

@Injectable()
export class AlbumOwnerGuard extends SessionGuard {
  constructor(settings, private db) {
    super(settings);
  }

  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    const album = await this.db.album.findUnique({ where: { id: request.params.id } });
    if (!album) throw new NotFoundException("Album not found");

    // Sets request.user when a token is sent; its refusal is not awaited here.
    await super.canActivate(context);
    const user = request.user;

    if (!album.ownerId) return true;
    if (!user) return false;
    return album.ownerId === user.id;
  }
}
`,
      'src/albums/photo-access.guard.ts': `import { ExecutionContext, ForbiddenException, Injectable } from "@nestjs/common";

@Injectable()
export class PhotoAccessGuard {
  constructor(private db, private links) {}

  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    const linkToken = request.cookies["album_link"];
    const album = await this.db.album.findUnique({ where: { id: request.params.id } });

    if (!linkToken) {
      if (album.passwordHash) throw new ForbiddenException("This album is password protected");
      return true;
    }
    if (!(await this.links.verifyLinkToken(album.id, linkToken))) throw new ForbiddenException("Bad link");
    return true;
  }
}
`,
      'src/albums/link.guard.ts': `import { ExecutionContext, ForbiddenException, Injectable } from "@nestjs/common";

@Injectable()
export class LinkGuard {
  constructor(private db, private links) {}

  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    const linkToken = request.cookies["album_link"];
    const album = await this.db.album.findUnique({ where: { id: request.params.id } });
    if (!album) throw new ForbiddenException("Album not found");
    if (!(await this.links.verifyLinkToken(album.id, linkToken))) throw new ForbiddenException("Link token required");
    return true;
  }
}
`,
      'src/albums/albums.controller.ts': `import { Controller, Delete, Get, Param, UseGuards } from "@nestjs/common";
import { SessionGuard } from "../auth/session.guard";
import { AlbumOwnerGuard } from "./album-owner.guard";
import { LinkGuard } from "./link.guard";
import { PhotoAccessGuard } from "./photo-access.guard";

@Controller("albums")
export class AlbumsController {
  @Get()
  @UseGuards(SessionGuard)
  mine() {
    return [];
  }

  @Delete(":id")
  @UseGuards(AlbumOwnerGuard)
  remove(@Param("id") id: string) {
    return { id };
  }

  @Get(":id/photos")
  @UseGuards(PhotoAccessGuard)
  photos(@Param("id") id: string) {
    return [];
  }

  @Get(":id")
  @UseGuards(LinkGuard)
  get(@Param("id") id: string) {
    return { id };
  }

  @Delete(":id/photos")
  @UseGuards(SessionGuard, AlbumOwnerGuard)
  clear(@Param("id") id: string) {
    return { id };
  }
}
`,
    });
    expect(auth).toEqual({
      'GET /albums': 'required',
      'DELETE /albums/{id}': 'optional',
      'GET /albums/{id}/photos': 'optional',
      'GET /albums/{id}': 'required',
      'DELETE /albums/{id}/photos': 'required',
    });
  });

  it('reads a handler’s own check of a cookie it takes with @Req(), and guards that read only a path parameter or a flow nonce', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0' } }),
      'src/session/session.service.ts': `import { Injectable } from "@nestjs/common";
import { JwtService } from "@nestjs/jwt";

@Injectable()
export class SessionService {
  constructor(private jwt: JwtService) {}

  async revoke(accessToken: string) {
    const { sid } = (this.jwt.decode(accessToken) as { sid: string }) || {};
    if (sid) await this.forget(sid);
  }

  async currentUserId(request): Promise<string | null> {
    if (!request.cookies.session_token) return null;
    try {
      return (await this.jwt.verifyAsync(request.cookies.session_token)).sub;
    } catch {
      return null;
    }
  }

  async forget(sid: string) {}
}
`,
      'src/sso/sso.guards.ts': `import { CanActivate, ExecutionContext, Injectable } from "@nestjs/common";

@Injectable()
export class IdpEnabledGuard implements CanActivate {
  constructor(private enabled: string[]) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    const idp = request.params.idp;
    return this.enabled.includes(idp);
  }
}

@Injectable()
export class SsoStateGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    return request.query.state === request.cookies[\`sso_\${request.params.idp}_state\`];
  }
}
`,
      'src/session/session.controller.ts': `import { Controller, Get, Post, Req, UnauthorizedException, UseGuards } from "@nestjs/common";
import { Request } from "express";
import { IdpEnabledGuard, SsoStateGuard } from "../sso/sso.guards";
import { SessionService } from "./session.service";

@Controller("session")
export class SessionController {
  constructor(private sessions: SessionService) {}

  @Post("refresh")
  async refresh(@Req() request: Request) {
    if (!request.cookies.refresh_token) throw new UnauthorizedException();
    return { ok: true };
  }

  @Post("logout")
  async logout(@Req() request: Request) {
    await this.sessions.revoke(request.cookies.session_token);
    return { ok: true };
  }

  @Get("sso/:idp")
  @UseGuards(IdpEnabledGuard)
  start() {
    return { url: "https://idp.example" };
  }

  @Get("sso/:idp/callback")
  @UseGuards(IdpEnabledGuard, SsoStateGuard)
  async callback(@Req() request: Request) {
    const linkTo = await this.sessions.currentUserId(request);
    return { linked: linkTo !== null };
  }
}
`,
    });
    expect(auth).toEqual({
      'POST /session/refresh': 'required',
      'POST /session/logout': 'optional',
      'GET /session/sso/{idp}': 'none',
      'GET /session/sso/{idp}/callback': 'optional',
    });
  });
});

describe('file-system route handlers that call a project check first', () => {
  it('SvelteKit: a helper comparing the Authorization header with a configured token, its 401 returned by the handler, is required', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ devDependencies: { '@sveltejs/kit': '^2.5.0' } }),
      '.env.example': 'API_TOKEN=change-me\n',
      'svelte.config.js':
        "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n",
      'src/lib/server/api-auth.js': `import { json } from '@sveltejs/kit';

export const authenticate = async (request) => {
  const authHeader = request.headers.get('authorization');
  const token = authHeader?.replace('Bearer ', '');
  if (token !== process.env.API_TOKEN) {
    return json({ error: 'invalid token' }, { status: 401 });
  }
  return null;
};

export const logRequest = async (request) => {
  console.log(request.method, request.url);
  return null;
};
`,
      'src/routes/api/monitors/+server.js': `import { json } from '@sveltejs/kit';
import { authenticate } from '$lib/server/api-auth.js';

export async function GET({ request }) {
  const auth = await authenticate(request);
  if (auth !== null) return auth;
  return json([]);
}

export async function POST({ request }) {
  const denied = await authenticate(request);
  if (denied) {
    return denied;
  }
  return json({}, { status: 201 });
}
`,
      'src/routes/api/status/+server.js': `import { json } from '@sveltejs/kit';
import { logRequest } from '$lib/server/api-auth.js';

export async function GET({ request }) {
  const logged = await logRequest(request);
  if (logged !== null) return logged;
  return json({ ok: true });
}
`,
    });
    expect(auth).toEqual({
      'GET /api/monitors': 'required',
      'POST /api/monitors': 'required',
      'GET /api/status': 'none',
    });
  });

  it('SvelteKit: a helper that gives back what is wrong with the bearer token (an Error or a verdict), answered 401 by the handler, is required', async () => {
    const auth = await authOf({
      'package.json': JSON.stringify({ devDependencies: { '@sveltejs/kit': '^2.5.0' } }),
      '.env.example': 'API_TOKEN=change-me\n',
      'svelte.config.js': 'export default { kit: {} };\n',
      'src/lib/server/token.ts': `import { env } from '$env/dynamic/private';

export async function checkToken(request: Request): Promise<Error | null> {
  const header = request.headers.get('Authorization') ?? '';
  const token = header.replace(/^Bearer\\s+/i, '');
  if (!token) return new Error('missing token');
  if (token !== env.API_TOKEN) return new Error('invalid token');
  return null;
}

export function isAuthorized(request: Request): boolean {
  return request.headers.get('Authorization') === \`Bearer \${env.API_TOKEN}\`;
}

export function unauthorized(): Response {
  return new Response(JSON.stringify({ error: 'unauthorized' }), { status: 401 });
}
`,
      'src/routes/api/incidents/+server.ts': `import { json } from '@sveltejs/kit';
import { checkToken } from '$lib/server/token';

export async function POST({ request }) {
  const payload = await request.json();
  const tokenError = await checkToken(request);
  if (tokenError !== null) {
    return json({ error: tokenError.message }, { status: 401 });
  }
  return json(payload, { status: 201 });
}
`,
      'src/routes/api/incidents/[id]/+server.ts': `import { json } from '@sveltejs/kit';
import { isAuthorized, unauthorized } from '$lib/server/token';

export async function DELETE(event) {
  if (!isAuthorized(event.request)) {
    return unauthorized();
  }
  return json({ deleted: event.params.id });
}
`,
      'src/routes/api/public/+server.ts': `import { json } from '@sveltejs/kit';

export async function GET({ url }) {
  const q = url.searchParams.get('q');
  if (q === null) return json({ error: 'q is required' }, { status: 400 });
  return json({ q });
}
`,
    });
    expect(auth).toEqual({
      'POST /api/incidents': 'required',
      'DELETE /api/incidents/{id}': 'required',
      'GET /api/public': 'none',
    });
  });
});
