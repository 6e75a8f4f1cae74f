import type { IsoDateTime } from './common.js';

export type AppointmentStatus = 'booked' | 'completed' | 'cancelled' | 'noshow';

export interface Appointment {
  id: string;
  patientId: string;
  practitionerId: number;
  start: IsoDateTime;
  end: IsoDateTime;
  status: AppointmentStatus;
  reason: string;
  cancelledAt: IsoDateTime | null;
  cancellationReason: string | null;
}

/** Body of `POST /appointments`. */
export interface NewAppointment {
  patientId: string;
  practitionerId: number;
  start: IsoDateTime;
  end: IsoDateTime;
  reason: string;
}

/** Body of `PATCH /appointments/:id` (reschedule or edit the reason). */
export interface AppointmentPatch {
  start?: IsoDateTime;
  end?: IsoDateTime;
  reason?: string;
}

/** Body of `POST /appointments/:id/cancel`. */
export interface CancelAppointment {
  reason?: string;
}

export interface AppointmentListQuery {
  patientId?: string;
  practitionerId?: string;
  date?: string;
  status?: string;
}
