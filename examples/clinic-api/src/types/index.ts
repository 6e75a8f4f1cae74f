export type * from './appointment.js';
export type * from './common.js';
export type * from './coverage.js';
export type * from './patient.js';
export type * from './practitioner.js';
export type * from './prescription.js';
