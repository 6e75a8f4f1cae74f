import express, { Router } from 'express';
import { errorHandler, notFound } from './middleware/errors.js';
import { appointmentsRouter } from './routes/appointments.js';
import { coverageRouter } from './routes/coverage.js';
import { patientsRouter } from './routes/patients.js';
import { practitionersRouter } from './routes/practitioners.js';
import { prescriptionsRouter } from './routes/prescriptions.js';

export function createApp(): express.Express {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(express.json({ limit: '100kb' }));

  const api = Router();
  api.use('/patients', patientsRouter);
  api.use('/practitioners', practitionersRouter);
  api.use('/appointments', appointmentsRouter);
  api.use('/prescriptions', prescriptionsRouter);
  api.use('/coverage', coverageRouter);

  app.use('/api/v1', api);

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
