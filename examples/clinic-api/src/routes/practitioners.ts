import { type Request, type Response, Router } from 'express';
import { db, nextPractitionerId } from '../data/store.js';
import { checkBody } from '../lib/validate.js';
import { requireAuth } from '../middleware/auth.js';
import type {
  ApiError,
  IdParams,
  NewPractitioner,
  Page,
  Practitioner,
  PractitionerListQuery,
  Specialty,
} from '../types/index.js';

export const practitionersRouter = Router();

// Every practitioner route needs a signed-in user.
practitionersRouter.use(requireAuth);

const SPECIALTIES: readonly Specialty[] = [
  'family-medicine',
  'cardiology',
  'dermatology',
  'pediatrics',
  'orthopedics',
  'psychiatry',
];

// GET /practitioners?specialty=
practitionersRouter.get(
  '/',
  (req: Request<unknown, Page<Practitioner> | ApiError, unknown, PractitionerListQuery>, res: Response<Page<Practitioner> | ApiError>) => {
    const { specialty } = req.query;
    if (specialty !== undefined && !SPECIALTIES.includes(specialty as Specialty)) {
      res.status(400).json({ error: 'invalid_query', message: `specialty must be one of ${SPECIALTIES.join(', ')}` });
      return;
    }
    const data = [...db.practitioners.values()].filter((p) => !specialty || p.specialty === specialty);
    res.json({ data, total: data.length, limit: data.length, offset: 0 });
  },
);

// POST /practitioners
practitionersRouter.post(
  '/',
  (req: Request<unknown, Practitioner | ApiError, NewPractitioner>, res: Response<Practitioner | ApiError>) => {
    const c = checkBody(req.body);
    if (c.ok) {
      c.string('npi');
      if (typeof req.body.npi === 'string' && !/^\d{10}$/.test(req.body.npi)) {
        c.issues.push({ field: 'npi', issue: 'must be 10 digits' });
      }
      c.string('givenName', { max: 100 });
      c.string('familyName', { max: 100 });
      c.oneOf('specialty', SPECIALTIES);
      c.email('email', { required: true });
      c.string('phone', { max: 32 });
    }
    if (!c.ok) {
      res.status(400).json({ error: 'validation_error', message: 'Invalid practitioner', details: c.issues });
      return;
    }
    const { npi, givenName, familyName, specialty, email, phone } = req.body;
    const practitioner: Practitioner = {
      id: nextPractitionerId(),
      npi,
      givenName,
      familyName,
      specialty,
      email,
      phone,
      active: true,
    };
    db.practitioners.set(practitioner.id, practitioner);
    res.status(201).json(practitioner);
  },
);

// GET /practitioners/:id
practitionersRouter.get('/:id', (req: Request<IdParams>, res: Response<Practitioner | ApiError>) => {
  const practitioner = db.practitioners.get(Number(req.params.id));
  if (!practitioner) {
    res.status(404).json({ error: 'not_found', message: 'Practitioner not found' });
    return;
  }
  res.json(practitioner);
});

// Practitioners are never deleted any more: their records must stay for the
// audit trail of the appointments and prescriptions they signed. Leavers are
// marked `active: false` by the HR sync job instead.
