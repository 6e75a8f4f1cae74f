export type Specialty = 'family-medicine' | 'cardiology' | 'dermatology' | 'pediatrics' | 'orthopedics' | 'psychiatry';

export interface Practitioner {
  id: number;
  npi: string;
  givenName: string;
  familyName: string;
  specialty: Specialty;
  email: string;
  phone: string;
  active: boolean;
}

/** Body of `POST /practitioners`. */
export interface NewPractitioner {
  npi: string;
  givenName: string;
  familyName: string;
  specialty: Specialty;
  email: string;
  phone: string;
}

export interface PractitionerListQuery {
  specialty?: string;
}
