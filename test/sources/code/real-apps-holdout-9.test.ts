import { describeHeldOutSet, type HeldOutFloors } from './held-out-set.js';

/**
 * The ninth held-out accuracy set: public apps under test/fixtures/real-apps-holdout-9 (FastAPI, Flask, Express,
 * NestJS, Spring Boot, Gin, chi and a Next.js app-router app; the two with a committed spec also carry a field truth)
 * whose truths were written and committed by reading their code before Specwatch was first run on them. They are
 * never used to tune the extractors. docs/accuracy.md ("The ninth held-out set") lists the apps.
 */
const ROOT = 'test/fixtures/real-apps-holdout-9';

/**
 * Floors (3 decimals): route precision and recall, auth accuracy and unknown rate (a ceiling), field-finding
 * precision and recall.
 */
const FLOORS: Record<string, HeldOutFloors> = {
  // first score pending: the lead fills the floors after the first run
  'chi-dozzle': { routes: [0, 0], auth: [0, 1] },
  // first score pending: the lead fills the floors after the first run
  'express-api-server': { routes: [0, 0], auth: [0, 1] },
  // first score pending: the lead fills the floors after the first run
  'fastapi-azure-todo': { routes: [0, 0], auth: [0, 1], fields: [0, 0] },
  // first score pending: the lead fills the floors after the first run
  'flask-api-server': { routes: [0, 0], auth: [0, 1] },
  // first score pending: the lead fills the floors after the first run
  'gin-pushbits': { routes: [0, 0], auth: [0, 1] },
  // first score pending: the lead fills the floors after the first run
  'nestjs-vivify-boilerplate': { routes: [0, 0], auth: [0, 1] },
  // first score pending: the lead fills the floors after the first run
  'nextjs-chatbot-ui': { routes: [0, 0], auth: [0, 1] },
  // first score pending: the lead fills the floors after the first run
  'spring-azure-todo': { routes: [0, 0], auth: [0, 1], fields: [0, 0] },
};

describeHeldOutSet('ninth real-app set (held out)', ROOT, (app) => FLOORS[app], 8);
