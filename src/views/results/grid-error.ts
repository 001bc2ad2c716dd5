// How a statement's failure reaches the results grid: the fields the grid's error banner shows
// (class and SQLSTATE above the message, the details disclosure below), from the runner's failure.
import type { GridError, GridErrorReason } from '../../protocol/grid';
import type { ResultFailure } from '../presenters';

export function gridError(f: ResultFailure): GridError {
  const reason: GridErrorReason = f.cancelled ? 'cancelled'
    : f.reason === 'analysis' || f.reason === 'runtime' || f.reason === 'unavailable' || f.reason === 'auth' || f.reason === 'deadline' ? f.reason
      : f.reason === 'protocol' || f.reason === 'config' ? 'internal'
        : 'runtime';
  return {
    reason, message: f.message,
    ...(f.errorClass !== undefined ? { errorClass: f.errorClass } : {}),
    ...(f.sqlState !== undefined ? { sqlState: f.sqlState } : {}),
    ...(f.detail !== undefined && !f.cancelled ? { detail: f.detail } : {}),
  };
}
