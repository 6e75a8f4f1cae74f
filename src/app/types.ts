import type { JobMessage } from '../jobs/index.js';
import type { JobQueue } from '../queue/index.js';
import type { Store } from '../store/index.js';

/** The queue as the App uses it: it carries the job messages of `jobs/`. */
export type AppQueue = JobQueue<JobMessage>;

/** What the webhook handlers need: somewhere to put jobs, and the store for delivery dedupe. */
export interface AppDeps {
  queue: AppQueue;
  store: Store;
  /** This app's id: check run events of other apps are ignored. */
  appId?: number;
  /** Serve `POST /specwatch/ingest` (traffic samples) from the same server. Default true. */
  ingest?: boolean;
  /** Secret keying the ingestion sketches. */
  sketchSecret?: string;
}
