import type { GitHub } from '../github/index.js';

interface RedeliverLog {
  info(message: string): void;
  warn(message: string): void;
}

/** One webhook delivery as `GET /app/hook/deliveries` lists it. */
interface HookDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  event: string;
}

/** What one redelivery pass did. */
export interface RedeliveryResult {
  /** Deliveries listed within the window. */
  listed: number;
  /** Events whose every attempt failed. */
  failed: number;
  /** Redeliveries requested. */
  redelivered: number;
}

/** Redeliveries asked for one event before it is left alone (it keeps failing for a reason of its own). */
export const MAX_REDELIVERIES = 3;

const nextCursor = (link: string | undefined): string | undefined =>
  link ? /[?&]cursor=([^&>]+)[^>]*>;\s*rel="next"/.exec(link)?.[1] : undefined;

/**
 * GitHub never redelivers a failed webhook by itself. This pass lists the App's recent deliveries (newest first,
 * back to `since`), groups them by event (`guid`: the same across redeliveries), and for each event none of whose
 * attempts was answered 2xx — a 503 while the store and the queue were down, a timeout, a replica that was not
 * there — asks GitHub to deliver it again (`POST /app/hook/deliveries/{id}/attempts`), at most
 * {@link MAX_REDELIVERIES} times per event. `gh` must be authenticated as the App (a JWT), not an installation.
 */
export async function redeliverFailed(params: {
  gh: GitHub;
  since: Date;
  log: RedeliverLog;
  maxPages?: number;
}): Promise<RedeliveryResult> {
  const { gh, log } = params;
  const byGuid = new Map<string, HookDelivery[]>();
  let listed = 0;
  let cursor: string | undefined;
  for (let page = 0; page < (params.maxPages ?? 10); page++) {
    const response = await gh.request('GET /app/hook/deliveries', {
      per_page: 100,
      ...(cursor ? { cursor } : {}),
    });
    const deliveries = response.data as HookDelivery[];
    let older = false;
    for (const delivery of deliveries) {
      if (new Date(delivery.delivered_at) < params.since) {
        older = true;
        continue;
      }
      listed++;
      const attempts = byGuid.get(delivery.guid) ?? [];
      attempts.push(delivery);
      byGuid.set(delivery.guid, attempts);
    }
    cursor = nextCursor(response.headers.link);
    if (older || !cursor || deliveries.length === 0) break;
  }
  let failed = 0;
  let redelivered = 0;
  for (const [guid, attempts] of byGuid) {
    if (attempts.some((a) => a.status_code >= 200 && a.status_code < 300)) continue;
    failed++;
    if (attempts.filter((a) => a.redelivery).length >= MAX_REDELIVERIES) continue;
    const latest = attempts.reduce((a, b) => (b.id > a.id ? b : a));
    try {
      await gh.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: latest.id });
      redelivered++;
      log.info(`redelivery: asked GitHub to deliver ${latest.event} ${guid} again (last answer ${latest.status_code})`);
    } catch (error) {
      log.warn(`redelivery of ${guid}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { listed, failed, redelivered };
}
