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
 * Figures of the first scoring run (3 decimals): route precision and recall, auth accuracy and unknown rate (a
 * ceiling), field-finding precision and recall.
 *
 * First score pending: the lead runs this once and records it. Until then every app fails its "floors recorded"
 * check, so the set cannot pass by having no floors.
 */
const FIRST_SCORE: Record<string, HeldOutFloors> = {};

describeHeldOutSet('fifth held-out real apps (scored once, never tuned on)', ROOT, (app) => FIRST_SCORE[app], 8);
