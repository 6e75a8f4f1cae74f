import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analyze/index.js';
import { localRepo } from '../../../src/checkout/index.js';
import { defaultConfig } from '../../../src/config/index.js';
import { runSpecwatch } from '../../cli/run-cli.js';
import {
  appsWithTruth,
  FIELD_RULES,
  fieldFindingKey,
  operationKeys,
  ratio,
  sameLeftOutPath,
  scoreAuth,
  scoreRoutes,
} from './real-app-scoring.js';

/**
 * Floors of one app (3 decimals): route precision and recall, auth accuracy and unknown rate (a ceiling),
 * field-finding precision and recall.
 */
export interface HeldOutFloors {
  routes: [number, number];
  auth: [number, number];
  fields?: [number, number];
}

interface TruthRoute {
  method: string;
  path: string;
  file?: string;
  auth?: string;
}
interface RoutesTruth {
  routes: TruthRoute[];
  machinery: TruthRoute[];
  hidden: TruthRoute[];
}
interface AuthTruth {
  routes: Required<Pick<TruthRoute, 'method' | 'path' | 'auth'>>[];
}
interface FieldsTruth {
  /** The committed spec, or the specs of an app whose services each document their own part. */
  spec: string | string[];
  findings: { rule: string; operation: string; subject: string }[];
}
interface RoutesOutput {
  operations: { method: string; path: string; auth?: { state: string } }[];
  leftOut?: { method: string; path: string; file: string; auth?: { state: string } }[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The suite every held-out accuracy set runs: public apps whose truths (routes, auth, fields) were written by
 * reading their code before Specwatch was first run on them. Each set keeps its own floors (the figures of its first
 * scoring run, or higher ones once a set has become a tuning set) so a change that makes a figure worse fails.
 */
export function describeHeldOutSet(
  title: string,
  root: string,
  floorsOf: (app: string) => HeldOutFloors | undefined,
  minApps = 5,
): void {
  const readJson = <T>(app: string, file: string): T => JSON.parse(readFileSync(join(root, app, file), 'utf8')) as T;

  describe(title, () => {
    const apps = appsWithTruth(root, 'routes.truth.json');

    it(`holds at least ${minApps} apps, each with a route and an auth truth`, () => {
      expect(apps.length).toBeGreaterThanOrEqual(minApps);
      expect(appsWithTruth(root, 'auth.truth.json')).toEqual(apps);
    });

    for (const app of apps) {
      it(`${app}: routes and auth no worse than their floors`, async () => {
        const truth = readJson<RoutesTruth>(app, 'routes.truth.json');
        const { code, stdout } = await runSpecwatch(['routes', join(root, app), '--format', 'json']);
        expect(code).toBe(0);
        const out = JSON.parse(stdout) as RoutesOutput;

        const routes = scoreRoutes(out.operations, truth.routes);
        const found = operationKeys(out.operations);
        const leftOutMachinery = [...truth.machinery, ...truth.hidden].filter(
          (m) => !found.has(`${m.method} ${m.path}`),
        );
        const unlisted = [...truth.machinery, ...truth.hidden].filter(
          (m) =>
            m.file !== undefined &&
            !out.leftOut?.some((l) => l.method === m.method && sameLeftOutPath(l.path, m.path) && l.file === m.file),
        );
        const { right, unknown, total, accuracy, unknownRate, wrong } = scoreAuth(
          out.operations,
          readJson<AuthTruth>(app, 'auth.truth.json').routes,
          out.leftOut,
        );

        console.log(
          [
            `${app}: routes precision ${routes.precision.toFixed(3)} (${routes.hits}/${routes.found}) recall ${routes.recall.toFixed(3)} (${routes.hits}/${routes.wanted})`,
            `  machinery/hidden kept out ${leftOutMachinery.length}/${truth.machinery.length + truth.hidden.length}, declared ones not listed as left out: ${unlisted.map((m) => `${m.method} ${m.path}`).join(', ') || 'none'}`,
            `  auth right ${right}/${total} (${accuracy.toFixed(3)}) unknown ${unknown} (${unknownRate.toFixed(3)})`,
            ...(routes.missed.length ? [`  missed ${routes.missed.join(', ')}`] : []),
            ...(routes.extra.length ? [`  extra ${routes.extra.join(', ')}`] : []),
            ...(wrong.length ? [`  auth wrong ${wrong.join('; ')}`] : []),
          ].join('\n'),
        );

        const floors = floorsOf(app);
        expect(floors, `floors of ${app} recorded`).toBeDefined();
        if (floors === undefined) return;
        expect(round(routes.precision)).toBeGreaterThanOrEqual(floors.routes[0]);
        expect(round(routes.recall)).toBeGreaterThanOrEqual(floors.routes[1]);
        expect(round(accuracy)).toBeGreaterThanOrEqual(floors.auth[0]);
        expect(round(unknownRate)).toBeLessThanOrEqual(floors.auth[1]);
      });
    }

    for (const app of appsWithTruth(root, 'fields.truth.json')) {
      it(`${app}: field-level findings no worse than their floors`, async () => {
        const truth = readJson<FieldsTruth>(app, 'fields.truth.json');
        const result = await analyze({
          repo: localRepo(join(root, app)),
          config: defaultConfig(),
          docs: [truth.spec].flat(),
        });
        const expected = new Set(truth.findings.map((t) => fieldFindingKey(t.rule, t.operation, t.subject)));
        const got = new Set(
          result.findings
            .filter((f) => FIELD_RULES.has(f.rule))
            .map((f) => fieldFindingKey(f.rule, f.operation ?? '', f.subject ?? '')),
        );
        const perRule = new Map<string, { hits: number; reported: number; expected: number }>();
        const tally = (rule: string) => {
          const s = perRule.get(rule) ?? { hits: 0, reported: 0, expected: 0 };
          perRule.set(rule, s);
          return s;
        };
        for (const k of expected) tally(k.split('|')[0] as string).expected++;
        for (const k of got) {
          const s = tally(k.split('|')[0] as string);
          s.reported++;
          if (expected.has(k)) s.hits++;
        }
        const hits = [...got].filter((k) => expected.has(k)).length;
        const precision = ratio(hits, got.size);
        const recall = ratio(hits, expected.size);
        console.log(
          [
            `${app}: field findings precision ${precision.toFixed(3)} (${hits}/${got.size}) recall ${recall.toFixed(3)} (${hits}/${expected.size})`,
            ...[...perRule.entries()]
              .sort()
              .map(
                ([rule, s]) =>
                  `  ${rule.padEnd(28)} precision ${ratio(s.hits, s.reported).toFixed(2)} (${s.hits}/${s.reported})  recall ${ratio(s.hits, s.expected).toFixed(2)} (${s.hits}/${s.expected})`,
              ),
            ...[...got].filter((k) => !expected.has(k)).map((k) => `  false ${k}`),
            ...[...expected].filter((k) => !got.has(k)).map((k) => `  missed ${k}`),
          ].join('\n'),
        );
        const floors = floorsOf(app)?.fields;
        expect(floors, `field floors of ${app} recorded`).toBeDefined();
        if (floors === undefined) return;
        expect(round(precision)).toBeGreaterThanOrEqual(floors[0]);
        expect(round(recall)).toBeGreaterThanOrEqual(floors[1]);
      }, 120_000);
    }
  });
}
