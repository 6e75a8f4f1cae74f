import type { IsoDate } from './common.js';

export type SubscriberRelationship = 'self' | 'spouse' | 'child' | 'other';
export type CoverageStatus = 'active' | 'cancelled' | 'draft';

export interface Subscriber {
  name: string;
  birthDate: IsoDate;
  relationship: SubscriberRelationship;
}

/** An insurance coverage (health plan membership) of a patient. */
export interface Coverage {
  id: string;
  patientId: string;
  payer: string;
  planName: string;
  memberId: string;
  groupNumber: string;
  subscriber: Subscriber;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  status: CoverageStatus;
}

/** Body of `POST /coverage`. */
export interface NewCoverage {
  patientId: string;
  payer: string;
  planName: string;
  memberId: string;
  groupNumber: string;
  subscriber: Subscriber;
  effectiveFrom: IsoDate;
  effectiveTo?: IsoDate | null;
}

export interface CoverageListQuery {
  patientId?: string;
}
