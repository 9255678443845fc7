/** Why a pipeline request was refused, in terms the API maps to a status code (in parentheses). */
export type PipelineErrorKind =
  | 'bad-input' // 400: malformed, or a repo whose build is not SUCCESS
  | 'forbidden' // 403: a label name that is reserved or leaves the repo root
  | 'not-found' // 404: no such repo, job, node or label
  | 'conflict' // 409: the label already holds it, a promoter pass is running, the node is busy
  | 'gone'; // 410: the repo was purged

export const STATUS_OF: Record<PipelineErrorKind, number> = { 'bad-input': 400, forbidden: 403, 'not-found': 404, conflict: 409, gone: 410 };

export class PipelineError extends Error {
  override name = 'PipelineError';
  constructor(
    readonly kind: PipelineErrorKind,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS_OF[this.kind];
  }
}
