// Measures route extraction on dist/ (run `npm run build` first): a generated Express / NestJS / FastAPI tree, then
// the real checkouts named by SPECWATCH_BENCH_TS_REPO (a large TypeScript monorepo) and SPECWATCH_BENCH_PY_REPO (a
// large Python repository). For each it runs, on the same files in the same process:
//   - "no prefilter": every source file parsed up front, the way extraction worked before the prefilter (today's
//     figure before this change);
//   - "full": the prefilter on, auth and the wire model on (what `specwatch routes` and `scan` do);
//   - "no auth" and "no wire model": the full path with that part off, to print what each part costs.
// Figures are source files per CPU-second (process.cpuUsage, so a loaded machine inflates them less than wall time);
// each configuration runs BENCH_RUNS times (default 3) and the best CPU time is kept. What auth and the wire model
// cost is the median over runs of the ratio within one run (the configurations of a run follow one another). The
// bench also checks that the prefilter changes nothing: the operations, their auth and their statuses must equal the
// path without it.
//
// BENCH_BASELINE names another checkout of Specwatch, built (an earlier commit): its full path and its path without
// the wire model run beside these in the same runs, so a change is measured against the code before it on the same
// load, and its operations, auth and statuses are compared with this build's.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { localRepo } from '../dist/checkout/index.js';
import { extractImplementedSurface, selectSourceFiles } from '../dist/sources/code/index.js';

const current = { extract: extractImplementedSurface, localRepo };
const baselineDir = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;
const baseline = baselineDir && {
  extract: (await import(join(baselineDir, 'dist/sources/code/index.js'))).extractImplementedSurface,
  localRepo: (await import(join(baselineDir, 'dist/checkout/index.js'))).localRepo,
};

const FILES = Number(process.env.BENCH_FILES ?? 2000);
const root = mkdtempSync(join(tmpdir(), 'specwatch-bench-routes-'));

function write(path, text) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

write('package.json', JSON.stringify({ dependencies: { express: '4', '@nestjs/common': '10', '@nestjs/core': '10' } }));
write('requirements.txt', 'fastapi==0.110.0\npydantic==2.6.0\n');
const third = Math.floor(FILES / 3);
const expressIndex = ["const express = require('express');", 'const app = express();'];
for (let i = 0; i < third; i++) {
  expressIndex.push(`app.use('/r${i}', require('./routes/r${i}'));`);
  write(
    `express/routes/r${i}.js`,
    `const express = require('express');
const router = express.Router();
const service = require('../services/s${i % 50}');

router.get('/', async (req, res) => {
  const { page, limit } = req.query;
  res.json(await service.list(page, limit));
});
router.post('/', async (req, res) => res.status(201).json(await service.create(req.body)));
router.route('/:id')
  .get(async (req, res) => res.json(await service.get(req.params.id)))
  .put(async (req, res) => res.json(await service.update(req.params.id, req.body)))
  .delete(async (req, res) => res.sendStatus(204));
module.exports = router;
`,
  );
}
write('express/app.js', `${expressIndex.join('\n')}\nmodule.exports = app;\n`);
for (let i = 0; i < third; i++) {
  write(
    `nest/src/m${i}/m${i}.controller.ts`,
    `import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';

export class CreateItem${i}Dto {
  name: string;
  size?: number;
  tags: string[];
}

@Controller('m${i}')
export class M${i}Controller {
  @Get()
  list(@Query('page') page?: string) {
    return [];
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return { id };
  }

  @Post()
  create(@Body() dto: CreateItem${i}Dto) {
    return dto;
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id') id: string) {}
}
`,
  );
}
const pyCount = FILES - 2 * third - 1;
const mainPy = ['from fastapi import FastAPI', 'app = FastAPI()'];
for (let i = 0; i < pyCount; i++) {
  mainPy.push(`from routers import r${i}`, `app.include_router(r${i}.router, prefix="/p${i}")`);
  write(
    `py/routers/r${i}.py`,
    `from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(tags=["r${i}"])


class Item(BaseModel):
    name: str
    price: float | None = None


@router.get("/items/{item_id}")
async def read_item(item_id: int, q: str | None = None):
    return {"item_id": item_id}


@router.post("/items", status_code=201)
async def create_item(item: Item):
    return item
`,
  );
}
write('py/main.py', `${mainPy.join('\n')}\n`);

