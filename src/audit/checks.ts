import type { AnyAuditCheck } from '../engine/types.js';
import { tlsCheck } from './tls.js';

/** The audit's own checks: the go-live items no step changes, in report order. */
export const AUDIT_CHECKS: readonly AnyAuditCheck[] = [tlsCheck];
