import { ReferralsInit1767225601100 } from './1767225601100-referrals-init.js';
import { ReferralsClinicReplica1767225601200 } from './1767225601200-clinic-replica.js';
import { ReferralsOutboxPurge1767225601300 } from './1767225601300-outbox-purge.js';
import { ReferralsFreeTextRefusals1767225601400 } from './1767225601400-free-text-refusals.js';

export { REFERRAL_STATUSES } from './1767225601100-referrals-init.js';

/** Migrations of the referrals service, in order. */
export const referralsMigrations = [
  ReferralsInit1767225601100,
  ReferralsClinicReplica1767225601200,
  ReferralsOutboxPurge1767225601300,
  ReferralsFreeTextRefusals1767225601400,
];