const GOAL = 2000;
/** Auth analysis and the wire model may each cost at most this much more time than the path without them. */
const PART_BUDGET = 0.3;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const SOURCE_EXT = /\.(?:[cm]?[jt]sx?|py|go|java|kt)$/;
const CONFIGS = [
  ['no prefilter', { prefilter: false }],
  ['full', {}],
  ['no auth', { auth: false }],
  ['no wire model', { wire: false }],
  ...(baseline
    ? [
        ['baseline full', {}, baseline],
        ['baseline no wire', { wire: false }, baseline],
      ]
    : []),
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What the operations say, for comparing two paths: method, path, file:line, auth state and statuses. */
function fingerprint(result) {
  return result.surface.operations
    .map((op) => {
      const ev = op.evidence.find((e) => e.source === 'implemented');
      const statuses = Object.keys(op.responses ?? {})
        .sort()
        .join(',');
      return `${op.method} ${op.path} ${ev?.file ?? ''}:${ev?.line ?? ''} auth=${op.auth?.state ?? '-'} ${statuses}`;
    })
    .sort();
}

async function runOnce(dir, analysis, impl = current) {
  if (globalThis.gc) globalThis.gc();
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await impl.extract(impl.localRepo(dir), { analysis });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { result, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Runs every configuration on one checkout and prints the figures; returns files per CPU-second per configuration. */
async function measure(label, dir) {
  const listed = await localRepo(dir).list();
  const sources = selectSourceFiles(listed).filter((f) => SOURCE_EXT.test(f)).length;
  // One unmeasured run loads the parsers and warms the code paths every configuration shares.
  await runOnce(dir, {});
  if (baseline) await runOnce(dir, {}, baseline);
  const best = new Map();
  for (let run = 0; run < RUNS; run++) {
    // The order turns each run: the run after the one without the prefilter starts on its large heap (fewer
    // collections), so a fixed order would always favour the same configuration.
    for (const [name, analysis, impl] of CONFIGS.map((_, i) => CONFIGS[(i + run) % CONFIGS.length])) {
      const r = await runOnce(dir, analysis, impl);
      const prev = best.get(name);
      best.set(name, {
        result: r.result,
        cpu: Math.min(prev?.cpu ?? Number.POSITIVE_INFINITY, r.cpuSeconds),
        cpus: [...(prev?.cpus ?? []), r.cpuSeconds],
        walls: [...(prev?.walls ?? []), r.seconds],
      });
    }
  }
  const full = best.get('full');
  console.log(`\n== ${label}`);
  console.log(`files:        ${listed.length} in the checkout, ${sources} source files`);
  console.log(
    `operations:   ${full.result.surface.operations.length} (${full.result.frameworks.join(', ') || 'none'}), ` +
      `${full.result.leftOut.length} left out, ${full.result.unparsed.length} unparsed`,
  );
  const perCpu = {};
  for (const [name] of CONFIGS) {
    const { cpu, walls } = best.get(name);
    const sorted = [...walls].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    perCpu[name] = Math.round(sources / cpu);
    console.log(
      `${name.padEnd(14)}${String(perCpu[name]).padStart(7)} source files per CPU-second (${cpu.toFixed(2)} s CPU); ` +
        `wall clock best ${sorted[0].toFixed(2)} s, median ${median.toFixed(2)} s`,
    );
  }
  const before = fingerprint(best.get('no prefilter').result);
  const after = fingerprint(full.result);
  const missing = before.filter((x) => !after.includes(x));
  const extra = after.filter((x) => !before.includes(x));
  console.log(
    missing.length + extra.length === 0
      ? `prefilter:    same ${after.length} operations, auth and statuses as without it`
      : `prefilter:    DIFFERS from the path without it: ${missing.length} missing, ${extra.length} extra\n` +
          [...missing.slice(0, 5).map((x) => `  - ${x}`), ...extra.slice(0, 5).map((x) => `  + ${x}`)].join('\n'),
  );
  console.log(
    `speed-up:     ${(perCpu.full / perCpu['no prefilter']).toFixed(2)}x (${perCpu.full} against ${perCpu['no prefilter']} ` +
      `source files per CPU-second, goal >= ${GOAL})`,
  );
  if (baseline) {
    const was = fingerprint(best.get('baseline full').result);
    const lost = was.filter((x) => !after.includes(x)).length;
    const gained = after.filter((x) => !was.includes(x)).length;
    console.log(
      `baseline:     ${(perCpu.full / perCpu['baseline full']).toFixed(2)}x (${perCpu.full} against ` +
        `${perCpu['baseline full']} source files per CPU-second for the full path, ${perCpu['no wire model']} against ` +
        `${perCpu['baseline no wire']} without the wire model); ` +
        (lost + gained === 0
          ? `same ${after.length} operations, auth and statuses`
          : `${lost} operations, auth or statuses of the baseline not found, ${gained} new`),
    );
  }
  for (const [name, part, base] of [
    ['no auth', 'auth analysis', 'full'],
    ['no wire model', 'wire model', 'full'],
    ...(baseline ? [['baseline no wire', 'baseline wire', 'baseline full']] : []),
  ]) {
    // Each run's configurations follow one another, so they share the machine's load of the moment: the median of
    // the per-run ratios is what a part costs, while a ratio of best times mixes two runs' luck on a loaded machine.
    const without = best.get(name).cpus;
    const extraCost = median(best.get(base).cpus.map((cpu, i) => cpu / without[i] - 1));
    const bestCost = best.get(base).cpu / best.get(name).cpu - 1;
    const verdict =
      extraCost <= 0
        ? 'no measurable cost (the difference is run-to-run noise)'
        : extraCost <= PART_BUDGET
          ? 'within budget'
          : 'OVER budget';
    console.log(
      `${part.padEnd(14)}costs ${(extraCost * 100).toFixed(1)} % more CPU time (median of ${RUNS} runs; ` +
        `${(bestCost * 100).toFixed(1)} % from the best times, ${perCpu[base]} against ${perCpu[name]} files per ` +
        `CPU-second without it; budget ${PART_BUDGET * 100} %: ${verdict})`,
    );
  }
  return perCpu;
}

const figures = [
  [
    `generated Express/NestJS/FastAPI tree (${FILES} files)`,
    await measure('generated Express/NestJS/FastAPI tree', root),
  ],
];
if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
else console.log(root);

// Real checkouts: a large TypeScript monorepo and a large Python repository, given by path.
for (const [name, label] of [
  ['SPECWATCH_BENCH_TS_REPO', 'large TypeScript monorepo'],
  ['SPECWATCH_BENCH_PY_REPO', 'large Python repository'],
]) {
  const dir = process.env[name];
  if (!dir) {
    console.log(`\n== ${label}: not measured — set ${name} to the path of a checkout`);
    continue;
  }
  if (!existsSync(dir)) {
    console.log(`\n== ${label}: not measured — ${name}=${dir} does not exist`);
    continue;
  }
  figures.push([`${label} (${dir.split('/').filter(Boolean).pop()})`, await measure(`${label}: ${dir}`, dir)]);
}
console.log(
  `\n== source files per CPU-second (full path; the path without the prefilter${baseline ? ' and the baseline' : ''} beside it)`,
);
for (const [label, perCpu] of figures)
  console.log(
    `${String(perCpu.full).padStart(8)}  (${String(perCpu['no prefilter']).padStart(5)} without prefilter` +
      `${baseline ? `, ${String(perCpu['baseline full']).padStart(5)} baseline` : ''})  ${label}` +
      `${perCpu.full >= GOAL ? '' : `  (below the ${GOAL} goal)`}`,
  );
