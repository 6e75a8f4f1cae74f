// Measures route extraction on dist/ (run `npm run build` first): a generated Express / NestJS / FastAPI tree, then
// the real checkouts named by SPECWATCH_BENCH_TS_REPO (a large TypeScript monorepo) and SPECWATCH_BENCH_PY_REPO (a
// large Python repository). Prints source files per CPU-second for each, beside each other.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localRepo } from '../dist/checkout/index.js';
import { extractImplementedSurface, selectSourceFiles } from '../dist/sources/code/index.js';

const FILES = Number(process.env.BENCH_FILES ?? 5000);
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

/** Extracts the implemented view of one checkout and prints its figures; returns files per CPU-second. */
async function measure(label, dir) {
  const listed = await localRepo(dir).list();
  const sources = selectSourceFiles(listed).filter((f) => SOURCE_EXT.test(f)).length;
  if (globalThis.gc) globalThis.gc();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await extractImplementedSurface(localRepo(dir));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const perCpu = Math.round(sources / cpuSeconds);
  console.log(`\n== ${label}`);
  console.log(`files:        ${listed.length} in the checkout, ${sources} source files read`);
  console.log(`operations:   ${result.surface.operations.length} (${result.frameworks.join(', ') || 'none'})`);
  console.log(`left out:     ${result.leftOut.length}`);
  console.log(`unparsed:     ${result.unparsed.length}`);
  console.log(`time:         ${seconds.toFixed(2)} s, ${Math.round(sources / seconds)} source files/s (wall clock)`);
  console.log(`cpu time:     ${cpuSeconds.toFixed(2)} s, ${perCpu} source files per CPU-second (goal >= ${GOAL})`);
  console.log(`peak RSS:     ${Math.round(peak / 1024 / 1024)} MiB`);
  return perCpu;
}

const GOAL = 2000;
const SOURCE_EXT = /\.(?:[cm]?[jt]sx?|py|go|java|kt)$/;
const figures = [
  ["generated mixed tree (today's figure)", await measure(`generated Express/NestJS/FastAPI tree`, root)],
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
console.log('\n== source files per CPU-second');
for (const [label, perCpu] of figures)
  console.log(`${String(perCpu).padStart(8)}  ${label}${perCpu >= GOAL ? '' : `  (below the ${GOAL} goal)`}`);
