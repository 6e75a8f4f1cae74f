import type { NextFunction, Request, Response } from 'express';
import type { ApiError } from '../types/index.js';

export interface AuthenticatedUser {
  subject: string;
  role: 'clinician' | 'front-desk' | 'billing';
}

/**
 * Demo bearer tokens. A real deployment validates JWTs from the identity
 * provider; the tokens here are fixed so the example runs without one.
 */
const TOKENS: Record<string, AuthenticatedUser> = {
  'demo-clinician-token': { subject: 'dr.hypothetical', role: 'clinician' },
  'demo-frontdesk-token': { subject: 'frontdesk.1', role: 'front-desk' },
  'demo-billing-token': { subject: 'billing.svc', role: 'billing' },
};

function unauthorized(res: Response<ApiError>, message: string): void {
  res.set('WWW-Authenticate', 'Bearer realm="clinic-api"');
  res.status(401).json({ error: 'unauthorized', message });
}

/**
 * Rejects the request with 401 unless it carries a known bearer token.
 * Generic over the route's params so it composes with typed handlers.
 */
export function requireAuth<P>(req: Request<P>, res: Response, next: NextFunction): void {
  const header = req.get('authorization');
  if (!header) {
    unauthorized(res, 'Missing Authorization header');
    return;
  }
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    unauthorized(res, 'Authorization header must use the Bearer scheme');
    return;
  }
  const user = TOKENS[token];
  if (!user) {
    unauthorized(res, 'Invalid or expired token');
    return;
  }
  res.locals.user = user;
  next();
}
