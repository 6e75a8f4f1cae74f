import { type Request, type Response, Router } from 'express';
import { db, nowIso, prefixedId } from '../data/store.js';
import { checkBody, isDate, parsePaging } from '../lib/validate.js';
import { requireAuth } from '../middleware/auth.js';
import type {
  ApiError,
  Appointment,
  AppointmentListQuery,
  AppointmentPatch,
  AppointmentStatus,
  CancelAppointment,
  IdParams,
  NewAppointment,
  Page,
} from '../types/index.js';

export const appointmentsRouter = Router();

const STATUSES: readonly AppointmentStatus[] = ['booked', 'completed', 'cancelled', 'noshow'];

/** The booked appointment of this practitioner that overlaps [start, end), if any. */
function findClash(practitionerId: number, start: string, end: string, ignoreId?: string): Appointment | undefined {
  const s = Date.parse(start);
  const e = Date.parse(end);
  return [...db.appointments.values()].find(
    (a) =>
      a.id !== ignoreId &&
      a.practitionerId === practitionerId &&
      a.status === 'booked' &&
      Date.parse(a.start) < e &&
      s < Date.parse(a.end),
  );
}

// GET /appointments?patientId=&practitionerId=&date=&status=
appointmentsRouter.get(
  '/',
  requireAuth,
  (
    req: Request<unknown, Page<Appointment> | ApiError, unknown, AppointmentListQuery & { limit?: string; offset?: string }>,
    res: Response<Page<Appointment> | ApiError>,
  ) => {
    const { patientId, practitionerId, date, status } = req.query;
    const paging = parsePaging(req.query.limit, req.query.offset);
    if (!paging) {
      res.status(400).json({ error: 'invalid_query', message: 'limit must be 1-100 and offset >= 0' });
      return;
    }
    if (date !== undefined && !isDate(date)) {
      res.status(400).json({ error: 'invalid_query', message: 'date must be a date (YYYY-MM-DD)' });
      return;
    }
    if (status !== undefined && !STATUSES.includes(status as AppointmentStatus)) {
      res.status(400).json({ error: 'invalid_query', message: `status must be one of ${STATUSES.join(', ')}` });
      return;
    }
    const matches = [...db.appointments.values()]
      .filter(
        (a) =>
          (!patientId || a.patientId === patientId) &&
          (!practitionerId || a.practitionerId === Number(practitionerId)) &&
          (!date || a.start.startsWith(date)) &&
          (!status || a.status === status),
      )
      .sort((a, b) => a.start.localeCompare(b.start));
    res.json({
      data: matches.slice(paging.offset, paging.offset + paging.limit),
      total: matches.length,
      limit: paging.limit,
      offset: paging.offset,
    });
  },
);

// POST /appointments
appointmentsRouter.post(
  '/',
  requireAuth,
  (req: Request<unknown, Appointment | ApiError, NewAppointment>, res: Response<Appointment | ApiError>) => {
    const c = checkBody(req.body);
    if (c.ok) {
      c.string('patientId');
      c.integer('practitionerId', { min: 1 });
      c.dateTime('start');
      c.dateTime('end');
      c.string('reason', { max: 200 });
      if (c.ok && !db.patients.has(req.body.patientId)) c.issues.push({ field: 'patientId', issue: 'unknown patient' });
      if (c.ok && !db.practitioners.get(req.body.practitionerId)?.active) {
        c.issues.push({ field: 'practitionerId', issue: 'unknown or inactive practitioner' });
      }
      if (c.ok && Date.parse(req.body.end) <= Date.parse(req.body.start)) {
        c.issues.push({ field: 'end', issue: 'must be after start' });
      }
    }
    if (!c.ok) {
      res.status(400).json({ error: 'validation_error', message: 'Invalid appointment', details: c.issues });
      return;
    }
    const { patientId, practitionerId, start, end, reason } = req.body;
    const clash = findClash(practitionerId, start, end);
    if (clash) {
      res.status(409).json({ error: 'slot_taken', message: `Practitioner already booked from ${clash.start} to ${clash.end}` });
      return;
    }
    const appointment: Appointment = {
      id: prefixedId('apt'),
      patientId,
      practitionerId,
      start,
      end,
      status: 'booked',
      reason,
      cancelledAt: null,
      cancellationReason: null,
    };
    db.appointments.set(appointment.id, appointment);
    res.status(201).json(appointment);
  },
);

// GET /appointments/:id
appointmentsRouter.get('/:id', requireAuth, (req: Request<IdParams>, res: Response<Appointment | ApiError>) => {
  const appointment = db.appointments.get(req.params.id);
  if (!appointment) {
    res.status(404).json({ error: 'not_found', message: 'Appointment not found' });
    return;
  }
  res.json(appointment);
});

// PATCH /appointments/:id — reschedule or change the reason of a booked appointment
appointmentsRouter.patch(
  '/:id',
  requireAuth,
  (req: Request<IdParams, Appointment | ApiError, AppointmentPatch>, res: Response<Appointment | ApiError>) => {
    const appointment = db.appointments.get(req.params.id);
    if (!appointment) {
      res.status(404).json({ error: 'not_found', message: 'Appointment not found' });
      return;
    }
    const c = checkBody(req.body);
    if (c.ok) {
      c.dateTime('start', { required: false });
      c.dateTime('end', { required: false });
      c.string('reason', { required: false, max: 200 });
    }
    if (!c.ok) {
      res.status(400).json({ error: 'validation_error', message: 'Invalid change', details: c.issues });
      return;
    }
    if (appointment.status !== 'booked') {
      res.status(409).json({ error: 'not_booked', message: `Appointment is ${appointment.status}` });
      return;
    }
    const start = req.body.start ?? appointment.start;
    const end = req.body.end ?? appointment.end;
    if (Date.parse(end) <= Date.parse(start)) {
      res.status(400).json({
        error: 'validation_error',
        message: 'Invalid change',
        details: [{ field: 'end', issue: 'must be after start' }],
      });
      return;
    }
    const clash = findClash(appointment.practitionerId, start, end, appointment.id);
    if (clash) {
      res.status(409).json({ error: 'slot_taken', message: `Practitioner already booked from ${clash.start} to ${clash.end}` });
      return;
    }
    const updated: Appointment = { ...appointment, start, end, reason: req.body.reason ?? appointment.reason };
    db.appointments.set(updated.id, updated);
    res.json(updated);
  },
);

// POST /appointments/:id/cancel
appointmentsRouter.post(
  '/:id/cancel',
  requireAuth,
  (req: Request<IdParams, Appointment | ApiError, CancelAppointment | undefined>, res: Response<Appointment | ApiError>) => {
    const appointment = db.appointments.get(req.params.id);
    if (!appointment) {
      res.status(404).json({ error: 'not_found', message: 'Appointment not found' });
      return;
    }
    if (appointment.status !== 'booked') {
      res.status(409).json({ error: 'not_booked', message: `Appointment is ${appointment.status}` });
      return;
    }
    const reason = typeof req.body?.reason === 'string' && req.body.reason ? req.body.reason : 'Not given';
    const cancelled: Appointment = { ...appointment, status: 'cancelled', cancelledAt: nowIso(), cancellationReason: reason };
    db.appointments.set(cancelled.id, cancelled);
    res.json(cancelled);
  },
);
