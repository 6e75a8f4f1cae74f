import { describeHeldOutSet, type HeldOutFloors } from './held-out-set.js';

/**
 * The sixth held-out accuracy set: public apps under test/fixtures/real-apps-holdout-6 (Flask, FastAPI, chi, Gin,
 * Spring, Express, NestJS; those with a committed spec also carry a field truth) whose truths were written and
 * committed by reading their code before Specwatch was first run on them. Nothing may be tuned on these apps: a miss
 * is described by idiom in docs/accuracy.md ("The sixth held-out set") and fixed on a tuning app.
 */
const ROOT = 'test/fixtures/real-apps-holdout-6';

/**
 * Floors (3 decimals): route precision and recall, auth accuracy and unknown rate (a ceiling), field-finding precision
 * and recall. They are zero until the set is scored: the lead sets them from the first scoring run's figures, which
 * become the floors a later change may not go below.
 */
const FLOORS: Record<string, HeldOutFloors> = {
  'chi-blocky': { routes: [0, 0], auth: [0, 1], fields: [0, 0] },
  'express-bulletproof': { routes: [0, 0], auth: [0, 1] },
  'express-ts-node-starter': { routes: [0, 0], auth: [0, 1] },
  'fastapi-nextjs-template': { routes: [0, 0], auth: [0, 1], fields: [0, 0] },
  'flask-httpbin': { routes: [0, 0], auth: [0, 1] },
  'gin-nunu-layout': { routes: [0, 0], auth: [0, 1], fields: [0, 0] },
  'nestjs-hackathon-starter': { routes: [0, 0], auth: [0, 1] },
  'spring-petclinic': { routes: [0, 0], auth: [0, 1] },
};

describeHeldOutSet('sixth held-out real apps', ROOT, (app) => FLOORS[app], 8);
