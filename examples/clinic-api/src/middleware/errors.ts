import type { NextFunction, Request, Response } from 'express';
import type { ApiError } from '../types/index.js';

/** Fallback for any path or method no router answered. */
export function notFound(req: Request, res: Response<ApiError>): void {
  res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` });
}

interface HttpError extends Error {
  status?: number;
  type?: string;
}

export function errorHandler(err: HttpError, _req: Request, res: Response<ApiError>, _next: NextFunction): void {
  if (err.type === 'entity.parse.failed') {
    res.status(400).json({ error: 'invalid_json', message: 'Request body is not valid JSON' });
    return;
  }
  if (err.type === 'entity.too.large') {
    res.status(413).json({ error: 'payload_too_large', message: 'Request body is too large' });
    return;
  }
  console.error(err);
  res.status(500).json({ error: 'internal_error', message: 'Something went wrong' });
}
