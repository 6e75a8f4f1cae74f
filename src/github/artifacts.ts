import type { GitHub, RepoRef } from './types.js';
import { unzip } from './unzip.js';

/** Largest artifact read, zipped and uncompressed: generated specs and capture files, not build outputs. */
export const MAX_ARTIFACT_BYTES = 100 * 1024 * 1024;

/**
 * The files of a workflow run's artifact named `name`, as text keyed by path inside the artifact; undefined when
 * the run has no such artifact (or it expired).
 */
export async function readRunArtifact(params: {
  gh: GitHub;
  ref: RepoRef;
  runId: number;
  name: string;
  maxBytes?: number;
}): Promise<Record<string, string> | undefined> {
  const { gh, ref, runId, name } = params;
  const { data } = await gh.rest.actions.listWorkflowRunArtifacts({
    owner: ref.owner,
    repo: ref.repo,
    run_id: runId,
    name,
    per_page: 100,
  });
  const artifact = data.artifacts.find((a) => a.name === name && !a.expired);
  if (!artifact) return undefined;
  const maxBytes = params.maxBytes ?? MAX_ARTIFACT_BYTES;
  // Checked before the download: the archive is held in memory whole.
  if (artifact.size_in_bytes !== undefined && artifact.size_in_bytes > maxBytes)
    throw new Error(
      `artifact ${name} is ${artifact.size_in_bytes} bytes, over the ${maxBytes}-byte limit; not downloaded`,
    );
  const response = await gh.rest.actions.downloadArtifact({
    owner: ref.owner,
    repo: ref.repo,
    artifact_id: artifact.id,
    archive_format: 'zip',
  });
  const archive = Buffer.from(response.data as ArrayBuffer);
  const files: Record<string, string> = {};
  if (archive.length > maxBytes)
    throw new Error(`artifact ${name} is ${archive.length} bytes, over the ${maxBytes}-byte limit; not read`);
  for (const entry of unzip(archive, maxBytes)) files[entry.path] = entry.content.toString('utf8');
  return files;
}
