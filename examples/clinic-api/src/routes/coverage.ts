import { type Request, type Response, Router } from 'express';
import { db, prefixedId } from '../data/store.js';
import { checkBody } from '../lib/validate.js';
import { requireAuth } from '../middleware/auth.js';
import type { ApiError, Coverage, CoverageListQuery, IdParams, NewCoverage, Page } from '../types/index.js';

export const coverageRouter = Router();

const RELATIONSHIPS = ['self', 'spouse', 'child', 'other'] as const;

// GET /coverage?patientId=
coverageRouter.get(
  '/',
  requireAuth,
  (req: Request<unknown, Page<Coverage> | ApiError, unknown, CoverageListQuery>, res: Response<Page<Coverage> | ApiError>) => {
    const { patientId } = req.query;
    if (!patientId) {
      res.status(400).json({ error: 'invalid_query', message: 'patientId is required' });
      return;
    }
    const data = [...db.coverage.values()].filter((c) => c.patientId === patientId);
    res.json({ data, total: data.length, limit: data.length, offset: 0 });
  },
);

// POST /coverage
coverageRouter.post('/', requireAuth, (req: Request<unknown, Coverage | ApiError, NewCoverage>, res: Response<Coverage | ApiError>) => {
  const c = checkBody(req.body);
  if (c.ok) {
    c.string('patientId');
    c.string('payer', { max: 200 });
    c.string('planName', { max: 200 });
    c.string('memberId', { max: 40 });
    c.string('groupNumber', { max: 40 });
    c.object('subscriber', (s) => {
      s.string('name', { max: 200 });
      s.date('birthDate');
      s.oneOf('relationship', RELATIONSHIPS);
    });
    c.date('effectiveFrom');
    c.date('effectiveTo', { required: false });
    if (c.ok && !db.patients.has(req.body.patientId)) c.issues.push({ field: 'patientId', issue: 'unknown patient' });
  }
  if (!c.ok) {
    res.status(400).json({ error: 'validation_error', message: 'Invalid coverage', details: c.issues });
    return;
  }
  const { patientId, payer, planName, memberId, groupNumber, subscriber, effectiveFrom, effectiveTo } = req.body;
  const coverage: Coverage = {
    id: prefixedId('cov', 10),
    patientId,
    payer,
    planName,
    memberId,
    groupNumber,
    subscriber: { name: subscriber.name, birthDate: subscriber.birthDate, relationship: subscriber.relationship },
    effectiveFrom,
    effectiveTo: effectiveTo ?? null,
    status: 'active',
  };
  db.coverage.set(coverage.id, coverage);
  res.status(201).json(coverage);
});

// GET /coverage/:id
// Also called by the front-desk check-in kiosk to confirm a patient's plan.
coverageRouter.get('/:id', (req: Request<IdParams>, res: Response<Coverage | ApiError>) => {
  const coverage = db.coverage.get(req.params.id);
  if (!coverage) {
    res.status(404).json({ error: 'not_found', message: 'Coverage not found' });
    return;
  }
  res.json(coverage);
});
