/**
 * The CloudNativePG objects docker/k8s renders (postgresql.cnpg.io/v1 Cluster and ScheduledBackup,
 * barmancloud.cnpg.io/v1 ObjectStore), as TypeScript types that k8s-manifests.spec.ts checks the
 * rendered objects against (an unknown or misspelt field is an excess property there).
 *
 * No npm package carries these CRDs' schemas, so this is a hand-written SUBSET, from the
 * operator's API reference (CloudNativePG 1.27, Barman Cloud plugin 0.6): the fields the manifests
 * use, plus their close relatives, with the value sets the operator accepts. A field the manifests
 * need and this file lacks is added here, from that reference, in the same change.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';

type ObjectMeta = NonNullable<IDeployment['metadata']>;

interface LocalObjectReference {
  name: string;
}

interface RoleConfiguration {
  name: string;
  ensure?: 'present' | 'absent';
  comment?: string;
  login?: boolean;
  superuser?: boolean;
  createdb?: boolean;
  createrole?: boolean;
  inherit?: boolean;
  replication?: boolean;
  bypassrls?: boolean;
  connectionLimit?: number;
  validUntil?: string;
  inRoles?: string[];
  passwordSecret?: LocalObjectReference;
  disablePassword?: boolean;
}

interface PluginConfiguration {
  name: string;
  enabled?: boolean;
  isWALArchiver?: boolean;
  parameters?: Record<string, string>;
}

interface RecoveryTarget {
  backupID?: string;
  targetTLI?: string;
  targetXID?: string;
  targetName?: string;
  targetLSN?: string;
  /** RFC 3339 */
  targetTime?: string;
  targetImmediate?: boolean;
  exclusive?: boolean;
}

interface StorageConfiguration {
  size?: string;
  storageClass?: string;
  resizeInUseVolumes?: boolean;
}

export interface ICluster {
  apiVersion: 'postgresql.cnpg.io/v1';
  kind: 'Cluster';
  metadata: ObjectMeta;
  spec: {
    instances: number;
    imageName?: string;
    enableSuperuserAccess?: boolean;
    superuserSecret?: LocalObjectReference;
    primaryUpdateStrategy?: 'unsupervised' | 'supervised';
    primaryUpdateMethod?: 'switchover' | 'restart';
    bootstrap?: {
      initdb?: {
        database?: string;
        owner?: string;
        secret?: LocalObjectReference;
        encoding?: string;
        localeCollate?: string;
        localeCType?: string;
        dataChecksums?: boolean;
      };
      recovery?: {
        source?: string;
        database?: string;
        owner?: string;
        secret?: LocalObjectReference;
        backup?: LocalObjectReference;
        recoveryTarget?: RecoveryTarget;
      };
    };
    externalClusters?: {
      name: string;
      plugin?: PluginConfiguration;
      connectionParameters?: Record<string, string>;
    }[];
    managed?: { roles?: RoleConfiguration[] };
    postgresql?: {
      parameters?: Record<string, string>;
      pg_hba?: string[];
      pg_ident?: string[];
      synchronous?: {
        method: 'any' | 'first';
        number: number;
        dataDurability?: 'required' | 'preferred';
        maxStandbyNamesFromCluster?: number;
      };
    };
    storage?: StorageConfiguration;
    walStorage?: StorageConfiguration;
    resources?: IResourceRequirements;
    affinity?: {
      enablePodAntiAffinity?: boolean;
      topologyKey?: string;
      podAntiAffinityType?: 'preferred' | 'required';
      nodeSelector?: Record<string, string>;
    };
    plugins?: PluginConfiguration[];
    serviceAccountTemplate?: {
      metadata: { annotations?: Record<string, string>; labels?: Record<string, string> };
    };
    monitoring?: { enablePodMonitor?: boolean };
  };
}

export interface IScheduledBackup {
  apiVersion: 'postgresql.cnpg.io/v1';
  kind: 'ScheduledBackup';
  metadata: ObjectMeta;
  spec: {
    /** Six fields, seconds first (robfig/cron). */
    schedule: string;
    cluster: LocalObjectReference;
    method?: 'barmanObjectStore' | 'volumeSnapshot' | 'plugin';
    pluginConfiguration?: { name: string; parameters?: Record<string, string> };
    backupOwnerReference?: 'none' | 'self' | 'cluster';
    immediate?: boolean;
    suspend?: boolean;
    target?: 'primary' | 'prefer-standby';
  };
}

type Compression = 'bzip2' | 'gzip' | 'lz4' | 'snappy' | 'xz' | 'zstd';
type Encryption = 'AES256' | 'aws:kms';
interface SecretKeySelector {
  name: string;
  key: string;
}

export interface IObjectStore {
  apiVersion: 'barmancloud.cnpg.io/v1';
  kind: 'ObjectStore';
  metadata: ObjectMeta;
  spec: {
    /** e.g. 30d, 4w, 6m */
    retentionPolicy?: string;
    configuration: {
      destinationPath: string;
      endpointURL?: string;
      endpointCA?: SecretKeySelector;
      serverName?: string;
      s3Credentials?: {
        inheritFromIAMRole?: boolean;
        accessKeyId?: SecretKeySelector;
        secretAccessKey?: SecretKeySelector;
        region?: SecretKeySelector;
        sessionToken?: SecretKeySelector;
      };
      wal?: { compression?: Compression; encryption?: Encryption; maxParallel?: number };
      data?: {
        compression?: Compression;
        encryption?: Encryption;
        jobs?: number;
        immediateCheckpoint?: boolean;
      };
    };
  };
}

/** A ScheduledBackup's schedule: six cron fields (seconds first), as the operator requires. */
export const SIX_FIELD_CRON = /^(\S+\s+){5}\S+$/;
/** An ObjectStore's retention policy. */
export const RETENTION_POLICY = /^[1-9][0-9]*[dwm]$/;
