import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';

/**
 * The hash chain proves that no event was altered, inserted or removed in the middle; it cannot
 * prove that the newest events were not cut off, since the shortened chain is still a valid chain.
 * A checkpoint is the head of the chain (seq and hash) signed with the cases service's Ed25519
 * key and written on a schedule to an append-only place outside the database (a file on storage
 * the operator chooses: WORM storage, a mount the database host cannot write, a log shipper's
 * input). `verifyAuditAnchors` then reports a chain that ends before an anchored event, or whose
 * anchored event differs. Events written after the newest checkpoint are covered from the next
 * one on: the interval bounds what can go unnoticed (docs/audit.md).
 */
export interface AuditCheckpoint {
  v: 1;
  /** audit.events.seq of the head when the checkpoint was taken (a bigint, as text). */
  seq: string;
  hash: string;
  /** When the checkpoint was taken (ISO 8601, UTC). */
  at: string;
  /** Ed25519 over `checkpointText(...)`, base64. */
  signature: string;
}

/** What is signed: a fixed label first, so a checkpoint signature is never valid as anything else. */
export function checkpointText(c: Pick<AuditCheckpoint, 'seq' | 'hash' | 'at'>): Buffer {
  return Buffer.from(`scp-audit-checkpoint-v1\n${c.seq}\n${c.hash}\n${c.at}`, 'utf8');
}

/** Where checkpoints go: appended to, never rewritten. */
export interface CheckpointStore {
  append(checkpoint: AuditCheckpoint): Promise<void>;
  readAll(): Promise<AuditCheckpoint[]>;
  readonly description: string;
}

/** One JSON line per checkpoint, opened for appending only (O_APPEND). */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly file: string) {}

  get description(): string {
    return this.file;
  }

  async append(checkpoint: AuditCheckpoint): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    await fs.promises.appendFile(this.file, `${JSON.stringify(checkpoint)}\n`, { flag: 'a', mode: 0o600 });
  }

  async readAll(): Promise<AuditCheckpoint[]> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return text
      .split('\n')
      .filter((line) => line.trim())
      .map((line, i) => {
        try {
          return JSON.parse(line) as AuditCheckpoint;
        } catch {
          throw new Error(`${this.file}: line ${i + 1} is not a checkpoint`);
        }
      });
  }
}

const privateKeyOf = (key: KeyObject | string) =>
  typeof key === 'string' ? createPrivateKey(key.replace(/\\n/g, '\n')) : key;
const publicKeyOf = (key: KeyObject | string) =>
  typeof key === 'string' ? createPublicKey(key.replace(/\\n/g, '\n')) : key;

async function head(ds: DataSource): Promise<{ seq: string; hash: string } | undefined> {
  // raw SQL: the chain's head (seq as text: bigint beyond JS numbers)
  const [row]: { seq: string; hash: string }[] = await ds.query(
    `SELECT seq::text AS seq, hash FROM audit.events ORDER BY seq DESC LIMIT 1`,
  );
  return row;
}

/** Takes checkpoints of the chain's head: on demand, or on a schedule. */
export class AuditAnchor {
  private readonly key: KeyObject;
  private lastSeq?: string;

  constructor(
    private readonly ds: DataSource,
    privateKey: KeyObject | string,
    readonly store: CheckpointStore,
  ) {
    this.key = privateKeyOf(privateKey);
    if (this.key.asymmetricKeyType !== 'ed25519') throw new Error('audit checkpoints need an Ed25519 key');
  }

  /** Appends a checkpoint of the current head; none when the log is empty or the head is unchanged. */
  async checkpoint(now = new Date()): Promise<AuditCheckpoint | null> {
    const h = await head(this.ds);
    if (!h || h.seq === this.lastSeq) return null;
    const unsigned = { seq: h.seq, hash: h.hash, at: now.toISOString() };
    const checkpoint: AuditCheckpoint = {
      v: 1,
      ...unsigned,
      signature: sign(null, checkpointText(unsigned), this.key).toString('base64'),
    };
    await this.store.append(checkpoint);
    this.lastSeq = h.seq;
    return checkpoint;
  }

  /** Checkpoints every `intervalMs` (and once at once); the returned function stops it. */
  schedule(intervalMs: number, onError: (e: unknown) => void): () => Promise<void> {
    let running: Promise<unknown> = this.checkpoint().catch(onError);
    const timer = setInterval(() => {
      running = running.then(() => this.checkpoint()).catch(onError);
    }, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
      // One last checkpoint on the way out: a clean shutdown leaves nothing unanchored.
      await this.checkpoint().catch(onError);
    };
  }
}

export interface AnchorResult {
  ok: boolean;
  /** Checkpoints whose signature and anchored event were checked. */
  checked: number;
  /** The newest anchored seq, when there is a checkpoint. */
  anchoredSeq?: string;
  problem?: string;
}

/**
 * Checks every checkpoint against audit.events: the signature (made with the cases service's key),
 * and that the anchored event is still there with the anchored hash. The chain walk
 * (`verifyAuditChain`) proves the rest: every event before an anchored one is intact.
 */
export async function verifyAuditAnchors(
  ds: DataSource,
  checkpoints: AuditCheckpoint[],
  publicKey: KeyObject | string,
): Promise<AnchorResult> {
  const key = publicKeyOf(publicKey);
  for (const [i, c] of checkpoints.entries()) {
    const wellFormed =
      c?.v === 1 && /^\d+$/.test(c.seq) && /^[0-9a-f]{64}$/.test(c.hash) && typeof c.signature === 'string';
    if (!wellFormed || !verify(null, checkpointText(c), key, Buffer.from(c.signature, 'base64')))
      return {
        ok: false,
        checked: i,
        problem: `checkpoint ${i + 1} is not signed by the cases service's key`,
      };
  }
  if (checkpoints.length === 0) return { ok: true, checked: 0 };
  // raw SQL: the chain's links at the anchored seqs (bigint as text)
  const rows: { seq: string; hash: string }[] = await ds.query(
    `SELECT seq::text AS seq, hash FROM audit.events WHERE seq = ANY($1::bigint[])`,
    [[...new Set(checkpoints.map((c) => c.seq))]],
  );
  const hashes = new Map(rows.map((r) => [r.seq, r.hash]));
  const last = (await head(ds))?.seq ?? '0';
  let anchoredSeq = '0';
  for (const [i, c] of checkpoints.entries()) {
    if (BigInt(c.seq) > BigInt(anchoredSeq)) anchoredSeq = c.seq;
    const hash = hashes.get(c.seq);
    if (hash === undefined) {
      const problem =
        BigInt(c.seq) > BigInt(last)
          ? `the log ends at seq ${last}, but seq ${c.seq} was anchored at ${c.at}: events were removed from its end`
          : `event seq ${c.seq}, anchored at ${c.at}, is missing`;
      return { ok: false, checked: i, anchoredSeq, problem };
    }
    if (hash !== c.hash)
      return {
        ok: false,
        checked: i,
        anchoredSeq,
        problem: `event seq ${c.seq} differs from the one anchored at ${c.at}`,
      };
  }
  return { ok: true, checked: checkpoints.length, anchoredSeq };
}
