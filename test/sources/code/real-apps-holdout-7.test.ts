import { describeHeldOutSet, type HeldOutFloors } from './held-out-set.js';

/**
 * The seventh held-out accuracy set: public apps under test/fixtures/real-apps-holdout-7 (FastAPI, Flask, Gin,
 * Spring, Express and NestJS; those with a committed spec also carry a field truth) whose truths were written and
 * committed by reading their code before Specwatch was first run on them. They are never used to tune the
 * extractors. docs/accuracy.md ("The seventh held-out set") lists the apps.
 */
const ROOT = 'test/fixtures/real-apps-holdout-7';

/**
 * Floors (3 decimals): route precision and recall, auth accuracy and unknown rate (a ceiling), field-finding
 * precision and recall.
 *
 * First score pending: every floor is 0 and every ceiling 1 until the first scoring run, whose figures then replace
 * them (and nothing stronger). Each app is listed, so an app added to the folder without floors fails its "floors
 * recorded" check.
 */
const PENDING: HeldOutFloors = { routes: [0, 0], auth: [0, 1] };
const PENDING_WITH_FIELDS: HeldOutFloors = { ...PENDING, fields: [0, 0] };

const FLOORS: Record<string, HeldOutFloors> = {
  'express-mongoose-demo': PENDING,
  'express-rest-mongodb': PENDING,
  'flask-microblog': PENDING,
  'go-rest-boilerplate': PENDING_WITH_FIELDS,
  'infinity-embeddings': PENDING_WITH_FIELDS,
  'nestjs-starter-rest-api': PENDING,
  'okta-spring-jugtours': PENDING,
  'ollama-server': PENDING_WITH_FIELDS,
};

describeHeldOutSet('seventh held-out real apps (scored once, never tuned on)', ROOT, (app) => FLOORS[app], 8);
