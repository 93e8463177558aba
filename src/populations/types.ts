import type { Interval } from './policy.js';

/** A bundle by name and identity (the sha256 of its tag manifest). */
export interface BundleId {
  bundle: string;
  digest: string;
}

/**
 * `run.json` `populations[]`: for one population type and scope, what this bundle read from the provider and
 * which earlier bundles hold the rest of the observation window.
 */
export interface PopulationEntry {
  type: string;
  scope: string;
  /** What this bundle read from the provider: `[from, to)`. */
  from: string;
  to: string;
  /**
   * `full`: the window as far as the provider's retention allows (first run, `--full`, no usable previous bundle);
   * `incremental`: from the previous bundle's `to` less the provider's overlap.
   */
  how: 'full' | 'incremental';
  /** Why this way, in words (`first run`, `--full`, `previous bundle X fails verification`, `continues X`). */
  reason: string;
  /**
   * Incremental: the earlier bundle this one continues. Its entry for the same type and scope links further back,
   * down to a full read: the chain of bundles that together hold the window, each link checked by digest.
   */
  base?: BundleId;
  /** Stretches of the window that no bundle of the chain covers and the provider no longer holds (beyond its retention). */
  holes: Interval[];
}
