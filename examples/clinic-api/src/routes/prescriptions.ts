import { type Request, type Response, Router } from 'express';
import { db, nextPrescriptionId } from '../data/store.js';
import { checkBody } from '../lib/validate.js';
import { requireAuth } from '../middleware/auth.js';
import type {
  ApiError,
  IdParams,
  NewPrescription,
  Page,
  Prescription,
  PrescriptionListQuery,
  PrescriptionStatus,
} from '../types/index.js';

export const prescriptionsRouter = Router();

prescriptionsRouter.use(requireAuth);

const STATUSES: readonly PrescriptionStatus[] = ['active', 'completed', 'stopped'];

// GET /prescriptions?patientId=&status=
prescriptionsRouter.get(
  '/',
  (req: Request<unknown, Page<Prescription> | ApiError, unknown, PrescriptionListQuery>, res: Response<Page<Prescription> | ApiError>) => {
    const { patientId, status } = req.query;
    if (!patientId) {
      res.status(400).json({ error: 'invalid_query', message: 'patientId is required' });
      return;
    }
    if (status !== undefined && !STATUSES.includes(status as PrescriptionStatus)) {
      res.status(400).json({ error: 'invalid_query', message: `status must be one of ${STATUSES.join(', ')}` });
      return;
    }
    const data = [...db.prescriptions.values()]
      .filter((rx) => rx.patientId === patientId && (!status || rx.status === status))
      .sort((a, b) => b.writtenOn.localeCompare(a.writtenOn));
    res.json({ data, total: data.length, limit: data.length, offset: 0 });
  },
);

// POST /prescriptions
prescriptionsRouter.post(
  '/',
  (req: Request<unknown, Prescription | ApiError, NewPrescription>, res: Response<Prescription | ApiError>) => {
    const c = checkBody(req.body);
    if (c.ok) {
      c.string('patientId');
      c.integer('prescriberId', { min: 1 });
      c.object('medication', (m) => {
        m.string('name');
        m.string('rxnormCode');
        m.string('strength');
      });
      c.string('dosageInstructions', { max: 500 });
      c.integer('quantity', { min: 1, max: 1000 });
      c.integer('refills', { min: 0, max: 11 });
      if (c.ok && !db.patients.has(req.body.patientId)) c.issues.push({ field: 'patientId', issue: 'unknown patient' });
      if (c.ok && !db.practitioners.has(req.body.prescriberId)) {
        c.issues.push({ field: 'prescriberId', issue: 'unknown practitioner' });
      }
    }
    if (!c.ok) {
      res.status(400).json({ error: 'validation_error', message: 'Invalid prescription', details: c.issues });
      return;
    }
    const { patientId, prescriberId, medication, dosageInstructions, quantity, refills } = req.body;
    const prescription: Prescription = {
      id: nextPrescriptionId(),
      patientId,
      prescriberId,
      medication: { name: medication.name, rxnormCode: medication.rxnormCode, strength: medication.strength },
      dosageInstructions,
      quantity,
      refills,
      status: 'active',
      writtenOn: new Date().toISOString().slice(0, 10),
    };
    db.prescriptions.set(prescription.id, prescription);
    res.status(201).json(prescription);
  },
);

// GET /prescriptions/:id
prescriptionsRouter.get('/:id', (req: Request<IdParams>, res: Response<Prescription | ApiError>) => {
  const prescription = db.prescriptions.get(req.params.id);
  if (!prescription) {
    res.status(404).json({ error: 'not_found', message: 'Prescription not found' });
    return;
  }
  res.json(prescription);
});
