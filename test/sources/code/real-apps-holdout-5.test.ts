import { describeHeldOutSet, type HeldOutFloors } from './held-out-set.js';

/**
 * The fifth held-out accuracy set: public apps under test/fixtures/real-apps-holdout-5 (FastAPI, Gin and Spring apps
 * beside JS/TS ones; those with a committed spec also carry a field truth) whose truths were written and committed
 * by reading their code before Specwatch was first run on them. They are never used to tune the extractors. The floors
 * are the figures of the first scoring run and nothing stronger: a change that makes a figure worse fails here, a
 * better one passes and may raise its floor. docs/accuracy.md ("The fifth held-out set") lists the apps.
 */
const ROOT = 'test/fixtures/real-apps-holdout-5';

/**
 * Figures of the first scoring run (7 December 2026, main at f046e05, 3 decimals): route precision and recall, auth
 * accuracy and unknown rate (a ceiling), field-finding precision and recall. Nothing was tuned on these apps before
 * it; the misses behind each figure are listed in docs/accuracy.md ("The fifth held-out set").
 */
const FIRST_SCORE: Record<string, HeldOutFloors> = {
  // Every route found at the root: the controllers' /v1 mount was lost (miss 1).
  'asyncapi-server-api': { routes: [0, 0], auth: [0, 0], fields: [1, 0] },
  // The health router included at a public and a guarded prefix comes out guarded at both (miss 7).
  'fastapi-stuff-nonsense': { routes: [1, 1], auth: [0.905, 0] },
  // Global middlewares that authenticate by path prefix are not read (miss 3).
  'gin-admin': { routes: [0.964, 1], auth: [0.148, 0], fields: [1, 0.017] },
  'homebridge-config-ui': { routes: [1, 0.989], auth: [0.968, 0.022] },
  // No route found (miss 2).
  'iam-apiserver': { routes: [0, 0], auth: [0, 0], fields: [1, 0] },
  // Every route's auth unknown (miss 4).
  'mall-tiny': { routes: [1, 1], auth: [0, 1] },
  'ramen-api-hono': { routes: [0.857, 0.857], auth: [0.857, 0] },
  // Routes of modules loaded from a folder lose their mount prefix (miss 5).
  'wikimedia-citoid': { routes: [0.375, 0.429], auth: [0.429, 0], fields: [1, 0.091] },
};

describeHeldOutSet('fifth held-out real apps (scored once, never tuned on)', ROOT, (app) => FIRST_SCORE[app], 8);
