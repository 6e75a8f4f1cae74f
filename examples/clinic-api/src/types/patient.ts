import type { Address, IsoDate, IsoDateTime } from './common.js';

export type AdministrativeSex = 'female' | 'male' | 'other' | 'unknown';

/** A patient as returned by the API. */
export interface Patient {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  sex: AdministrativeSex;
  email?: string;
  phone?: string;
  address?: Address;
  ssn?: string;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

/** Body of `POST /patients`. */
export interface NewPatient {
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  sex: AdministrativeSex;
  email?: string;
  phone?: string;
  address?: Address;
}

/** Body of `PUT /patients/:id` (full replacement of the editable fields). */
export type PatientUpdate = NewPatient;

export interface PatientListQuery {
  familyName?: string;
  birthDate?: string;
  limit?: string;
  offset?: string;
}

export type AllergySeverity = 'mild' | 'moderate' | 'severe';

export interface Allergy {
  id: string;
  substance: string;
  reaction: string;
  severity: AllergySeverity;
  recordedAt: IsoDate;
}
