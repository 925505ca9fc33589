export {
  AUDIT_ACTIONS,
  GENESIS_HASH,
  canonicalJson,
  canonicalTimestamp,
  chainHash,
  type AuditAction,
  type AuditEventInput,
  type AuditRecord,
} from './audit-event.js';
export { AuditWriter, AuditValidationError, AUDIT_CHAIN_LOCK_KEY } from './audit-writer.js';
export { verifyAuditChain, type AuditChainResult } from './audit-verifier.js';
export {
  AuditAnchor,
  FileCheckpointStore,
  checkpointText,
  verifyAuditAnchors,
  type AnchorResult,
  type AuditCheckpoint,
  type CheckpointStore,
} from './audit-anchor.js';
