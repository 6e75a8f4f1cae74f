import { describeHeldOutSet, type HeldOutFloors } from './held-out-set.js';

/**
 * The fourth held-out accuracy set: public apps under test/fixtures/real-apps-holdout-4 (Express, FastAPI, Gin,
 * Spring, ...; those with a committed spec also carry a field truth) whose truths were written and committed by
 * reading their code before Specwatch was first run on them. They are never used to tune the extractors. The floors
 * are the figures of the first scoring run and nothing stronger: a change that makes a figure worse fails here, a
 * better one passes and may raise its floor. docs/accuracy.md ("The fourth held-out set") lists the apps.
 */
const ROOT = 'test/fixtures/real-apps-holdout-4';

/**
 * Figures of the first scoring run (3 decimals): route precision and recall, auth accuracy and unknown rate (a
 * ceiling), field-finding precision and recall. Not scored yet: every floor is zero (and every unknown ceiling 1, the
 * ceiling that never fails) until the set is scored once; the first run sets them to its figures, as they come.
 */
const FIRST_SCORE: Record<string, HeldOutFloors> = {
  'express-ts-starter': { routes: [0, 0], auth: [0, 1] },
  'fastapi-minimal-postgres': { routes: [0, 0], auth: [0, 1] },
  'go-pos': { routes: [0, 0], auth: [0, 1], fields: [0, 0] },
  'go-rest-api-example': { routes: [0, 0], auth: [0, 1], fields: [0, 0] },
  kutt: { routes: [0, 0], auth: [0, 1] },
  'nestjs-vndev-boilerplate': { routes: [0, 0], auth: [0, 1] },
  'presidio-anonymizer': { routes: [0, 0], auth: [0, 1], fields: [0, 0] },
  'spring-boot-jwt': { routes: [0, 0], auth: [0, 1] },
};

describeHeldOutSet('fourth held-out real apps (not scored yet, never tuned on)', ROOT, (app) => FIRST_SCORE[app], 8);
