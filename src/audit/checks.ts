import type { AnyAuditCheck } from '../engine/types.js';
import { containersCheck } from './containers.js';
import { intrusionCheck } from './intrusion.js';
import { servicesCheck } from './services.js';
import { tlsCheck } from './tls.js';

/** The audit's own checks: the go-live items no step changes (report order comes from src/audit/order.ts). */
export const AUDIT_CHECKS: readonly AnyAuditCheck[] = [tlsCheck, servicesCheck, containersCheck, intrusionCheck];
