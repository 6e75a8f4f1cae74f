import { randomBytes, randomUUID } from 'node:crypto';
import type { Allergy, Appointment, Coverage, Patient, Practitioner, Prescription } from '../types/index.js';
import * as seed from './seed.js';

/** What the store keeps for a patient: the API resource plus its allergy list. */
export interface PatientRecord extends Patient {
  allergies: Allergy[];
}

/**
 * In-memory data store, seeded at start-up. Good enough for a demo; a real
 * deployment would put a database behind the same functions.
 */
export const db = {
  patients: new Map<string, PatientRecord>(seed.patients.map((p) => [p.id, structuredClone(p)])),
  practitioners: new Map<number, Practitioner>(seed.practitioners.map((p) => [p.id, structuredClone(p)])),
  appointments: new Map<string, Appointment>(seed.appointments.map((a) => [a.id, structuredClone(a)])),
  prescriptions: new Map<string, Prescription>(seed.prescriptions.map((r) => [r.id, structuredClone(r)])),
  coverage: new Map<string, Coverage>(seed.coverage.map((c) => [c.id, structuredClone(c)])),
};

let mrnCounter = 401_500;

export function nextMrn(): string {
  mrnCounter += 37;
  return `MRN-${String(mrnCounter).padStart(7, '0')}`;
}

export function newPatientId(): string {
  return randomUUID();
}

export function nextPractitionerId(): number {
  return Math.max(...db.practitioners.keys()) + 1;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** Stripe-style prefixed id, e.g. `apt_3kP9xQ2mZt7w`. */
export function prefixedId(prefix: string, length = 12): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${id}`;
}

let rxCounter = 52_600;

export function nextPrescriptionId(): string {
  rxCounter += 13;
  return `rx_${String(rxCounter).padStart(6, '0')}`;
}

export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
