import { type Request, type Response, Router } from 'express';
import { db, newPatientId, nextMrn, nowIso, type PatientRecord } from '../data/store.js';
import { checkBody, isDate, parsePaging } from '../lib/validate.js';
import { requireAuth } from '../middleware/auth.js';
import type {
  Allergy,
  ApiError,
  IdParams,
  NewPatient,
  Page,
  Patient,
  PatientListQuery,
  PatientUpdate,
} from '../types/index.js';

export const patientsRouter = Router();

const SEX = ['female', 'male', 'other', 'unknown'] as const;

/** Shapes a stored record for the API: everything except the internal allergy list. */
function toPatient(record: PatientRecord): Patient {
  const { allergies: _allergies, ...patient } = record;
  return patient;
}

function validatePatient(body: unknown) {
  const c = checkBody(body);
  if (!c.ok) return c;
  c.string('givenName', { max: 100 });
  c.string('familyName', { max: 100 });
  c.date('birthDate');
  c.oneOf('sex', SEX);
  c.email('email');
  c.string('phone', { required: false, max: 32 });
  c.object(
    'address',
    (a) => {
      a.string('line1');
      a.string('line2', { required: false });
      a.string('city');
      a.string('state');
      a.string('postalCode');
    },
    { required: false },
  );
  return c;
}

// GET /patients?familyName=&birthDate=&limit=&offset=
patientsRouter.get(
  '/',
  requireAuth,
  (req: Request<unknown, Page<Patient> | ApiError, unknown, PatientListQuery>, res: Response<Page<Patient> | ApiError>) => {
    const paging = parsePaging(req.query.limit, req.query.offset);
    if (!paging) {
      res.status(400).json({ error: 'invalid_query', message: 'limit must be 1-100 and offset >= 0' });
      return;
    }
    const birthDate = req.query.birthDate;
    if (birthDate !== undefined && !isDate(birthDate)) {
      res.status(400).json({ error: 'invalid_query', message: 'birthDate must be a date (YYYY-MM-DD)' });
      return;
    }
    const familyName = typeof req.query.familyName === 'string' ? req.query.familyName.toLowerCase() : undefined;
    const matches = [...db.patients.values()].filter(
      (p) => (!familyName || p.familyName.toLowerCase().startsWith(familyName)) && (!birthDate || p.birthDate === birthDate),
    );
    res.json({
      data: matches.slice(paging.offset, paging.offset + paging.limit).map(toPatient),
      total: matches.length,
      limit: paging.limit,
      offset: paging.offset,
    });
  },
);

// POST /patients
patientsRouter.post('/', requireAuth, (req: Request<unknown, Patient | ApiError, NewPatient>, res: Response<Patient | ApiError>) => {
  const check = validatePatient(req.body);
  if (!check.ok) {
    res.status(400).json({ error: 'validation_error', message: 'Invalid patient', details: check.issues });
    return;
  }
  const { givenName, familyName, birthDate, sex, email, phone, address } = req.body;
  const now = nowIso();
  const record: PatientRecord = {
    id: newPatientId(),
    mrn: nextMrn(),
    givenName,
    familyName,
    birthDate,
    sex,
    ...(email !== undefined && { email }),
    ...(phone !== undefined && { phone }),
    ...(address !== undefined && { address }),
    createdAt: now,
    updatedAt: now,
    allergies: [],
  };
  db.patients.set(record.id, record);
  res.status(201).location(`/api/v1/patients/${record.id}`).json(toPatient(record));
});

patientsRouter
  .route('/:id')
  .get(requireAuth, (req: Request<IdParams>, res: Response<Patient | ApiError>) => {
    const record = db.patients.get(req.params.id);
    if (!record) {
      res.status(404).json({ error: 'not_found', message: 'Patient not found' });
      return;
    }
    res.json(toPatient(record));
  })
  .put(requireAuth, (req: Request<IdParams, Patient | ApiError, PatientUpdate>, res: Response<Patient | ApiError>) => {
    const record = db.patients.get(req.params.id);
    if (!record) {
      res.status(404).json({ error: 'not_found', message: 'Patient not found' });
      return;
    }
    const check = validatePatient(req.body);
    if (!check.ok) {
      res.status(400).json({ error: 'validation_error', message: 'Invalid patient', details: check.issues });
      return;
    }
    const { givenName, familyName, birthDate, sex, email, phone, address } = req.body;
    const updated: PatientRecord = {
      ...record,
      givenName,
      familyName,
      birthDate,
      sex,
      email,
      phone,
      address,
      updatedAt: nowIso(),
    };
    if (email === undefined) delete updated.email;
    if (phone === undefined) delete updated.phone;
    if (address === undefined) delete updated.address;
    db.patients.set(record.id, updated);
    res.json(toPatient(updated));
  });

// GET /patients/:id/allergies
patientsRouter.get('/:id/allergies', requireAuth, (req: Request<IdParams>, res: Response<Allergy[] | ApiError>) => {
  const record = db.patients.get(req.params.id);
  if (!record) {
    res.status(404).json({ error: 'not_found', message: 'Patient not found' });
    return;
  }
  res.json(record.allergies);
});
