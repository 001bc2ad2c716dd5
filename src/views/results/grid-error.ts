// How a statement's failure reaches the results grid: the fields the grid's error banner shows
// (class and SQLSTATE above the message, the details disclosure below), from the runner's failure.
import type { SparkConnectErrorReason } from '../../connect/errors';
import type { GridError, GridErrorReason } from '../../protocol/grid';
import type { ResultFailure } from '../../engine/result-sink';

/** The client's failure reasons in the grid's words (every reason listed, so a new one must be mapped). */
const GRID_REASON: Readonly<Record<SparkConnectErrorReason, GridErrorReason>> = {
  analysis: 'analysis',
  runtime: 'runtime',
  unavailable: 'unavailable',
  auth: 'auth',
  deadline: 'deadline',
  cancelled: 'cancelled',
  'invalid-argument': 'runtime',
  unknown: 'runtime',
  protocol: 'internal',
  config: 'internal',
};

export function gridError(f: ResultFailure): GridError {
  const reason: GridErrorReason = f.cancelled ? 'cancelled' : f.reason !== undefined ? GRID_REASON[f.reason] : 'runtime';
  return {
    reason, message: f.message,
    ...(f.errorClass !== undefined ? { errorClass: f.errorClass } : {}),
    ...(f.sqlState !== undefined ? { sqlState: f.sqlState } : {}),
    ...(f.detail !== undefined && !f.cancelled ? { detail: f.detail } : {}),
  };
}
