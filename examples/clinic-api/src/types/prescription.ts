import type { IsoDate } from './common.js';

export type PrescriptionStatus = 'active' | 'completed' | 'stopped';

export interface Medication {
  name: string;
  rxnormCode: string;
  strength: string;
}

export interface Prescription {
  id: string;
  patientId: string;
  prescriberId: number;
  medication: Medication;
  dosageInstructions: string;
  quantity: number;
  refills: number;
  status: PrescriptionStatus;
  writtenOn: IsoDate;
}

/** Body of `POST /prescriptions`. */
export interface NewPrescription {
  patientId: string;
  prescriberId: number;
  medication: Medication;
  dosageInstructions: string;
  quantity: number;
  refills: number;
}

export interface PrescriptionListQuery {
  patientId?: string;
  status?: string;
}
