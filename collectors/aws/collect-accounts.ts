/** The skeleton both AWS collectors share: discover accounts, plan every (type, scope), open each account, fan out. */
import type { CollectContext, CollectorEvent, EvidenceType } from '../../src/types.js';
import { listTargets, openAccount, type OpenAccount } from './accounts.js';
import type { AwsConfig } from './config.js';
import { errorEvent } from './errors.js';
import { fanOut } from '../../src/collector-kit.js';

/** Why: both AWS collectors need the same accounts; the run discovers and opens each one once. */
function once<T>(ctx: CollectContext<AwsConfig>, key: string, make: () => Promise<T>): Promise<T> {
  let p = ctx.shared.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    ctx.shared.set(key, p);
  }
  return p;
}

export async function* collectAccounts(
  ctx: CollectContext<AwsConfig>,
  types: EvidenceType[],
  scopesOf: (account: string) => string[],
  work: (account: OpenAccount) => AsyncIterable<CollectorEvent>,
): AsyncGenerator<CollectorEvent> {
  let targets;
  try {
    targets = await once(ctx, 'aws:targets', () => listTargets(ctx));
  } catch (err) {
    // Why scope '*': without the account list nothing can be proven complete for any account.
    for (const type of types) yield errorEvent(type, '*', 'organizations:ListAccounts', err);
    return;
  }
  for (const t of targets) for (const scope of scopesOf(t.id)) for (const type of types) yield { kind: 'plan', type, scope };
  let done = 0;
  yield* fanOut(targets, ctx.config.concurrency ?? ctx.limits.concurrency, async function* (target) {
    let account: OpenAccount | undefined;
    try {
      account = await once(ctx, `aws:account:${target.id}`, () => openAccount(ctx, target));
    } catch (err) {
      // Said once per account: every AWS collector of the run meets the same failed opening.
      if (firstTime(ctx, `aws:warned:${target.id}`)) ctx.log.warn('aws account could not be opened', { account: target.id, error: (err as Error).message });
      for (const scope of scopesOf(target.id))
        for (const type of types) yield errorEvent(type, scope, target.roleArn ? 'sts:AssumeRole' : 'sts:GetCallerIdentity', err);
    }
    if (account) yield* work(account);
    ctx.stats.progress(++done, targets.length, 'aws accounts');
  });
}

/** True the first time a run asks about `key` (kept in the run's shared map). */
function firstTime(ctx: CollectContext<unknown>, key: string): boolean {
  if (ctx.shared.has(key)) return false;
  ctx.shared.set(key, true);
  return true;
}
