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
 * The set was first scored on 7 December 2026 with the code of the round before it (main at bc8f424, whose source is
 * a1dab9b's), then once more at the end of the round (main at 7b23c87); nothing was tuned on these apps in between, and
 * the fixes of the round were made on other apps. Both runs gave the same figures except ollama-server's field
 * precision (0.558, 58/104, at the first run; 0.630, 58/92, at the second). A third run at the end of the round that
 * scored the eighth set (main at 78baa6d), whose fixes of these idioms were made on other apps and on unit tests: auth
 * right on every route of all eight apps; go-rest-boilerplate's fields 0.296 (16/54) / 1.000 (16/16), infinity-embeddings'
 * 1.000 (1/1) / 0.063 (1/16), ollama-server's 0.617 (58/94) / 0.604 (58/96), two false findings more than the second
 * run. The set is spent now (a tuning set, like set 6); the floors are the third run's. docs/accuracy.md ("The seventh
 * held-out set") has every run.
 */
const FLOORS: Record<string, HeldOutFloors> = {
  'express-mongoose-demo': { routes: [1, 1], auth: [1, 0] },
  'express-rest-mongodb': { routes: [1, 1], auth: [1, 0] },
  'flask-microblog': { routes: [1, 1], auth: [1, 0] },
  // Tuned since spent: the error kinds the use cases return pick the helper's cases (0.296 -> 0.667, 16/24); left are
  // the 500s of infrastructure failures (InternalCause), which the truth does not count.
  'go-rest-boilerplate': { routes: [1, 1], auth: [1, 0], fields: [0.667, 1] },
  // The statuses raised in the engine calls the handlers await are missed.
  'infinity-embeddings': { routes: [1, 1], auth: [1, 0], fields: [1, 0.063] },
  'nestjs-starter-rest-api': { routes: [1, 1], auth: [1, 0] },
  'okta-spring-jugtours': { routes: [1, 1], auth: [1, 0] },
  // The large generate and chat handlers' statuses and fields missed; deprecated request fields reported. Tuned since
  // spent: the Host allowlist's 403 (written after the branch letting allowed hosts on) is no longer every route's,
  // 0.617 -> 0.667 precision; recall 0.604 -> 0.583, the two 403s it lost (generate, chat) having been that
  // middleware's 403 counted for the handlers' own cloud 403, which the unread handlers still miss. Then 0.675: no
  // type compared for keep_alive, an api.Duration decoded by its own UnmarshalJSON. Then 0.683: no 499 (the client
  // has gone) as an undocumented status.
  'ollama-server': { routes: [1, 1], auth: [1, 0], fields: [0.683, 0.583] },
};

describeHeldOutSet('seventh real-app set (held out for three runs, spent now)', ROOT, (app) => FLOORS[app], 8);
