import type { AnyAuditCheck } from '../engine/types.js';
import { intrusionCheck } from './intrusion.js';
import { servicesCheck } from './services.js';

/** The audit's own checks: the go-live items no step changes, in report order. */
export const AUDIT_CHECKS: readonly AnyAuditCheck[] = [servicesCheck, intrusionCheck];
